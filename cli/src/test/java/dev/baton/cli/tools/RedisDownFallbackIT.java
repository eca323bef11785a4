package dev.baton.cli.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.baton.cli.acceptance.BatonApi;
import dev.baton.cli.example.EchoAgent;
import dev.baton.cli.stack.EmbeddedRedis;
import dev.baton.cli.stack.StackAddresses;
import dev.baton.cli.testkit.BatonStackTest;
import dev.baton.cli.testkit.EventSummary;
import dev.baton.cli.testkit.TestIds;
import dev.baton.coordinator.Coordinator;
import dev.baton.coordinator.CoordinatorConfig;
import dev.baton.coordinator.TopicBootstrap;
import dev.baton.coordinator.auth.AuthMode;
import dev.baton.schemas.TopicLayout;
import dev.baton.worker.AgentHandler;
import dev.baton.worker.OperationClass;
import dev.baton.worker.Step;
import dev.baton.worker.StepResult;
import dev.baton.worker.ToolInvocation;
import dev.baton.worker.ToolResult;
import dev.baton.worker.Worker;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Acceptance (issue #4, part 4): stop Redis during a turn; the turn completes correctly by ordered
 * dispatch. Start Redis again, and the next turn uses the lock.
 *
 * <p>A real coordinator and a worker with the example agent, on the shared stack; the worker's
 * turn-lock Redis is this test's own, so stopping it leaves the stack alone. The tools keep their
 * notes in memory (not in Redis, which is down) and record when each call ran.
 */
@BatonStackTest
class RedisDownFallbackIT {

  private static final Logger log = LoggerFactory.getLogger(RedisDownFallbackIT.class);
  private static final Duration TOOL_DELAY = Duration.ofMillis(300);
  private static final Duration TURN_TIMEOUT = Duration.ofSeconds(90);
  private static final String R_R_W_R = "tools: read a, list, write a=hello, read a";
  private static final Pattern NAME = Pattern.compile("\"name\"\\s*:\\s*\"([^\"]*)\"");
  private static final Pattern TEXT = Pattern.compile("\"text\"\\s*:\\s*\"([^\"]*)\"");

  @TempDir Path dir;
  private final RecordingTools tools = new RecordingTools();
  private final GatedAgent agent = new GatedAgent();
  private EmbeddedRedis lockRedis;
  private Coordinator coordinator;
  private Worker worker;
  private BatonApi api;
  private String session;

  @BeforeEach
  void setUp(StackAddresses stack, TestIds ids) {
    session = ids.sessionId();
    lockRedis = new EmbeddedRedis().start();
    TopicLayout layout = ids.layout(1);
    try (TopicBootstrap topics = new TopicBootstrap(stack.kafkaBootstrap(), 1)) {
      topics.createTopics(layout);
      topics.prepareShareGroup(ids.shareGroupId());
    }
    coordinator =
        Coordinator.start(
            CoordinatorConfig.builder()
                .kafkaBootstrap(stack.kafkaBootstrap())
                .registryUrl(stack.registryUrl())
                .redisUri(stack.redisUri())
                .topics(layout)
                .httpPort(0)
                .auth(AuthMode.OFF)
                .stateDir(dir.resolve("coordinator"))
                .build());
    await()
        .atMost(Duration.ofSeconds(90))
        .until(() -> coordinator.state() == KafkaStreams.State.RUNNING);
    worker =
        Worker.builder()
            .kafka(stack.kafkaBootstrap())
            .schemaRegistry(stack.registryUrl())
            .topicPrefix(layout.prefix())
            .shareGroup(ids.shareGroupId())
            .workerId("tools-0")
            .maxInFlight(8)
            .pollTimeout(Duration.ofMillis(200))
            .redis(lockRedis.uri())
            .agent(agent)
            .tool("read_note", OperationClass.READ, tools::read)
            .tool("list_notes", OperationClass.READ, tools::list)
            .tool("write_note", OperationClass.WRITE, tools::write)
            .build();
    worker.start();
    api = new BatonApi(coordinator.httpPort());
    await()
        .atMost(Duration.ofSeconds(90))
        .until(() -> api.session("probe-" + ids.id()).status() == 404);
  }

  @AfterEach
  void tearDown() throws InterruptedException {
    agent.release();
    if (worker != null) {
      worker.shutdownNow();
      worker.awaitTermination(Duration.ofSeconds(30));
    }
    if (coordinator != null) {
      coordinator.close();
    }
    if (lockRedis != null) {
      lockRedis.close();
    }
  }

  @Test
  void shouldCompleteATurnInOrderWhileRedisIsDownAndUseTheLockAgainOnceItAnswers()
      throws Exception {
    int port = lockRedis.port();

    // Turn 1: Redis stops while the agent's first step runs, before any tool call.
    assertThat(api.submit(session, "t1", R_R_W_R, null, 0).status()).isIn(200, 201, 202);
    assertThat(agent.awaitGateEntered()).as("the first agent step started").isTrue();
    lockRedis.close();
    agent.release();
    BatonApi.Reply first = api.submitUntilDecided(session, "t1", R_R_W_R, null, 60);
    assertThat(first.turnStatus()).as("turn t1: %s", first).isEqualTo("COMPLETED");

    List<Run> ordered = tools.runsOf("t1");
    log.info("Turn t1 (Redis down): {}", ordered);
    assertThat(ordered).extracting(Run::index).containsExactlyInAnyOrder(0, 1, 2, 3);
    assertKeptTheOrder(ordered);
    assertThat(typesOf("t1")).containsOnlyOnce("DispatchModeChanged");
    assertThat(first.body())
        .contains("read a -> error: no note a", "write a=hello -> wrote a", "read a -> hello");

    // Redis answers again on the same port; wait until the worker's connections are back.
    lockRedis = new EmbeddedRedis().start(port);
    RedisClient client = RedisClient.create(lockRedis.uri());
    try (StatefulRedisConnection<String, String> connection = client.connect()) {
      await()
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(200))
          .until(() -> connection.sync().clientList().strip().lines().count() >= 3);

      // Turn 2 uses the lock: no fallback, the step's lock keys are in Redis, the reads overlap.
      String again = "tools: read a, list, write a=again, read a";
      BatonApi.Reply second = api.submitUntilDecided(session, "t2", again, null, 60);
      assertThat(second.turnStatus()).as("turn t2: %s", second).isEqualTo("COMPLETED");
      List<Run> locked = tools.runsOf("t2");
      log.info("Turn t2 (Redis back): {}", locked);
      assertThat(typesOf("t2")).doesNotContain("DispatchModeChanged");
      assertKeptTheOrder(locked);
      assertThat(overlap(run(locked, 0), run(locked, 1))).as("the reads overlap").isTrue();
      assertThat(connection.sync().keys("baton:{" + session + "}:turn:t2:*"))
          .as("turn lock keys of t2")
          .isNotEmpty();
      assertThat(second.body()).contains("read a -> hello", "read a -> again");
    } finally {
      client.shutdown();
    }
  }

  /** No call overlaps the write; the write starts after the reads before it, the read after it. */
  private static void assertKeptTheOrder(List<Run> runs) {
    Run write = run(runs, 2);
    for (int i : List.of(0, 1, 3)) {
      assertThat(overlap(run(runs, i), write)).as("call %d overlaps the write", i).isFalse();
    }
    assertThat(write.startedAt())
        .isAfterOrEqualTo(run(runs, 0).finishedAt())
        .isAfterOrEqualTo(run(runs, 1).finishedAt());
    assertThat(run(runs, 3).startedAt()).isAfterOrEqualTo(write.finishedAt());
  }

  private List<String> typesOf(String turnId) {
    return api.events(session).stream()
        .filter(e -> turnId.equals(e.turnId()))
        .map(EventSummary::type)
        .toList();
  }

  private static Run run(List<Run> runs, int index) {
    return runs.stream().filter(r -> r.index() == index).findFirst().orElseThrow();
  }

  private static boolean overlap(Run a, Run b) {
    return a.startedAt().isBefore(b.finishedAt()) && b.startedAt().isBefore(a.finishedAt());
  }

  /** One run of a tool call, on the worker's clock. */
  record Run(String turnId, int index, String name, Instant startedAt, Instant finishedAt) {}

  /** Notes in memory; each call sleeps {@link #TOOL_DELAY} and is recorded. */
  static final class RecordingTools {
    private final Map<String, String> notes = new ConcurrentHashMap<>();
    private final List<Run> runs = new CopyOnWriteArrayList<>();

    ToolResult read(ToolInvocation call) throws InterruptedException {
      return timed(
          call,
          () -> {
            String name = field(NAME, call.argumentsJson());
            String text = notes.get(name);
            return text == null ? ToolResult.error("no note " + name) : ToolResult.ok(text);
          });
    }

    ToolResult list(ToolInvocation call) throws InterruptedException {
      return timed(call, () -> ToolResult.ok(String.join(",", notes.keySet())));
    }

    ToolResult write(ToolInvocation call) throws InterruptedException {
      return timed(
          call,
          () -> {
            String name = field(NAME, call.argumentsJson());
            notes.put(name, field(TEXT, call.argumentsJson()));
            return ToolResult.ok("wrote " + name);
          });
    }

    List<Run> runsOf(String turnId) {
      return runs.stream().filter(r -> r.turnId().equals(turnId)).toList();
    }

    private ToolResult timed(ToolInvocation call, java.util.function.Supplier<ToolResult> effect)
        throws InterruptedException {
      Instant started = Instant.now();
      Thread.sleep(TOOL_DELAY.dividedBy(2));
      ToolResult result = effect.get();
      Thread.sleep(TOOL_DELAY.dividedBy(2));
      runs.add(new Run(call.turnId(), call.index(), call.name(), started, Instant.now()));
      return result;
    }

    private static String field(Pattern pattern, String json) {
      Matcher matcher = pattern.matcher(json);
      return matcher.find() ? matcher.group(1) : "";
    }
  }

  /** The example agent, whose very first step waits until the test lets it go on. */
  static final class GatedAgent implements AgentHandler {
    private final EchoAgent echo = new EchoAgent();
    private final AtomicBoolean gated = new AtomicBoolean(true);
    private final CountDownLatch entered = new CountDownLatch(1);
    private final CountDownLatch released = new CountDownLatch(1);

    @Override
    public StepResult handle(Step step) throws InterruptedException {
      if (gated.compareAndSet(true, false)) {
        entered.countDown();
        released.await(TURN_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
      }
      return echo.handle(step);
    }

    boolean awaitGateEntered() throws InterruptedException {
      return entered.await(TURN_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    }

    void release() {
      released.countDown();
    }
  }
}
