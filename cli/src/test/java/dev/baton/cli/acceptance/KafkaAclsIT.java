package dev.baton.cli.acceptance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.cli.CliRun;
import dev.baton.cli.stack.EmbeddedKafka;
import dev.baton.cli.stack.StackAddresses;
import dev.baton.cli.testkit.BatonProcess;
import dev.baton.cli.testkit.BatonStackTest;
import dev.baton.cli.testkit.TestIds;
import dev.baton.coordinator.BatonAcls;
import dev.baton.coordinator.BatonAcls.Role;
import dev.baton.coordinator.TopicBootstrap;
import dev.baton.schemas.KafkaConnection;
import dev.baton.schemas.TopicLayout;
import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Baton's ACLs ({@link BatonAcls}) on a broker of its own that requires SASL logins and authorizes
 * every request, created by {@code baton acls --apply}: each principal can write what its role
 * writes, and a client cannot forge a worker's result or an assignment, nor a worker a command; a
 * coordinator and a worker, each with its own principal given by {@code --kafka-properties},
 * complete a turn with tool calls and print no password. The registry and Redis are the shared
 * stack's.
 */
@BatonStackTest
class KafkaAclsIT {

  private static final String ADMIN = "admin";
  private static final Map<String, String> USERS =
      Map.of(
          ADMIN,
          "admin-secret",
          "client",
          "client-secret",
          "coordinator",
          "coordinator-secret",
          "worker",
          "worker-secret");
  private static final Duration TIMEOUT = Duration.ofSeconds(20);
  private static final Duration START = Duration.ofSeconds(90);

  @TempDir static Path logins;

  private static EmbeddedKafka kafka;
  private static TopicLayout layout;
  private static String shareGroup;

  @BeforeAll
  static void startSecuredKafka() throws Exception {
    TestIds ids = TestIds.forTest("acls");
    layout = ids.layout(2);
    shareGroup = ids.shareGroupId();
    kafka = new EmbeddedKafka().requiringSasl(ADMIN, USERS).start();
    try (TopicBootstrap topics = new TopicBootstrap(kafka.connection(), 1, TIMEOUT)) {
      topics.createTopics(layout);
      topics.prepareShareGroup(shareGroup);
    }
    CliRun applied = applyAcls(ADMIN);
    assertThat(applied.exitCode()).as(applied.err()).isZero();
    for (Role role : Role.values()) {
      String name = role.name().toLowerCase(Locale.ROOT);
      int count = BatonAcls.of(role, "User:" + name, layout, shareGroup).size();
      assertThat(applied.out()).contains(name + " User:" + name + ": " + count + " ACLs");
    }
  }

  @AfterAll
  static void stopKafka() {
    if (kafka != null) {
      kafka.close();
    }
  }

  @Test
  void shouldLetEachPrincipalWriteOnlyWhatItsRoleWrites(StackAddresses stack) throws Exception {
    produce("client", layout.commands());
    produce("worker", layout.workerResults());
    produce("worker", layout.turnStream());
    produce("coordinator", layout.assignments());
    produce("coordinator", layout.commands());

    assertRefused("client", layout.workerResults());
    assertRefused("client", layout.assignments());
    assertRefused("worker", layout.commands());
    assertRefused("worker", layout.assignments());
    assertRefused("coordinator", layout.workerResults());
  }

  @Test
  void shouldRunATurnWithACoordinatorAndAWorkerUnderTheirOwnPrincipals(
      StackAddresses stack, @TempDir Path dir) throws Exception {
    StackAddresses secured =
        new StackAddresses(kafka.bootstrapServers(), stack.registryUrl(), stack.redisUri());
    try (BatonProcess coordinator =
            BatonProcess.coordinator(
                "c-1", secured, layout, shareGroup, dir, loginFile(dir, "coordinator"));
        BatonProcess worker =
            BatonProcess.worker(
                "w-1",
                secured,
                layout,
                shareGroup,
                dir,
                loginFile(dir, "worker"),
                "--tool-delay=PT0S")) {
      coordinator.awaitHealthy(START);
      BatonApi.Reply turn =
          new BatonApi(coordinator.httpPort())
              .submitUntilDecided("session-acl", "t-1", "tools: write a=x, read a", null, 60);

      assertThat(turn.turnStatus())
          .as("%s%n%s", coordinator.logTail(), worker.logTail())
          .isEqualTo("COMPLETED");
      for (BatonProcess process : List.of(coordinator, worker)) {
        assertThat(process.log())
            .as("the log of %s: no password, and no request its ACLs refused", process.name())
            .doesNotContain("-secret")
            .doesNotContainIgnoringCase("authorization failed")
            .doesNotContain("AuthorizationException");
      }
    }
  }

  @Test
  void shouldRunDevAgainstTheSecuredKafkaWithItsLogin(StackAddresses stack, @TempDir Path dir)
      throws Exception {
    TestIds ids = TestIds.forTest("acls-dev");
    try (BatonProcess dev =
        BatonProcess.dev(
            "dev",
            dir,
            "--kafka=" + kafka.bootstrapServers(),
            loginFile(dir, ADMIN),
            "--registry=" + stack.registryUrl(),
            "--redis=" + stack.redisUri(),
            "--topic-prefix=" + ids.layout(2).prefix(),
            "--application-id=" + ids.applicationId(),
            "--partitions=2",
            "--workers=1")) {
      dev.awaitHealthy(START);
      BatonApi.Reply turn =
          new BatonApi(dev.httpPort())
              .submitUntilDecided("session-dev", "t-1", "tools: write a=x, read a", null, 60);

      assertThat(turn.turnStatus()).as("%s", dev.logTail()).isEqualTo("COMPLETED");
      assertThat(dev.log()).doesNotContain("-secret");
    }
  }

  @Test
  void shouldRefuseToApplyTheAclsAsAPrincipalThatMayNotAlterThem() throws IOException {
    CliRun refused = applyAcls("client");

    assertThat(refused.exitCode()).isNotZero();
    assertThat(refused.err())
        .contains("refused the ACLs", "ClusterAuthorizationException")
        .doesNotContain("-secret");
  }

  /** {@code baton acls --apply} with {@code user}'s login, for this class's fleet. */
  private static CliRun applyAcls(String user) throws IOException {
    return CliRun.of(
        "acls",
        "--apply",
        "--kafka=" + kafka.bootstrapServers(),
        loginFile(logins, user),
        "--topic-prefix=" + layout.prefix(),
        "--application-id=" + layout.applicationId(),
        "--share-group=" + shareGroup,
        "--client-principal=User:client",
        "--coordinator-principal=User:coordinator",
        "--worker-principal=User:worker",
        "--timeout=PT20S");
  }

  /** {@code --kafka-properties=FILE}, the file holding {@code user}'s SASL login. */
  private static String loginFile(Path dir, String user) throws IOException {
    Properties login = new Properties();
    login.putAll(kafka.connection(user).properties());
    Path file = dir.resolve(user + ".properties");
    try (Writer writer = Files.newBufferedWriter(file)) {
      login.store(writer, null);
    }
    return "--kafka-properties=" + file;
  }

  private static void assertRefused(String user, String topic) {
    assertThatThrownBy(() -> produce(user, topic))
        .as("%s writing %s", user, topic)
        .isInstanceOf(ExecutionException.class)
        .cause()
        .isInstanceOf(TopicAuthorizationException.class);
  }

  private static void produce(String user, String topic) throws Exception {
    KafkaConnection connection = kafka.connection(user);
    Map<String, Object> config = connection.clientConfig();
    config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) TIMEOUT.toMillis());
    config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis());
    config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis() / 2);
    try (KafkaProducer<String, String> producer =
        new KafkaProducer<>(config, new StringSerializer(), new StringSerializer())) {
      producer
          .send(new ProducerRecord<>(topic, "session-1", "value"))
          .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    }
  }
}
