package dev.baton.cli.stack;

import dev.baton.cli.stack.internal.FreePorts;
import dev.baton.cli.stack.internal.Poll;
import dev.baton.coordinator.BrokerSettings;
import dev.baton.schemas.KafkaConnection;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.ShareVersion;
import org.apache.kafka.server.common.StreamsVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-node Kafka (KRaft broker and controller in one process) running inside this JVM,
 * bound to 127.0.0.1 on free ports, with its data in a temporary directory deleted on close.
 * Replication factors are 1, the first consumer group rebalance is not delayed, and share groups
 * and the streams rebalance protocol are enabled.
 *
 * <pre>{@code
 * try (EmbeddedKafka kafka = new EmbeddedKafka().start()) {
 *   String bootstrap = kafka.bootstrapServers();   // 127.0.0.1:<port>
 * }
 * }</pre>
 *
 * <p>{@link #requiringSasl} makes it a secured broker, where every client logs in with SASL PLAIN
 * and may do only what ACLs allow it: {@code kafka.connection("worker")} is that user's connection.
 */
public final class EmbeddedKafka implements AutoCloseable {

  /** The name this part has in logs and errors. */
  public static final String PART = "kafka";

  /** How long {@link #start()} waits for the broker by default. */
  public static final Duration DEFAULT_START_TIMEOUT = Duration.ofSeconds(60);

  private static final int NODE_ID = 1;
  private static final String CONTROLLER_LISTENER = "CONTROLLER";
  private static final String BROKER_LISTENER = "PLAINTEXT";
  private static final String SASL_LISTENER = "SASL_PLAINTEXT";
  private static final String SASL_MECHANISM = "PLAIN";

  /**
   * This broker's {@link BrokerSettings#ADD_PARTITIONS_RETRY_BACKOFF_CONFIG}, as in {@code
   * docker-compose.yml} and the test containers: 1 ms, the least Kafka accepts, rather than its 20
   * (docs/architecture.md, "Exactly-once").
   */
  public static final String ADD_PARTITIONS_RETRY_BACKOFF_MS = "1";

  private static final String AUTHORIZER =
      "org.apache.kafka.metadata.authorizer.StandardAuthorizer";
  private static final String INTERNAL_TOPIC_PARTITIONS = "4";
  private static final String FAST_HEARTBEAT_MS = "1000";
  private static final String FAST_ASSIGNMENT_MS = "100";
  private static final int START_ATTEMPTS = 3;
  private static final Logger log = LoggerFactory.getLogger(EmbeddedKafka.class);

  private final Duration startTimeout;
  private final Map<String, String> overrides;
  private final int port;
  private Path dataDir;
  private KafkaRaftServer server;
  private String bootstrapServers;
  private boolean closed;
  private String superUser;
  private Map<String, String> passwords = Map.of();

  /** A broker with the default start timeout and settings. */
  public EmbeddedKafka() {
    this(DEFAULT_START_TIMEOUT, Map.of());
  }

  /**
   * A broker with broker settings that replace or add to the defaults.
   *
   * @param overrides broker configs such as {@code num.partitions}; never the listeners
   */
  public EmbeddedKafka(Duration startTimeout, Map<String, String> overrides) {
    this(startTimeout, overrides, 0);
  }

  /**
   * A broker listening for clients on {@code port} of 127.0.0.1, or on a free port if it is 0.
   *
   * @param overrides broker configs such as {@code num.partitions}; never the listeners
   */
  public EmbeddedKafka(Duration startTimeout, Map<String, String> overrides, int port) {
    this.startTimeout = Objects.requireNonNull(startTimeout, "startTimeout");
    this.overrides = Map.copyOf(overrides);
    this.port = port;
  }

  /**
   * Makes the broker's listeners, the clients' and the controller's, require a SASL PLAIN login as
   * one of {@code passwords}' users (name to password), and authorize every request with Kafka's
   * {@code StandardAuthorizer}: {@code superUser}, one of them, may do anything (the broker logs in
   * as it too), the others only what ACLs allow them (none at first). Call it before {@link
   * #start()}; {@link #connection(String)} gives each user's client configs.
   */
  public synchronized EmbeddedKafka requiringSasl(String superUser, Map<String, String> passwords) {
    if (!passwords.containsKey(superUser)) {
      throw new IllegalArgumentException("the super user " + superUser + " needs a password");
    }
    if (server != null || closed) {
      throw new IllegalStateException("SASL is set before the start; kafka is " + state());
    }
    this.superUser = superUser;
    this.passwords = Map.copyOf(passwords);
    return this;
  }

  /**
   * How clients reach this broker: its bootstrap servers, and on a broker that requires SASL
   * ({@link #requiringSasl}) the super user's login.
   */
  public synchronized KafkaConnection connection() {
    return superUser == null ? KafkaConnection.of(bootstrapServers()) : connection(superUser);
  }

  /** How {@code user} reaches this broker, which requires SASL: the bootstrap servers and login. */
  public synchronized KafkaConnection connection(String user) {
    if (!passwords.containsKey(user)) {
      throw new IllegalArgumentException("kafka has no SASL user " + user);
    }
    return login(bootstrapServers(), user);
  }

  private KafkaConnection login(String bootstrap, String user) {
    return KafkaConnection.builder(bootstrap)
        .property("security.protocol", SASL_LISTENER)
        .property("sasl.mechanism", SASL_MECHANISM)
        .property("sasl.jaas.config", plainLogin(user) + ";")
        .build();
  }

  private String plainLogin(String user) {
    return "org.apache.kafka.common.security.plain.PlainLoginModule required username=\""
        + user
        + "\" password=\""
        + passwords.get(user)
        + "\"";
  }

  /**
   * Formats storage, starts the broker and waits until it answers. A start that fails (for example
   * because another process took a picked port between picking and binding) is tried again with new
   * ports, up to {@value #START_ATTEMPTS} times.
   */
  public synchronized EmbeddedKafka start() {
    if (closed || server != null) {
      throw new IllegalStateException("kafka can be started once; it is " + state());
    }
    KafkaExits.neverExitTheJvm();
    RuntimeException failure = null;
    for (int attempt = 1; attempt <= START_ATTEMPTS && bootstrapServers == null; attempt++) {
      dataDir = TempDirs.create(PART);
      try {
        launch();
      } catch (RuntimeException e) {
        failure = e;
        log.warn("kafka start attempt {} of {} failed: {}", attempt, START_ATTEMPTS, e.toString());
        stopServer();
      }
    }
    if (bootstrapServers == null) {
      close();
      throw failure instanceof StackException stack
          ? stack
          : StackException.startFailed(PART, "the broker did not start", failure);
    }
    return this;
  }

  private void launch() {
    int brokerPort = FreePorts.pickOr(port, PART);
    int controllerPort = FreePorts.pick();
    Map<String, String> config = brokerConfig(brokerPort, controllerPort, dataDir);
    format(config);
    server = new KafkaRaftServer(new KafkaConfig(config, false), Time.SYSTEM);
    server.startup();
    String bootstrap = FreePorts.LOOPBACK + ":" + brokerPort;
    KafkaConnection probe =
        superUser == null ? KafkaConnection.of(bootstrap) : login(bootstrap, superUser);
    Poll.until(PART, startTimeout, () -> Probes.kafka(probe, Probes.PROBE_TIMEOUT));
    bootstrapServers = bootstrap;
  }

  /** The {@code bootstrap.servers} value of this broker, {@code 127.0.0.1:<port>}. */
  public synchronized String bootstrapServers() {
    if (bootstrapServers == null) {
      throw new IllegalStateException("kafka is " + state());
    }
    return bootstrapServers;
  }

  /** Stops the broker and deletes its data. Safe to call more than once. */
  @Override
  public synchronized void close() {
    closed = true;
    stopServer();
  }

  private void stopServer() {
    if (server != null) {
      try {
        server.shutdown();
        server.awaitShutdown();
      } catch (RuntimeException e) {
        log.warn("kafka did not shut down cleanly: {}", e.toString());
      }
      server = null;
    }
    TempDirs.delete(dataDir);
    dataDir = null;
  }

  private String state() {
    return closed ? "closed" : server == null ? "not started" : "running";
  }

  private Map<String, String> brokerConfig(int brokerPort, int controllerPort, Path dir) {
    String host = FreePorts.LOOPBACK;
    String listener = superUser == null ? BROKER_LISTENER : SASL_LISTENER;
    Map<String, String> config = new HashMap<>();
    config.put("process.roles", "broker,controller");
    config.put("node.id", String.valueOf(NODE_ID));
    config.put("controller.quorum.voters", NODE_ID + "@" + host + ":" + controllerPort);
    config.put("controller.listener.names", CONTROLLER_LISTENER);
    config.put("inter.broker.listener.name", listener);
    config.put(
        "listeners",
        listener
            + "://"
            + host
            + ":"
            + brokerPort
            + ","
            + CONTROLLER_LISTENER
            + "://"
            + host
            + ":"
            + controllerPort);
    config.put("advertised.listeners", listener + "://" + host + ":" + brokerPort);
    config.put(
        "listener.security.protocol.map",
        listener + ":" + listener + "," + CONTROLLER_LISTENER + ":" + listener);
    if (superUser != null) {
      config.putAll(saslConfig());
    }
    config.put("log.dirs", dir.resolve("data").toString());
    config.put("offsets.topic.replication.factor", "1");
    config.put("offsets.topic.num.partitions", INTERNAL_TOPIC_PARTITIONS);
    config.put("transaction.state.log.replication.factor", "1");
    config.put("transaction.state.log.min.isr", "1");
    config.put("transaction.state.log.num.partitions", INTERNAL_TOPIC_PARTITIONS);
    config.put("share.coordinator.state.topic.replication.factor", "1");
    config.put("share.coordinator.state.topic.min.isr", "1");
    config.put("share.coordinator.state.topic.num.partitions", INTERNAL_TOPIC_PARTITIONS);
    config.put("group.initial.rebalance.delay.ms", "0");
    config.put("default.replication.factor", "1");
    config.put("min.insync.replicas", "1");
    // The log cleaner's 128 MiB dedupe buffer dominates the heap of a dev broker otherwise.
    config.put("log.cleaner.dedupe.buffer.size", String.valueOf(8 * 1024 * 1024));
    // Members of consumer, share and streams groups get their first assignment on a heartbeat;
    // the 5 s default makes every test and `baton dev` wait that long.
    for (String group : List.of("consumer", "share", "streams")) {
      config.put("group." + group + ".heartbeat.interval.ms", FAST_HEARTBEAT_MS);
      config.put("group." + group + ".min.heartbeat.interval.ms", FAST_HEARTBEAT_MS);
      config.put("group." + group + ".assignment.interval.ms", FAST_ASSIGNMENT_MS);
    }
    // Lets a share group shorten its record lock and its members' session timeout
    // (share.record.lock.duration.ms, share.session.timeout.ms), so that tests of a crashed
    // worker's redelivery need not wait the 30 s and 45 s defaults.
    config.put("group.share.min.record.lock.duration.ms", "1000");
    config.put("group.share.min.session.timeout.ms", "3000");
    // A crashed coordinator's open transaction keeps its partitions unreadable until the broker
    // aborts it; the broker looks for timed-out transactions every 10 s by default.
    config.put("transaction.abort.timed.out.transaction.cleanup.interval.ms", "1000");
    // Under transactions v2 the broker adds a partition to a transaction when the first write
    // arrives; if the previous transaction's markers are still being written it retries after
    // this backoff, 20 ms by default, and the coordinator's next commit waits for it: at 1 ms the
    // exactly-once closed loop at 1000x20 did 1.6 to 1.8x the turns/s (docs/benchmarks.md).
    config.put(BrokerSettings.ADD_PARTITIONS_RETRY_BACKOFF_CONFIG, ADD_PARTITIONS_RETRY_BACKOFF_MS);
    config.put("num.network.threads", "2");
    config.put("num.io.threads", "4");
    config.putAll(overrides);
    return config;
  }

  /**
   * SASL PLAIN on both listeners, the broker logging in to itself and to the controller as the
   * super user, and the standard authorizer, which denies what no ACL allows.
   */
  private Map<String, String> saslConfig() {
    StringBuilder jaas = new StringBuilder(plainLogin(superUser));
    passwords.forEach((user, password) -> jaas.append(" user_" + user + "=\"" + password + "\""));
    jaas.append(';');
    Map<String, String> config = new HashMap<>();
    config.put("sasl.enabled.mechanisms", SASL_MECHANISM);
    config.put("sasl.mechanism.inter.broker.protocol", SASL_MECHANISM);
    config.put("sasl.mechanism.controller.protocol", SASL_MECHANISM);
    for (String name : List.of(SASL_LISTENER, CONTROLLER_LISTENER)) {
      String prefix = "listener.name." + name.toLowerCase(java.util.Locale.ROOT) + ".";
      config.put(prefix + "sasl.enabled.mechanisms", SASL_MECHANISM);
      config.put(prefix + "plain.sasl.jaas.config", jaas.toString());
    }
    config.put("authorizer.class.name", AUTHORIZER);
    config.put("super.users", "User:" + superUser);
    config.put("allow.everyone.if.no.acl.found", "false");
    return config;
  }

  /** Writes meta.properties and the bootstrap metadata, with share groups and streams groups on. */
  private static void format(Map<String, String> config) {
    ByteArrayOutputStream output = new ByteArrayOutputStream();
    Formatter formatter =
        new Formatter()
            .setPrintStream(new PrintStream(output, true, StandardCharsets.UTF_8))
            .setNodeId(NODE_ID)
            .setClusterId(Uuid.randomUuid().toString())
            .setControllerListenerName(CONTROLLER_LISTENER)
            .setMetadataLogDirectory(config.get("log.dirs"))
            .addDirectory(config.get("log.dirs"))
            .setFeatureLevel(
                ShareVersion.FEATURE_NAME, ShareVersion.LATEST_PRODUCTION.featureLevel())
            .setFeatureLevel(
                StreamsVersion.FEATURE_NAME, StreamsVersion.LATEST_PRODUCTION.featureLevel());
    try {
      formatter.run();
    } catch (Exception e) {
      throw StackException.startFailed(
          PART,
          "formatting storage failed; formatter said: " + output.toString(StandardCharsets.UTF_8),
          e);
    }
  }
}
