package dev.baton.coordinator.session;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The limits the session model enforces. Immutable; build with {@link #builder()}.
 *
 * <pre>{@code
 * SessionLimits limits =
 *     SessionLimits.builder().queueCapacity(4).turnIdWindow(Duration.ofHours(1)).build();
 * }</pre>
 */
public final class SessionLimits {

  /** Default of {@link #queueCapacity()}. */
  public static final int DEFAULT_QUEUE_CAPACITY = 16;

  /** Default of {@link #rememberedTurns()}. */
  public static final int DEFAULT_REMEMBERED_TURNS = 1000;

  /** Default of {@link #rememberedTurnBytes()}: 128 KiB. */
  public static final int DEFAULT_REMEMBERED_TURN_BYTES = 128 * 1024;

  /** Default of {@link #turnIdWindow()}: 24 hours. */
  public static final Duration DEFAULT_TURN_ID_WINDOW = Duration.ofHours(24);

  /** Default of {@link #contextMessages()}. */
  public static final int DEFAULT_CONTEXT_MESSAGES = 50;

  /** Default of {@link #maxStepAttempts()}. */
  public static final int DEFAULT_MAX_STEP_ATTEMPTS = 3;

  /** Default of {@link #maxInputBytes()}: 256 KiB. */
  public static final int DEFAULT_MAX_INPUT_BYTES = 256 * 1024;

  /** Default of {@link #maxStepsPerTurn()}. */
  public static final int DEFAULT_MAX_STEPS_PER_TURN = 32;

  /** Default of {@link #maxCallsPerStep()}. */
  public static final int DEFAULT_MAX_CALLS_PER_STEP = 64;

  /** Default of {@link #turnDeadline()}. */
  public static final Duration DEFAULT_TURN_DEADLINE = Duration.ofMinutes(10);

  /** The longest turn id accepted; turn ids end up in Kafka keys and Redis lock keys. */
  public static final int MAX_TURN_ID_CHARS = 256;

  /**
   * The most a submit's metadata may hold: the UTF-8 bytes of its keys and values together. It goes
   * into the session's state with its turn and out with each of the turn's agent steps.
   */
  public static final int MAX_METADATA_BYTES = 4096;

  /** Default of {@link #lease()}. */
  public static final Duration DEFAULT_LEASE = Duration.ofSeconds(60);

  private static final SessionLimits DEFAULTS = builder().build();

  private final int queueCapacity;
  private final int rememberedTurns;
  private final int rememberedTurnBytes;
  private final int contextMessages;
  private final int maxStepAttempts;
  private final int maxInputBytes;
  private final int maxStepsPerTurn;
  private final int maxCallsPerStep;
  private final Duration turnDeadline;
  private final Duration lease;
  private final Optional<Duration> idleTimeToLive;
  private final Duration turnIdWindow;
  private final PayloadLimits payloads;

  private SessionLimits(Builder builder) {
    this.queueCapacity = builder.queueCapacity;
    this.rememberedTurns = builder.rememberedTurns;
    this.rememberedTurnBytes = builder.rememberedTurnBytes;
    this.contextMessages = builder.contextMessages;
    this.maxStepAttempts = builder.maxStepAttempts;
    this.maxInputBytes = builder.maxInputBytes;
    this.maxStepsPerTurn = builder.maxStepsPerTurn;
    this.maxCallsPerStep = builder.maxCallsPerStep;
    this.turnDeadline = builder.turnDeadline;
    this.lease = builder.lease;
    this.idleTimeToLive = builder.idleTimeToLive;
    this.turnIdWindow = builder.turnIdWindow;
    this.payloads = builder.payloads;
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
   * The most finished turns a session remembers for de-duplication (besides its active and queued
   * turns), a bound on the state's size: if more than these ended within {@link #turnIdWindow()},
   * the oldest are forgotten before their window ends, and a submit of such a turn's id starts a
   * new turn.
   */
  public int rememberedTurns() {
    return rememberedTurns;
  }

  /**
   * The most bytes of finished turns a session remembers, each counted as {@link
   * FinishedTurn#rememberedBytes()} (its id's UTF-8 bytes and a fixed part), a bound on the state's
   * size whatever the turn ids: beyond it the oldest are forgotten as beyond {@link
   * #rememberedTurns()}. It bounds what the coordinator stores and reads for a session of long turn
   * ids, which would otherwise hold up to {@link #rememberedTurns()} times 830 bytes of them.
   */
  public int rememberedTurnBytes() {
    return rememberedTurnBytes;
  }

  /**
   * How long a session remembers a finished turn's id and input digest from the turn's end: a
   * submit of the id within this time is answered with the turn's status ({@code
   * DuplicateTurnSubmitted}) if its input is the same, and refused ({@link
   * RejectionCode#TURN_ID_REUSED}) if it is another; after it, the id is new. Active and queued
   * turns are always remembered. At most {@link #rememberedTurns()} finished turns are remembered,
   * and at most {@link #rememberedTurnBytes()} of them.
   */
  public Duration turnIdWindow() {
    return turnIdWindow;
  }

  /** Which finished turns a turn's end at {@code now} leaves remembered. */
  Remembering remembering(Instant now) {
    return new Remembering(turnIdsRememberedSince(now), rememberedTurns, rememberedTurnBytes);
  }

  /** The earliest end of a finished turn that is still remembered at {@code now}. */
  Instant turnIdsRememberedSince(Instant now) {
    boolean beforeTime = turnIdWindow.compareTo(Duration.between(Instant.MIN, now)) >= 0;
    return beforeTime ? Instant.MIN : now.minus(turnIdWindow);
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

  /** The largest accepted input of a turn, in UTF-8 bytes. */
  public int maxInputBytes() {
    return maxInputBytes;
  }

  /**
   * What is wrong with a submit of {@code input} as turn {@code turnId}, if anything: a blank or
   * overlong turn id, a blank input, or an input over {@link #maxInputBytes()}. The session model
   * rejects such a submit with the problem's code and detail; an edge such as the HTTP API may ask
   * first, to refuse it before it is written.
   */
  public Optional<InputProblem> problemWith(String turnId, String input) {
    return problemWith(turnId, input, Map.of());
  }

  /**
   * What is wrong with a submit of {@code input} with {@code metadata} as turn {@code turnId}, if
   * anything: as {@link #problemWith(String, String)}, or metadata with an empty key or over {@link
   * #MAX_METADATA_BYTES}.
   */
  public Optional<InputProblem> problemWith(
      String turnId, String input, Map<String, String> metadata) {
    if (turnId.isBlank() || turnId.length() > MAX_TURN_ID_CHARS) {
      return Optional.of(
          new InputProblem(
              RejectionCode.INVALID_TURN_ID,
              "turnId must be 1 to " + MAX_TURN_ID_CHARS + " non-blank chars"));
    }
    if (input.isBlank()) {
      return Optional.of(new InputProblem(RejectionCode.EMPTY_INPUT, "input must not be blank"));
    }
    long bytes = Utf8.length(input);
    if (bytes > maxInputBytes) {
      return Optional.of(
          new InputProblem(
              RejectionCode.INPUT_TOO_LARGE,
              "input has " + bytes + " bytes (UTF-8), at most " + maxInputBytes));
    }
    return metadataProblem(metadata);
  }

  private static Optional<InputProblem> metadataProblem(Map<String, String> metadata) {
    long bytes = 0;
    for (Map.Entry<String, String> entry : metadata.entrySet()) {
      if (entry.getKey().isEmpty()) {
        return Optional.of(
            new InputProblem(RejectionCode.INVALID_METADATA, "metadata keys must not be empty"));
      }
      bytes += Utf8.length(entry.getKey()) + Utf8.length(entry.getValue());
    }
    if (bytes > MAX_METADATA_BYTES) {
      return Optional.of(
          new InputProblem(
              RejectionCode.INVALID_METADATA,
              "metadata has "
                  + bytes
                  + " bytes of keys and values (UTF-8), at most "
                  + MAX_METADATA_BYTES));
    }
    return Optional.empty();
  }

  /**
   * How many agent steps a turn may take; a step that asks for tool calls when the turn has no step
   * left fails the turn with {@code LIMIT_STEPS_PER_TURN}.
   */
  public int maxStepsPerTurn() {
    return maxStepsPerTurn;
  }

  /**
   * How many tool calls one step may ask for; more fail the turn with {@code LIMIT_CALLS_PER_STEP}.
   */
  public int maxCallsPerStep() {
    return maxCallsPerStep;
  }

  /**
   * How long a turn may run from its start unless its submit asks for another time; a turn still
   * running after it fails with {@code LIMIT_TURN_DEADLINE} at the session's next decision.
   */
  public Duration turnDeadline() {
    return turnDeadline;
  }

  /**
   * How long the fleet holds a turn's work without a word: an assignment carries it, a worker
   * renews it while a handler runs, and when neither a result nor a renewal of the turn's current
   * work came within it, the work is presumed lost. An agent step is then assigned again (attempt +
   * 1, up to {@link #maxStepAttempts()}), and tool calls without a result are dispatched again.
   */
  public Duration lease() {
    return lease;
  }

  /**
   * How long a session may stay idle (no active or queued turn, no input) before it expires: its
   * state and history are deleted. Empty (the default) means sessions never expire.
   */
  public Optional<Duration> idleTimeToLive() {
    return idleTimeToLive;
  }

  /** The byte limits on what workers send back: tool calls, answers, tool results. */
  public PayloadLimits payloads() {
    return payloads;
  }

  @Override
  public String toString() {
    return "SessionLimits[queueCapacity="
        + queueCapacity
        + ", rememberedTurns="
        + rememberedTurns
        + ", rememberedTurnBytes="
        + rememberedTurnBytes
        + ", contextMessages="
        + contextMessages
        + ", maxStepAttempts="
        + maxStepAttempts
        + ", maxInputBytes="
        + maxInputBytes
        + ", maxStepsPerTurn="
        + maxStepsPerTurn
        + ", maxCallsPerStep="
        + maxCallsPerStep
        + ", turnDeadline="
        + turnDeadline
        + ", lease="
        + lease
        + ", idleTimeToLive="
        + idleTimeToLive
        + ", turnIdWindow="
        + turnIdWindow
        + ", payloads="
        + payloads
        + "]";
  }

  /** Builds {@link SessionLimits}; each setter checks its value. */
  public static final class Builder {
    private int queueCapacity = DEFAULT_QUEUE_CAPACITY;
    private int rememberedTurns = DEFAULT_REMEMBERED_TURNS;
    private int rememberedTurnBytes = DEFAULT_REMEMBERED_TURN_BYTES;
    private int contextMessages = DEFAULT_CONTEXT_MESSAGES;
    private int maxStepAttempts = DEFAULT_MAX_STEP_ATTEMPTS;
    private int maxInputBytes = DEFAULT_MAX_INPUT_BYTES;
    private int maxStepsPerTurn = DEFAULT_MAX_STEPS_PER_TURN;
    private int maxCallsPerStep = DEFAULT_MAX_CALLS_PER_STEP;
    private Duration turnDeadline = DEFAULT_TURN_DEADLINE;
    private Duration lease = DEFAULT_LEASE;
    private Optional<Duration> idleTimeToLive = Optional.empty();
    private Duration turnIdWindow = DEFAULT_TURN_ID_WINDOW;
    private PayloadLimits payloads = PayloadLimits.defaults();

    private Builder() {}

    /** See {@link SessionLimits#turnIdWindow()}; positive. */
    public Builder turnIdWindow(Duration turnIdWindow) {
      this.turnIdWindow = positive("turnIdWindow", turnIdWindow);
      return this;
    }

    /** See {@link SessionLimits#payloads()}. */
    public Builder payloads(PayloadLimits payloads) {
      this.payloads = Objects.requireNonNull(payloads, "payloads");
      return this;
    }

    /** See {@link SessionLimits#lease()}; positive. */
    public Builder lease(Duration lease) {
      this.lease = positive("lease", lease);
      return this;
    }

    /** See {@link SessionLimits#idleTimeToLive()}; positive, or empty for no expiry. */
    public Builder idleTimeToLive(Optional<Duration> idleTimeToLive) {
      Objects.requireNonNull(idleTimeToLive, "idleTimeToLive");
      this.idleTimeToLive = idleTimeToLive.map(ttl -> positive("idleTimeToLive", ttl));
      return this;
    }

    /** See {@link SessionLimits#maxStepsPerTurn()}; at least 1. */
    public Builder maxStepsPerTurn(int maxStepsPerTurn) {
      this.maxStepsPerTurn = atLeast("maxStepsPerTurn", maxStepsPerTurn, 1);
      return this;
    }

    /** See {@link SessionLimits#maxCallsPerStep()}; at least 1. */
    public Builder maxCallsPerStep(int maxCallsPerStep) {
      this.maxCallsPerStep = atLeast("maxCallsPerStep", maxCallsPerStep, 1);
      return this;
    }

    /** See {@link SessionLimits#turnDeadline()}; positive. */
    public Builder turnDeadline(Duration turnDeadline) {
      this.turnDeadline = positive("turnDeadline", turnDeadline);
      return this;
    }

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

    /** See {@link SessionLimits#rememberedTurnBytes()}; at least 0. */
    public Builder rememberedTurnBytes(int rememberedTurnBytes) {
      this.rememberedTurnBytes = atLeast("rememberedTurnBytes", rememberedTurnBytes, 0);
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

    /** See {@link SessionLimits#maxInputBytes()}; at least 1. */
    public Builder maxInputBytes(int maxInputBytes) {
      this.maxInputBytes = atLeast("maxInputBytes", maxInputBytes, 1);
      return this;
    }

    /** The limits. */
    public SessionLimits build() {
      return new SessionLimits(this);
    }

    private static Duration positive(String name, Duration value) {
      Objects.requireNonNull(value, name);
      if (value.isNegative() || value.isZero()) {
        throw new IllegalArgumentException(name + " must be positive, got " + value);
      }
      return value;
    }

    private static int atLeast(String name, int value, int min) {
      if (value < min) {
        throw new IllegalArgumentException(name + " must be at least " + min + ", got " + value);
      }
      return value;
    }
  }
}
