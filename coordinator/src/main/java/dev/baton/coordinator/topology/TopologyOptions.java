package dev.baton.coordinator.topology;

import dev.baton.coordinator.session.ApprovalPolicy;
import dev.baton.coordinator.session.OperationClass;
import dev.baton.coordinator.session.OperationClassifier;
import dev.baton.coordinator.session.SessionLimits;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * How the coordinator's topology treats sessions and input records. Immutable; build with {@link
 * #builder()}.
 *
 * <pre>{@code
 * TopologyOptions options = TopologyOptions.builder()
 *     .limits(SessionLimits.builder().queueCapacity(4).build())
 *     .maxRecordBytes(512 * 1024)
 *     .operationClasses(Map.of("get_and_increment", OperationClass.WRITE))
 *     .build();
 * }</pre>
 */
public final class TopologyOptions {

  /** Default of {@link #maxRecordBytes()}: 1 MiB, Kafka's default maximum message size. */
  public static final int DEFAULT_MAX_RECORD_BYTES = 1024 * 1024;

  /**
   * The bytes a record that carries one payload (an input, a tool call, an answer, a tool result)
   * needs besides it: its event's ids, timestamps and Avro framing, and the 1 KiB the byte budget
   * keeps for the record's key, headers and batch framing. The {@code baton} commands refuse a
   * payload limit over {@link #maxRecordBytes()} less this ({@link #maxPayloadBytes(int)}); the
   * builder does not, so that an application may choose a small record limit and let the byte
   * budget fail the turns whose records would not fit.
   */
  public static final int ENVELOPE_BYTES = 16 * 1024;

  /** Default of {@link #contextBytes()}: 256 KiB. */
  public static final int DEFAULT_CONTEXT_BYTES = 256 * 1024;

  /** Default of {@link #eventsPerSession()}. */
  public static final int DEFAULT_EVENTS_PER_SESSION = 1000;

  /** Default of {@link #timerInterval()}. */
  public static final Duration DEFAULT_TIMER_INTERVAL = Duration.ofMillis(500);

  /**
   * Default of {@link #idleCommit()} under exactly-once: 1 ms. Under at-least-once a commit makes
   * nothing visible, and there is no idle commit by default.
   */
  public static final Duration DEFAULT_EXACTLY_ONCE_IDLE_COMMIT = Duration.ofMillis(1);

  private static final TopologyOptions DEFAULTS = builder().build();

  private final SessionLimits limits;
  private final int maxRecordBytes;
  private final int contextBytes;
  private final Duration timerInterval;
  private final Optional<Duration> idleCommit;
  private final boolean idleCommitChosen;
  private final int eventsPerSession;
  private final OperationClassifier classifier;
  private final ApprovalPolicy approvals;

  private TopologyOptions(Builder builder) {
    this.limits = builder.limits;
    this.maxRecordBytes = builder.maxRecordBytes;
    this.contextBytes = builder.contextBytes;
    this.timerInterval = builder.timerInterval;
    this.idleCommit = builder.idleCommit;
    this.idleCommitChosen = builder.idleCommitChosen;
    this.eventsPerSession = builder.eventsPerSession;
    this.classifier = OperationClassifier.of(builder.operationClasses);
    this.approvals = builder.approvals;
  }

  /** The default options. */
  public static TopologyOptions defaults() {
    return DEFAULTS;
  }

  /** A builder that starts from the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder that starts from these options. */
  public Builder toBuilder() {
    Builder builder = new Builder();
    builder.limits = limits;
    builder.maxRecordBytes = maxRecordBytes;
    builder.contextBytes = contextBytes;
    builder.timerInterval = timerInterval;
    builder.idleCommit = idleCommit;
    builder.idleCommitChosen = idleCommitChosen;
    builder.eventsPerSession = eventsPerSession;
    builder.operationClasses = classifier.configured();
    builder.approvals = approvals;
    return builder;
  }

  /** The limits of the session model. */
  public SessionLimits limits() {
    return limits;
  }

  /**
   * The largest record the broker accepts, in bytes: the smaller of the topics' {@code
   * max.message.bytes} and the producers' {@code max.request.size} (both 1 MiB by default). An
   * input record value larger than this is rejected ({@code OVERSIZE}) before it is decoded; a
   * decision that would write a record larger than this, less 1 KiB for its key, headers and
   * framing, fails its turn instead ({@code LIMIT_RECORD_SIZE}, see {@code docs/state-machine.md}).
   */
  public int maxRecordBytes() {
    return maxRecordBytes;
  }

  /**
   * The largest payload limit that fits in a record of {@code maxRecordBytes}: that less {@link
   * #ENVELOPE_BYTES}, or 0 if nothing fits.
   */
  public static int maxPayloadBytes(int maxRecordBytes) {
    return Math.max(0, maxRecordBytes - ENVELOPE_BYTES);
  }

  /** The rule of {@link #maxPayloadBytes(int)} in words, for error messages. */
  public static String payloadRule(int maxRecordBytes) {
    return "a payload limit must be at most the record limit less "
        + ENVELOPE_BYTES
        + " bytes for the record's envelope, here "
        + maxPayloadBytes(maxRecordBytes);
  }

  /**
   * The byte budget of an {@code AgentStep}'s context: older history messages are left out once the
   * context's message text reaches it. The messages of the current turn are always included.
   */
  public int contextBytes() {
    return contextBytes;
  }

  /** The lease an assignment is issued with: {@link SessionLimits#lease()}. */
  public Duration lease() {
    return limits.lease();
  }

  /**
   * The grid of the wall-clock checks for due timers (deadlines, leases, idle sessions): a timer is
   * checked at the first multiple of this interval after it is due, so it fires at most this late.
   */
  public Duration timerInterval() {
    return timerInterval;
  }

  /**
   * How long a task's input must stay quiet, after it processed records, before it asks Kafka
   * Streams to commit now rather than at the end of {@code commit.interval.ms}; empty to commit
   * only at the interval. Under exactly-once a decision becomes visible when its transaction
   * commits, so this lets a lone turn's outputs out a millisecond or two after its last record,
   * while a busy thread, whose input never goes quiet, still commits only once per interval (each
   * commit costs a transaction marker on every partition it wrote). Unless the builder sets it, the
   * coordinator chooses by its processing mode ({@link #withIdleCommitDefault}): {@link
   * #DEFAULT_EXACTLY_ONCE_IDLE_COMMIT} under exactly-once, none under at-least-once, where it would
   * only add commits; before that choice it is empty. With the 20 ms commit interval and two stream
   * threads it brought the sequential exactly-once p50 from about 18 to 10 ms and the throughput at
   * 1000x20 up 1.4x, against a 5 ms interval without it (docs/benchmarks.md, "Commit interval, idle
   * commits and stream threads with the broker's 1 ms retry").
   */
  public Optional<Duration> idleCommit() {
    return idleCommit;
  }

  /**
   * These options with the idle commit {@code processingMode} calls for, unless the builder set
   * one: {@link #DEFAULT_EXACTLY_ONCE_IDLE_COMMIT} under exactly-once, none under at-least-once.
   * The coordinator's configuration applies it.
   */
  public TopologyOptions withIdleCommitDefault(ProcessingMode processingMode) {
    if (idleCommitChosen) {
      return this;
    }
    return toBuilder()
        .idleCommit(
            processingMode == ProcessingMode.EXACTLY_ONCE
                ? DEFAULT_EXACTLY_ONCE_IDLE_COMMIT
                : Duration.ZERO)
        .build();
  }

  /**
   * How many of each session's latest events the {@link CoordinatorStores#EVENTS} store keeps; the
   * topic keeps them all.
   */
  public int eventsPerSession() {
    return eventsPerSession;
  }

  /**
   * The classifier of tool calls, built from {@link Builder#operationClasses}: configured classes
   * by tool name first, then the worker's declaration, then the name prefix, else {@code WRITE}.
   */
  public OperationClassifier classifier() {
    return classifier;
  }

  /**
   * Which tool calls wait for a person's approval, for how long, and what their deadline does.
   * {@link ApprovalPolicy#DEFAULTS} by default: only the tools a worker declares, denied after five
   * minutes.
   */
  public ApprovalPolicy approvals() {
    return approvals;
  }

  @Override
  public String toString() {
    return "TopologyOptions[limits="
        + limits
        + ", maxRecordBytes="
        + maxRecordBytes
        + ", contextBytes="
        + contextBytes
        + ", timerInterval="
        + timerInterval
        + ", idleCommit="
        + idleCommit
        + ", eventsPerSession="
        + eventsPerSession
        + ", operationClasses="
        + classifier.configured()
        + ", approvals="
        + approvals
        + "]";
  }

  /** Builds {@link TopologyOptions}; each setter checks its value. */
  public static final class Builder {
    private SessionLimits limits = SessionLimits.defaults();
    private int maxRecordBytes = DEFAULT_MAX_RECORD_BYTES;
    private int contextBytes = DEFAULT_CONTEXT_BYTES;
    private Duration timerInterval = DEFAULT_TIMER_INTERVAL;
    private Optional<Duration> idleCommit = Optional.empty();
    private boolean idleCommitChosen;
    private int eventsPerSession = DEFAULT_EVENTS_PER_SESSION;
    private Map<String, OperationClass> operationClasses = Map.of();
    private ApprovalPolicy approvals = ApprovalPolicy.DEFAULTS;

    private Builder() {}

    /** See {@link TopologyOptions#approvals()}. */
    public Builder approvals(ApprovalPolicy approvals) {
      this.approvals = Objects.requireNonNull(approvals, "approvals");
      return this;
    }

    /**
     * The operation class of tools by name; overrides the worker's declaration and the name prefix.
     * Empty by default.
     */
    public Builder operationClasses(Map<String, OperationClass> operationClasses) {
      Objects.requireNonNull(operationClasses, "operationClasses");
      operationClasses.forEach(
          (name, operationClass) -> {
            if (name == null || name.isBlank() || operationClass == null) {
              throw new IllegalArgumentException(
                  "operationClasses must map non-blank tool names to a class, got "
                      + operationClasses);
            }
          });
      this.operationClasses = Map.copyOf(operationClasses);
      return this;
    }

    /** See {@link TopologyOptions#limits()}. */
    public Builder limits(SessionLimits limits) {
      this.limits = Objects.requireNonNull(limits, "limits");
      return this;
    }

    /** See {@link TopologyOptions#maxRecordBytes()}; at least 1. */
    public Builder maxRecordBytes(int maxRecordBytes) {
      this.maxRecordBytes = atLeastOne("maxRecordBytes", maxRecordBytes);
      return this;
    }

    /** See {@link TopologyOptions#contextBytes()}; at least 1. */
    public Builder contextBytes(int contextBytes) {
      this.contextBytes = atLeastOne("contextBytes", contextBytes);
      return this;
    }

    /** See {@link TopologyOptions#timerInterval()}; positive. */
    public Builder timerInterval(Duration timerInterval) {
      Objects.requireNonNull(timerInterval, "timerInterval");
      if (timerInterval.isNegative() || timerInterval.isZero()) {
        throw new IllegalArgumentException("timerInterval must be positive, got " + timerInterval);
      }
      this.timerInterval = timerInterval;
      return this;
    }

    /**
     * See {@link TopologyOptions#idleCommit()}; positive, or zero for none. Unset, the coordinator
     * chooses by its processing mode.
     */
    public Builder idleCommit(Duration idleCommit) {
      Objects.requireNonNull(idleCommit, "idleCommit");
      if (idleCommit.isNegative()) {
        throw new IllegalArgumentException(
            "idleCommit must be zero or positive, got " + idleCommit);
      }
      this.idleCommit = idleCommit.isZero() ? Optional.empty() : Optional.of(idleCommit);
      this.idleCommitChosen = true;
      return this;
    }

    /** See {@link TopologyOptions#eventsPerSession()}; at least 1. */
    public Builder eventsPerSession(int eventsPerSession) {
      this.eventsPerSession = atLeastOne("eventsPerSession", eventsPerSession);
      return this;
    }

    /** The options. */
    public TopologyOptions build() {
      return new TopologyOptions(this);
    }

    private static int atLeastOne(String name, int value) {
      if (value < 1) {
        throw new IllegalArgumentException(name + " must be at least 1, got " + value);
      }
      return value;
    }
  }
}
