package dev.baton.coordinator.session;

/**
 * The limits the session model enforces. Immutable; build with {@link #builder()}.
 *
 * <pre>{@code
 * SessionLimits limits = SessionLimits.builder().queueCapacity(4).rememberedTurns(256).build();
 * }</pre>
 */
public final class SessionLimits {

  /** Default of {@link #queueCapacity()}. */
  public static final int DEFAULT_QUEUE_CAPACITY = 16;

  /** Default of {@link #rememberedTurns()}. */
  public static final int DEFAULT_REMEMBERED_TURNS = 128;

  /** Default of {@link #contextMessages()}. */
  public static final int DEFAULT_CONTEXT_MESSAGES = 50;

  /** Default of {@link #maxStepAttempts()}. */
  public static final int DEFAULT_MAX_STEP_ATTEMPTS = 3;

  /** Default of {@link #maxInputChars()}. */
  public static final int DEFAULT_MAX_INPUT_CHARS = 100_000;

  /** The longest turn id accepted; turn ids end up in Kafka keys and Redis lock keys. */
  public static final int MAX_TURN_ID_CHARS = 256;

  private static final SessionLimits DEFAULTS = builder().build();

  private final int queueCapacity;
  private final int rememberedTurns;
  private final int contextMessages;
  private final int maxStepAttempts;
  private final int maxInputChars;

  private SessionLimits(Builder builder) {
    this.queueCapacity = builder.queueCapacity;
    this.rememberedTurns = builder.rememberedTurns;
    this.contextMessages = builder.contextMessages;
    this.maxStepAttempts = builder.maxStepAttempts;
    this.maxInputChars = builder.maxInputChars;
  }

  /** The default limits. */
  public static SessionLimits defaults() {
    return DEFAULTS;
  }

  /** A builder that starts from the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** How many turns may wait behind the active turn; {@code 0} makes every enqueue a rejection. */
  public int queueCapacity() {
    return queueCapacity;
  }

  /**
   * How many finished turns the session remembers for de-duplication, besides its active and queued
   * turns. A turn id that has left this window is treated as new.
   */
  public int rememberedTurns() {
    return rememberedTurns;
  }

  /**
   * How many of the latest history messages an {@code AgentStep} carries; the messages of the
   * current turn are always included.
   */
  public int contextMessages() {
    return contextMessages;
  }

  /** How often a step may be attempted before its turn fails. */
  public int maxStepAttempts() {
    return maxStepAttempts;
  }

  /** The longest accepted input of a turn, in characters. */
  public int maxInputChars() {
    return maxInputChars;
  }

  @Override
  public String toString() {
    return "SessionLimits[queueCapacity="
        + queueCapacity
        + ", rememberedTurns="
        + rememberedTurns
        + ", contextMessages="
        + contextMessages
        + ", maxStepAttempts="
        + maxStepAttempts
        + ", maxInputChars="
        + maxInputChars
        + "]";
  }

  /** Builds {@link SessionLimits}; each setter checks its value. */
  public static final class Builder {
    private int queueCapacity = DEFAULT_QUEUE_CAPACITY;
    private int rememberedTurns = DEFAULT_REMEMBERED_TURNS;
    private int contextMessages = DEFAULT_CONTEXT_MESSAGES;
    private int maxStepAttempts = DEFAULT_MAX_STEP_ATTEMPTS;
    private int maxInputChars = DEFAULT_MAX_INPUT_CHARS;

    private Builder() {}

    /** See {@link SessionLimits#queueCapacity()}; at least 0. */
    public Builder queueCapacity(int queueCapacity) {
      this.queueCapacity = atLeast("queueCapacity", queueCapacity, 0);
      return this;
    }

    /** See {@link SessionLimits#rememberedTurns()}; at least 0. */
    public Builder rememberedTurns(int rememberedTurns) {
      this.rememberedTurns = atLeast("rememberedTurns", rememberedTurns, 0);
      return this;
    }

    /** See {@link SessionLimits#contextMessages()}; at least 1. */
    public Builder contextMessages(int contextMessages) {
      this.contextMessages = atLeast("contextMessages", contextMessages, 1);
      return this;
    }

    /** See {@link SessionLimits#maxStepAttempts()}; at least 1. */
    public Builder maxStepAttempts(int maxStepAttempts) {
      this.maxStepAttempts = atLeast("maxStepAttempts", maxStepAttempts, 1);
      return this;
    }

    /** See {@link SessionLimits#maxInputChars()}; at least 1. */
    public Builder maxInputChars(int maxInputChars) {
      this.maxInputChars = atLeast("maxInputChars", maxInputChars, 1);
      return this;
    }

    /** The limits. */
    public SessionLimits build() {
      return new SessionLimits(this);
    }

    private static int atLeast(String name, int value, int min) {
      if (value < min) {
        throw new IllegalArgumentException(name + " must be at least " + min + ", got " + value);
      }
      return value;
    }
  }
}
