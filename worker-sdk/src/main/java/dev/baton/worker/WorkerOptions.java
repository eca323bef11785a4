package dev.baton.worker;

import dev.baton.schemas.KafkaConnection;
import dev.baton.schemas.Redaction;
import dev.baton.schemas.SchemaRegistryClient;
import dev.baton.schemas.SchemaRegistryOptions;
import dev.baton.schemas.TopicLayout;
import dev.baton.worker.lock.LockOptions;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * How a {@link Worker} connects and how much it runs at once. Immutable; built with {@link
 * #builder()}, or through {@link Worker#builder()} which has the same setters.
 *
 * <pre>{@code
 * WorkerOptions options = WorkerOptions.builder()
 *     .kafka("localhost:9092")
 *     .schemaRegistry("http://localhost:8080/apis/ccompat/v7")
 *     .maxInFlight(64)
 *     .build();
 * }</pre>
 *
 * <p>Against a secured Kafka and registry, {@code kafka(KafkaConnection)} gives the bootstrap
 * servers with the client configs (TLS, SASL) and {@code schemaRegistry(SchemaRegistryOptions)} the
 * registry's credentials.
 */
public final class WorkerOptions {

  /** The default share group, which every worker of a fleet joins. */
  public static final String DEFAULT_SHARE_GROUP = "baton-workers";

  /** The default topic name prefix. */
  public static final String DEFAULT_TOPIC_PREFIX = TopicLayout.DEFAULT_PREFIX;

  /** The default bound on steps that run at once in one worker. */
  public static final int DEFAULT_MAX_IN_FLIGHT = 16;

  /** The largest {@code maxInFlight} allowed. */
  public static final int MAX_IN_FLIGHT_LIMIT = 10_000;

  /**
   * The default longest wait of a poll thread for an assignment in flight to settle before it looks
   * again for a stop.
   */
  public static final Duration DEFAULT_POLL_TIMEOUT = Duration.ofMillis(500);

  /** The default longest wait to close a Kafka client. */
  public static final Duration DEFAULT_CLOSE_TIMEOUT = Duration.ofSeconds(10);

  /**
   * The shortest automatic lease renewal interval: a lease is renewed every third of the shorter of
   * the assignment's {@code leaseMs} and the share group's acquisition lock, but not more often
   * than this.
   */
  public static final Duration MIN_LEASE_RENEW_INTERVAL = Duration.ofSeconds(1);

  /** The shortest lease renewal interval that {@link Builder#leaseRenewInterval} accepts. */
  public static final Duration SHORTEST_LEASE_RENEW_INTERVAL = Duration.ofMillis(100);

  /**
   * The default delivery limit, equal to the broker's default {@code
   * group.share.delivery.count.limit}.
   */
  public static final int DEFAULT_DELIVERY_LIMIT = 5;

  /** The largest delivery limit allowed. */
  public static final int MAX_DELIVERY_LIMIT = 100;

  /**
   * The default time a handler of a stopped turn has to return after its {@code isCancelled()}
   * turned true, before its thread is interrupted.
   */
  public static final Duration DEFAULT_CANCEL_GRACE = Duration.ofSeconds(5);

  /** The longest cancel grace allowed. */
  public static final Duration MAX_CANCEL_GRACE = Duration.ofHours(1);

  /**
   * The default delta linger: how long a step's emitted text may wait to be sent with the text
   * emitted after it, so that a handler that emits every token writes a record per 20 ms rather
   * than per token.
   */
  public static final Duration DEFAULT_DELTA_LINGER = Duration.ofMillis(20);

  /** The longest delta linger allowed. */
  public static final Duration MAX_DELTA_LINGER = Duration.ofSeconds(10);

  /**
   * The default hand-off delay: a running assignment is handed over to its lease once it has been
   * delivered for a second, so that a long step holds back none of its share consumer's other work
   * for longer than that.
   */
  public static final Duration DEFAULT_HAND_OFF_AFTER = Duration.ofSeconds(1);

  /** Whether the worker registers its schemas by default (no: the coordinator does). */
  public static final boolean DEFAULT_REGISTER_SCHEMAS = false;

  /**
   * Kafka configs the SDK sets itself, because acknowledgement, the in-flight bound and the
   * results' durability depend on them; {@link Builder#kafkaProperty} rejects them. They are those
   * every Baton process keeps for itself, {@link KafkaConnection#RESERVED_PROPERTIES}.
   */
  public static final Set<String> RESERVED_KAFKA_PROPERTIES = KafkaConnection.RESERVED_PROPERTIES;

  private final String bootstrapServers;
  private final Optional<SchemaRegistryOptions> schemaRegistryOptions;
  private final Optional<SchemaRegistryClient> schemaRegistryClient;
  private final String workerId;
  private final String shareGroup;
  private final String topicPrefix;
  private final int maxInFlight;
  private final int pollers;
  private final Duration pollTimeout;
  private final Duration closeTimeout;
  private final boolean registerSchemas;
  private final Map<String, String> kafkaProperties;
  private final Optional<String> redisUri;
  private final Optional<String> coordinatorUrl;
  private final LockOptions lockOptions;
  private final Optional<Duration> leaseRenewInterval;
  private final int deliveryLimit;
  private final Duration cancelGrace;
  private final Optional<Duration> handOffAfter;
  private final Duration deltaLinger;
  private final MeterRegistry meterRegistry;
  private final OpenTelemetry openTelemetry;

  private WorkerOptions(AbstractBuilder<?> b, int pollers) {
    this.bootstrapServers = b.bootstrapServers;
    this.schemaRegistryOptions = Optional.ofNullable(b.schemaRegistryOptions);
    this.schemaRegistryClient = Optional.ofNullable(b.schemaRegistryClient);
    this.workerId = b.workerId != null ? b.workerId : generatedWorkerId();
    this.shareGroup = b.shareGroup;
    this.topicPrefix = b.topicPrefix;
    this.maxInFlight = b.maxInFlight;
    this.pollers = pollers;
    this.pollTimeout = b.pollTimeout;
    this.closeTimeout = b.closeTimeout;
    this.registerSchemas = b.registerSchemas;
    this.kafkaProperties = Map.copyOf(b.kafkaProperties);
    this.redisUri = Optional.ofNullable(b.redisUri);
    this.coordinatorUrl = Optional.ofNullable(b.coordinatorUrl);
    this.lockOptions = b.lockOptions;
    this.leaseRenewInterval = Optional.ofNullable(b.leaseRenewInterval);
    this.deliveryLimit = b.deliveryLimit;
    this.cancelGrace = b.cancelGrace;
    this.handOffAfter = Optional.ofNullable(b.handOffAfter);
    this.deltaLinger = b.deltaLinger;
    this.meterRegistry = b.meterRegistry != null ? b.meterRegistry : new CompositeMeterRegistry();
    this.openTelemetry = b.openTelemetry != null ? b.openTelemetry : OpenTelemetry.noop();
  }

  /** Returns a builder with the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** Kafka's {@code bootstrap.servers}. */
  public String bootstrapServers() {
    return bootstrapServers;
  }

  /**
   * The schema registry's URL, without credentials, unless a client was given instead; see {@link
   * #schemaRegistryOptions()}.
   */
  public Optional<String> schemaRegistryUrl() {
    return schemaRegistryOptions.map(registry -> registry.baseUrl().toString());
  }

  /** How to reach the schema registry, credentials included, unless a client was given instead. */
  public Optional<SchemaRegistryOptions> schemaRegistryOptions() {
    return schemaRegistryOptions;
  }

  /** The schema registry client given instead of a URL; the worker does not close it. */
  public Optional<SchemaRegistryClient> schemaRegistryClient() {
    return schemaRegistryClient;
  }

  /** This worker's id, written into every result; generated unless set. */
  public String workerId() {
    return workerId;
  }

  /** The share group the worker consumes assignments in. */
  public String shareGroup() {
    return shareGroup;
  }

  /** The topic name prefix, such as {@code baton.}. */
  public String topicPrefix() {
    return topicPrefix;
  }

  /** The most steps that run at once in this worker. */
  public int maxInFlight() {
    return maxInFlight;
  }

  /** How many share consumers (each with its own poll thread) share {@link #maxInFlight()}. */
  public int pollers() {
    return pollers;
  }

  /**
   * The longest wait of a poll thread for an assignment in flight to settle before it looks again
   * for a stop. A poll for new assignments does not time out: it returns when some arrive, and is
   * woken when its consumer stops fetching or the worker stops.
   */
  public Duration pollTimeout() {
    return pollTimeout;
  }

  /** The longest wait to close a Kafka client. */
  public Duration closeTimeout() {
    return closeTimeout;
  }

  /** Whether the worker registers the schemas it writes, rather than only looking them up. */
  public boolean registerSchemas() {
    return registerSchemas;
  }

  /** Extra Kafka client configs, such as security settings, for the consumers and the producer. */
  public Map<String, String> kafkaProperties() {
    return kafkaProperties;
  }

  /** The Redis URI of the turn lock, which tool calls need; empty if the worker runs no tools. */
  public Optional<String> redisUri() {
    return redisUri;
  }

  /**
   * The base URL of a coordinator's HTTP API, from which {@link Step#wholeText} reads the whole
   * text of a message that a step's context has cut; empty if not set.
   */
  public Optional<String> coordinatorUrl() {
    return coordinatorUrl;
  }

  /** How the turn lock waits, holds and renews; {@link LockOptions#defaults()} unless set. */
  public LockOptions lockOptions() {
    return lockOptions;
  }

  /**
   * How often a running handler's lease is renewed; empty (the default) for the automatic interval,
   * a third of the shorter of the assignment's {@code leaseMs} and the share group's acquisition
   * lock, at least {@link #MIN_LEASE_RENEW_INTERVAL}.
   */
  public Optional<Duration> leaseRenewInterval() {
    return leaseRenewInterval;
  }

  /**
   * The delivery at which a retryable handler failure is final: reported as a poison record and
   * rejected rather than released; a record delivered more often is not run.
   */
  public int deliveryLimit() {
    return deliveryLimit;
  }

  /**
   * How long a handler of a stopped turn has, once its {@code isCancelled()} turned true, to return
   * before the worker interrupts its thread.
   */
  public Duration cancelGrace() {
    return cancelGrace;
  }

  /**
   * How long after its delivery a running step is handed over to its lease (accepted at the share
   * group while its handler runs, so that its share consumer can take new assignments), {@link
   * #DEFAULT_HAND_OFF_AFTER} by default; empty to never hand one over. See {@link
   * Builder#handOffAfter}.
   */
  public Optional<Duration> handOffAfter() {
    return handOffAfter;
  }

  /**
   * How long text a step emits may wait to be sent with the text emitted after it; zero sends each
   * emit at once. See {@link Builder#deltaLinger}.
   */
  public Duration deltaLinger() {
    return deltaLinger;
  }

  /**
   * Where the worker records its meters; unless set, a registry that records nothing. See {@link
   * Builder#meterRegistry}.
   */
  public MeterRegistry meterRegistry() {
    return meterRegistry;
  }

  /**
   * Where the worker's spans go: {@link OpenTelemetry#noop()} (nothing) unless set with {@link
   * Builder#openTelemetry}.
   */
  public OpenTelemetry openTelemetry() {
    return openTelemetry;
  }

  /** The names of Baton's topics under {@link #topicPrefix()}. */
  public TopicLayout topicLayout() {
    return TopicLayout.of(
        topicPrefix, TopicLayout.DEFAULT_APPLICATION_ID, TopicLayout.DEFAULT_PARTITIONS);
  }

  private static String generatedWorkerId() {
    return "worker-" + UUID.randomUUID().toString().substring(0, 8);
  }

  /** Builds {@link WorkerOptions}. */
  public static final class Builder extends AbstractBuilder<Builder> {

    private Builder() {}

    /** Returns the options. */
    public WorkerOptions build() {
      return buildOptions();
    }
  }

  /**
   * The setters of {@link Builder} and {@link Worker.Builder}.
   *
   * @param <B> the concrete builder, returned by every setter
   */
  public abstract static class AbstractBuilder<B extends AbstractBuilder<B>> {
    private String bootstrapServers;
    private SchemaRegistryOptions schemaRegistryOptions;
    private SchemaRegistryClient schemaRegistryClient;
    private String workerId;
    private String shareGroup = DEFAULT_SHARE_GROUP;
    private String topicPrefix = DEFAULT_TOPIC_PREFIX;
    private int maxInFlight = DEFAULT_MAX_IN_FLIGHT;
    private Integer pollers;
    private Duration pollTimeout = DEFAULT_POLL_TIMEOUT;
    private Duration closeTimeout = DEFAULT_CLOSE_TIMEOUT;
    private boolean registerSchemas = DEFAULT_REGISTER_SCHEMAS;
    private final Map<String, String> kafkaProperties = new LinkedHashMap<>();
    private String redisUri;
    private String coordinatorUrl;
    private LockOptions lockOptions = LockOptions.defaults();
    private Duration leaseRenewInterval;
    private int deliveryLimit = DEFAULT_DELIVERY_LIMIT;
    private Duration cancelGrace = DEFAULT_CANCEL_GRACE;
    private Duration handOffAfter = DEFAULT_HAND_OFF_AFTER;
    private Duration deltaLinger = DEFAULT_DELTA_LINGER;
    private MeterRegistry meterRegistry;
    private OpenTelemetry openTelemetry;

    AbstractBuilder() {}

    /** Sets Kafka's {@code bootstrap.servers}; required, here or with the connection below. */
    public B kafka(String bootstrapServers) {
      this.bootstrapServers = requireNotBlank("kafka", bootstrapServers);
      return self();
    }

    /**
     * Sets Kafka's {@code bootstrap.servers} and adds the connection's client configs (TLS, SASL)
     * as {@link #kafkaProperty} does.
     */
    public B kafka(KafkaConnection connection) {
      Objects.requireNonNull(connection, "kafka");
      kafka(connection.bootstrapServers());
      connection.properties().forEach(this::kafkaProperty);
      return self();
    }

    /**
     * Sets the schema registry's URL (for Apicurio {@code .../apis/ccompat/v7}); user information
     * in it ({@code https://user:password@registry/...}) is sent as basic authentication.
     */
    public B schemaRegistry(String url) {
      requireNotBlank("schemaRegistry", url);
      try {
        return schemaRegistry(SchemaRegistryOptions.builder(url).build());
      } catch (IllegalArgumentException e) {
        throw WorkerException.invalidOption(
            "schemaRegistry", Redaction.uri(url), "an http or https URL (" + e.getMessage() + ")");
      }
    }

    /**
     * Sets how to reach the schema registry: its URL, credentials ({@link
     * dev.baton.schemas.RegistryAuth}) and timeouts.
     */
    public B schemaRegistry(SchemaRegistryOptions options) {
      this.schemaRegistryOptions = Objects.requireNonNull(options, "schemaRegistry");
      this.schemaRegistryClient = null;
      return self();
    }

    /** Uses {@code client} as the schema registry; the worker does not close it. */
    public B schemaRegistry(SchemaRegistryClient client) {
      this.schemaRegistryClient = Objects.requireNonNull(client, "schemaRegistry");
      this.schemaRegistryOptions = null;
      return self();
    }

    /** Sets this worker's id, written into every result; a random {@code worker-...} if unset. */
    public B workerId(String workerId) {
      this.workerId = requireNotBlank("workerId", workerId);
      return self();
    }

    /** Sets the share group; {@value WorkerOptions#DEFAULT_SHARE_GROUP} by default. */
    public B shareGroup(String shareGroup) {
      this.shareGroup = requireNotBlank("shareGroup", shareGroup);
      return self();
    }

    /** Sets the topic name prefix; {@value WorkerOptions#DEFAULT_TOPIC_PREFIX} by default. */
    public B topicPrefix(String topicPrefix) {
      this.topicPrefix = Objects.requireNonNull(topicPrefix, "topicPrefix");
      return self();
    }

    /**
     * Sets the most steps that run at once, from 1 to {@value WorkerOptions#MAX_IN_FLIGHT_LIMIT};
     * {@value WorkerOptions#DEFAULT_MAX_IN_FLIGHT} by default.
     */
    public B maxInFlight(int maxInFlight) {
      if (maxInFlight < 1 || maxInFlight > MAX_IN_FLIGHT_LIMIT) {
        throw WorkerException.invalidOption(
            "maxInFlight", maxInFlight, "an integer from 1 to " + MAX_IN_FLIGHT_LIMIT);
      }
      this.maxInFlight = maxInFlight;
      return self();
    }

    /**
     * Sets how many share consumers share {@code maxInFlight}, at least 1 and at most {@code
     * maxInFlight}; {@code maxInFlight} by default, so that each consumer holds one step at a time.
     * Each gets an equal part of {@code maxInFlight} as its {@code max.poll.records}.
     *
     * <p>In explicit acknowledgement mode a share consumer takes new assignments only once every
     * assignment of its previous poll is settled (Kafka 4.4 also fetches nothing new while a {@code
     * RENEW} is outstanding), and the share group binds each consumer to a few partitions; so a
     * long step holds back its poller, and the assignments of its partitions, until it is handed
     * over to its lease ({@link #handOffAfter}, a second by default), from when the worker's free
     * slots take assignments of any partition. Fewer pollers with larger polls cost fewer
     * connections and fewer round trips per step, which suits many short steps of equal length.
     */
    public B pollers(int pollers) {
      if (pollers < 1) {
        throw WorkerException.invalidOption("pollers", pollers, "an integer of at least 1");
      }
      this.pollers = pollers;
      return self();
    }

    /**
     * Sets the longest wait of a poll thread for an assignment in flight to settle before it looks
     * again for a stop; {@link WorkerOptions#DEFAULT_POLL_TIMEOUT} by default. A poll for new
     * assignments does not time out (see {@link WorkerOptions#pollTimeout()}).
     */
    public B pollTimeout(Duration pollTimeout) {
      this.pollTimeout = requirePositive("pollTimeout", pollTimeout);
      return self();
    }

    /**
     * Sets the longest wait to close a Kafka client; {@link WorkerOptions#DEFAULT_CLOSE_TIMEOUT} by
     * default.
     */
    public B closeTimeout(Duration closeTimeout) {
      this.closeTimeout = requirePositive("closeTimeout", closeTimeout);
      return self();
    }

    /**
     * Sets whether the worker registers the schemas it writes; by default it only looks them up,
     * because the coordinator registers them at start-up.
     */
    public B registerSchemas(boolean registerSchemas) {
      this.registerSchemas = registerSchemas;
      return self();
    }

    /**
     * Adds a Kafka client config for the consumers and the producer, such as {@code
     * security.protocol}. The keys in {@link WorkerOptions#RESERVED_KAFKA_PROPERTIES} are the
     * SDK's; a key that is no Kafka client config, or a value Kafka refuses, is refused here
     * ({@link KafkaConnection#problem}).
     */
    public B kafkaProperty(String key, String value) {
      Objects.requireNonNull(key, "key");
      Objects.requireNonNull(value, "value");
      if (RESERVED_KAFKA_PROPERTIES.contains(key)) {
        throw WorkerException.invalidOption(
            "kafkaProperty", key, "a key other than " + RESERVED_KAFKA_PROPERTIES);
      }
      KafkaConnection.problem(key, value)
          .ifPresent(
              allowed -> {
                throw WorkerException.invalidOption(
                    "kafkaProperty " + key, Redaction.kafkaProperty(key, value), allowed);
              });
      if (key.equals("fetch.max.wait.ms") && !value.trim().matches("\\d{1,9}")) {
        // The SDK reads it to tell a consumer whose fetch the broker holds from an idle one.
        throw WorkerException.invalidOption(
            "kafkaProperty fetch.max.wait.ms", value, "a whole number of milliseconds");
      }
      kafkaProperties.put(key, value);
      return self();
    }

    /**
     * Sets the Redis that holds the turn lock, such as {@code redis://localhost:6379}; required
     * when the worker runs tools. Every worker of a fleet must use the same Redis.
     */
    public B redis(String redisUri) {
      this.redisUri = requireNotBlank("redis", redisUri);
      return self();
    }

    /**
     * Sets the base URL of a coordinator's HTTP API, such as {@code http://localhost:8080}, for
     * {@link Step#wholeText}; any coordinator of the fleet answers for every session.
     */
    public B coordinator(String url) {
      this.coordinatorUrl = requireNotBlank("coordinator", url);
      return self();
    }

    /**
     * Sets how the turn lock waits, holds and renews; {@link LockOptions#defaults()} by default.
     */
    public B lockOptions(LockOptions lockOptions) {
      this.lockOptions = Objects.requireNonNull(lockOptions, "lockOptions");
      return self();
    }

    /**
     * Sets a fixed interval at which a running handler's lease is renewed, at least {@link
     * WorkerOptions#SHORTEST_LEASE_RENEW_INTERVAL}. Unset by default: each lease is renewed every
     * third of the shorter of its assignment's {@code leaseMs} and the share group's acquisition
     * lock ({@code group.share.record.lock.duration.ms}), at least every {@link
     * WorkerOptions#MIN_LEASE_RENEW_INTERVAL}. A renewal sends {@code RENEW} for the record and
     * publishes {@code LeaseRenewed}; a fixed interval must stay well below both the lease and the
     * acquisition lock.
     */
    public B leaseRenewInterval(Duration interval) {
      Objects.requireNonNull(interval, "leaseRenewInterval");
      if (interval.compareTo(SHORTEST_LEASE_RENEW_INTERVAL) < 0) {
        throw WorkerException.invalidOption(
            "leaseRenewInterval",
            interval,
            "a duration of at least " + SHORTEST_LEASE_RENEW_INTERVAL.toMillis() + " ms");
      }
      this.leaseRenewInterval = interval;
      return self();
    }

    /**
     * Sets the delivery limit, from 1 to {@value WorkerOptions#MAX_DELIVERY_LIMIT}; {@value
     * WorkerOptions#DEFAULT_DELIVERY_LIMIT} by default, the broker's default {@code
     * group.share.delivery.count.limit}. Set it to the share group's limit: on that delivery a
     * retryable failure is reported as a poison record ({@code StepFailed}, code {@code POISON},
     * retryable) and rejected, because the share group would not deliver it again; a record
     * delivered more often than this is reported the same way without running.
     */
    public B deliveryLimit(int deliveryLimit) {
      if (deliveryLimit < 1 || deliveryLimit > MAX_DELIVERY_LIMIT) {
        throw WorkerException.invalidOption(
            "deliveryLimit", deliveryLimit, "an integer from 1 to " + MAX_DELIVERY_LIMIT);
      }
      this.deliveryLimit = deliveryLimit;
      return self();
    }

    /**
     * Sets how long a handler of a stopped turn has, once its {@code isCancelled()} turned true, to
     * return before the worker interrupts its thread: positive, at most {@link
     * WorkerOptions#MAX_CANCEL_GRACE}; {@link WorkerOptions#DEFAULT_CANCEL_GRACE} by default. The
     * record is settled at the stop already; the interrupt ends a handler that ignores the flag
     * (blocked in I/O or a sleep), so its thread and its turn lock are freed.
     */
    public B cancelGrace(Duration cancelGrace) {
      requirePositive("cancelGrace", cancelGrace);
      if (cancelGrace.compareTo(MAX_CANCEL_GRACE) > 0) {
        throw WorkerException.invalidOption(
            "cancelGrace", cancelGrace, "a positive duration of at most " + MAX_CANCEL_GRACE);
      }
      this.cancelGrace = cancelGrace;
      return self();
    }

    /**
     * Hands a running assignment over to its lease once it has been delivered for {@code after}
     * ({@link Duration#ZERO}: as soon as it is dispatched to its handler); {@link
     * WorkerOptions#DEFAULT_HAND_OFF_AFTER} by default. {@link #neverHandOff} turns it off.
     *
     * <p>A share consumer in explicit acknowledgement mode takes new assignments only once every
     * assignment of its last poll is acknowledged, and the share group binds each consumer to a few
     * partitions; so without a hand-off a long step holds back the rest of its consumer's share of
     * {@code maxInFlight}, and the assignments of its partitions wait while other consumers of the
     * worker have nothing to run. A handed-off assignment is accepted at the share group while its
     * handler runs; its acquisition lock is no longer renewed, but its lease at the coordinator
     * still is, and it keeps its handler slot until the handler ends ({@code maxInFlight} still
     * bounds the handlers). The trade-off: if the worker dies, its handed-off work is not delivered
     * again by the share group but assigned again by the coordinator once the lease runs out; on
     * {@code shutdownNow} it cannot be released either; a retryable failure of a handed-off agent
     * step is reported as a retryable {@code StepFailed} (the coordinator assigns a new attempt)
     * instead of being delivered again; and a handed-off tool call's retryable failure is run again
     * once its lease runs out.
     */
    public B handOffAfter(Duration after) {
      Objects.requireNonNull(after, "handOffAfter");
      if (after.isNegative()) {
        throw WorkerException.invalidOption("handOffAfter", after, "a duration of at least 0");
      }
      this.handOffAfter = after;
      return self();
    }

    /**
     * Never hands a running assignment over to its lease: each one's acquisition lock is renewed
     * until its handler ends, so the share group delivers it again if the worker dies, and a
     * retryable failure is delivered again at once. A long step then holds back the rest of its
     * share consumer's work (see {@link #handOffAfter}); use it with one step per share consumer
     * and a fleet of many more share consumers than the assignments topic has partitions.
     */
    public B neverHandOff() {
      this.handOffAfter = null;
      return self();
    }

    /**
     * Sets how long text a step emits may wait to be sent with the text emitted after it, from 0 to
     * {@link WorkerOptions#MAX_DELTA_LINGER}; {@link WorkerOptions#DEFAULT_DELTA_LINGER} by
     * default. A step's emits are gathered into one delta (one record of the turn-stream topic)
     * until the linger has passed since its first unsent text, the delta is as large as a record
     * may be, the kind of text changes, or the step ends; {@link Duration#ZERO} sends every emit at
     * once. A longer linger writes fewer records and shows the output in larger, later pieces.
     */
    public B deltaLinger(Duration linger) {
      Objects.requireNonNull(linger, "deltaLinger");
      if (linger.isNegative() || linger.compareTo(MAX_DELTA_LINGER) > 0) {
        throw WorkerException.invalidOption(
            "deltaLinger",
            linger,
            "a duration from 0 to "
                + MAX_DELTA_LINGER.toSeconds()
                + " s (0 sends every emit at once)");
      }
      this.deltaLinger = linger;
      return self();
    }

    /**
     * Sets the Micrometer registry the worker records its meters in: steps and tool calls by
     * outcome and their durations, turn-lock waits, Redis as the worker sees it, delivery counts,
     * lease renewals, lost records and handler slots, all named {@code baton.worker.*} and tagged
     * without session, turn or call ids (the list is in {@code docs/worker-sdk.md}). Unset by
     * default: nothing is recorded. The worker adds its gauges when it starts and removes them when
     * it terminates; give each worker of a process its own registry, or common tags, if more than
     * one runs at a time.
     *
     * <pre>{@code
     * PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
     * Worker.builder().kafka(servers).schemaRegistry(url).meterRegistry(prometheus)...
     * String scrape = prometheus.scrape(); // baton_worker_steps_total{outcome="completed"} ...
     * }</pre>
     */
    public B meterRegistry(MeterRegistry registry) {
      this.meterRegistry = Objects.requireNonNull(registry, "meterRegistry");
      return self();
    }

    /**
     * Where the worker's spans go (OpenTelemetry's API; nothing is recorded unless set). Each run
     * is a span whose parent is the trace context its assignment carries (the W3C {@code
     * traceparent} the coordinator gives every record of a turn, the submit's): {@code baton.step}
     * for an agent step, {@code baton.tool_call} for a tool call, from the start of its wait for
     * the turn lock to its finish, with a {@code baton.turn_lock.wait} child. The handler runs with
     * its span current, so spans it starts are its children; the result carries the span's context
     * back.
     *
     * <pre>{@code
     * OpenTelemetry otel = AutoConfiguredOpenTelemetrySdk.initialize().getOpenTelemetrySdk();
     * Worker.builder().kafka(servers).schemaRegistry(url).openTelemetry(otel)...
     * }</pre>
     */
    public B openTelemetry(OpenTelemetry openTelemetry) {
      this.openTelemetry = Objects.requireNonNull(openTelemetry, "openTelemetry");
      return self();
    }

    /** Checks the options that depend on each other and returns them. */
    WorkerOptions buildOptions() {
      if (bootstrapServers == null) {
        throw WorkerException.invalidOption("kafka", null, "Kafka's bootstrap servers");
      }
      if (schemaRegistryOptions == null && schemaRegistryClient == null) {
        throw WorkerException.invalidOption(
            "schemaRegistry", null, "a schema registry URL or client");
      }
      if (pollers != null && pollers > maxInFlight) {
        throw WorkerException.invalidOption(
            "pollers", pollers, "at most maxInFlight (" + maxInFlight + ")");
      }
      int effectivePollers = pollers != null ? pollers : maxInFlight;
      return new WorkerOptions(this, effectivePollers);
    }

    @SuppressWarnings("unchecked")
    private B self() {
      return (B) this;
    }

    private static String requireNotBlank(String option, String value) {
      Objects.requireNonNull(value, option);
      if (value.isBlank()) {
        throw WorkerException.invalidOption(option, "\"" + value + "\"", "a non-blank string");
      }
      return value;
    }

    private static Duration requirePositive(String option, Duration value) {
      Objects.requireNonNull(value, option);
      if (value.isNegative() || value.isZero()) {
        throw WorkerException.invalidOption(option, value, "a positive duration");
      }
      return value;
    }
  }
}
