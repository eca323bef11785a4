package dev.baton.schemas;

/** A schema registry compatibility level, as the Confluent API names it. */
public enum Compatibility {
  /** No check. */
  NONE,
  /** A new schema can read data written with the latest one. Baton's policy. */
  BACKWARD,
  /** A new schema can read data written with every earlier one. */
  BACKWARD_TRANSITIVE,
  /** The latest schema can read data written with a new one. */
  FORWARD,
  /** Every earlier schema can read data written with a new one. */
  FORWARD_TRANSITIVE,
  /** Both BACKWARD and FORWARD. */
  FULL,
  /** Both BACKWARD_TRANSITIVE and FORWARD_TRANSITIVE. */
  FULL_TRANSITIVE
}
