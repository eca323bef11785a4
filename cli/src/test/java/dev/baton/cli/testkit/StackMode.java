package dev.baton.cli.testkit;

import java.util.Locale;

/** How the testkit runs the stack. */
public enum StackMode {
  /** Choose by the {@value #PROPERTY} system property; {@link #EMBEDDED} when it is unset. */
  FROM_PROPERTY,
  /** The embedded stack: in-process Kafka, Redis and Apicurio Registry child processes. */
  EMBEDDED,
  /** Docker images through Testcontainers; tests are skipped where no Docker engine runs. */
  TESTCONTAINERS;

  /** The system property that selects the mode: {@code embedded} or {@code testcontainers}. */
  public static final String PROPERTY = "baton.testkit";

  /** This mode, with {@link #FROM_PROPERTY} resolved. */
  public StackMode resolve() {
    if (this != FROM_PROPERTY) {
      return this;
    }
    String value = System.getProperty(PROPERTY, "embedded").trim().toUpperCase(Locale.ROOT);
    try {
      StackMode mode = valueOf(value);
      if (mode != FROM_PROPERTY) {
        return mode;
      }
    } catch (IllegalArgumentException e) {
      // Reported below.
    }
    throw new IllegalArgumentException(
        "Invalid value '"
            + System.getProperty(PROPERTY)
            + "' for setting '"
            + PROPERTY
            + "': expected embedded or testcontainers");
  }
}
