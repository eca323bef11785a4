package dev.baton.coordinator.topology.internal;

/**
 * Step and attempt numbers on the wire count from 0 (see {@code Assignment.avsc}); the session
 * model counts them from 1. Every conversion goes through here.
 */
final class StepNumbers {

  private StepNumbers() {}

  /** The wire number of a model step or attempt. */
  static int toWire(int modelNumber) {
    return modelNumber - 1;
  }

  /** The model number of a wire step or attempt. */
  static int toModel(int wireNumber) {
    return wireNumber + 1;
  }
}
