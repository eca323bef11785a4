package dev.baton.cli.chaos;

import dev.baton.cli.acceptance.BatonApi;
import dev.baton.cli.stack.StackAddresses;
import dev.baton.cli.testkit.TestIds;
import dev.baton.cli.testkit.TopicReader;
import dev.baton.schemas.avro.Assignment;
import dev.baton.schemas.avro.SessionEvent;
import dev.baton.schemas.avro.SessionExpired;
import dev.baton.schemas.avro.TurnTimedOut;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one {@link Workload} on a fresh {@link ChaosFleet}, waits until every accepted turn has
 * ended (bounded), and returns what it left behind for the {@link Invariants}.
 *
 * <pre>{@code
 * Observations seen = ChaosRun.run(workload, stack, ids, dir);
 * List<Violation> found = Invariants.check(seen);
 * }</pre>
 */
final class ChaosRun {

  private static final Logger log = LoggerFactory.getLogger(ChaosRun.class);

  /** How long the run waits for every accepted turn to end once the operations are done. */
  static final Duration SETTLE = ChaosFleet.TURN_DEADLINE.plusSeconds(30);

  private static final Duration SUBMIT_PATIENCE = Duration.ofSeconds(10);
  private static final Duration EXPIRY_WAIT = Duration.ofSeconds(30);
  private static final Duration POLL = Duration.ofMillis(500);

  /** A turn the run submitted. */
  private record Submitted(String turnId, ToolScript script) {}

  private final Workload workload;
  private final ChaosFleet fleet;
  private final TopicReader reader;
  private final RawCommands raw;
  private final BatonApi api;
  private final List<String> sessions = new ArrayList<>();
  private final Map<String, List<Submitted>> submitted = new HashMap<>();
  private final Map<String, Instant> submittedAt = new HashMap<>();
  private final Map<String, Instant> timedOutSeenAt = new HashMap<>();
  private final List<CompletableFuture<?>> controls = new ArrayList<>();
  private final ExecutorService background = Executors.newVirtualThreadPerTaskExecutor();
  private int turns;

  private ChaosRun(
      Workload workload, ChaosFleet fleet, TopicReader reader, RawCommands raw, TestIds ids) {
    this.workload = workload;
    this.fleet = fleet;
    this.reader = reader;
    this.raw = raw;
    this.api = fleet.api();
    for (int i = 0; i < workload.sessions(); i++) {
      sessions.add(ids.sessionId());
    }
  }

  /** Runs {@code workload} on a fleet of its own and returns what it left behind. */
  static Observations run(Workload workload, StackAddresses stack, TestIds ids, Path dir) {
    try (StreamFailures failures = StreamFailures.attach();
        ChaosFleet fleet = ChaosFleet.start(workload, stack, ids, dir);
        TopicReader reader = TopicReader.withWorkerTopics(stack, fleet.layout());
        RawCommands raw = new RawCommands(stack, fleet.layout())) {
      ChaosRun run = new ChaosRun(workload, fleet, reader, raw, ids);
      run.operations();
      run.settle();
      return run.observations(failures.count());
    }
  }

  private void operations() {
    List<Op> ops = workload.ops();
    for (int i = 0; i < ops.size(); i++) {
      try {
        apply(ops.get(i));
      } catch (UncheckedIOException | IllegalStateException e) {
        log.warn(
            "Seed {} operation #{} {} failed: {}", workload.seed(), i, ops.get(i), e.toString());
      }
    }
  }

  private void apply(Op op) {
    switch (op) {
      case Op.Submit s -> submit(s.session(), s.script(), s.onBusy());
      case Op.Resubmit r -> resubmit(r);
      case Op.Cancel c -> cancel(c);
      case Op.Expire e -> expire(sessions.get(e.session()));
      case Op.KillWorker k -> fleet.killWorker(k.worker());
      case Op.StopRedis ignored -> fleet.stopRedis();
      case Op.StartRedis ignored -> fleet.startRedis();
      case Op.RawSubmit r -> rawSubmit(r);
      case Op.SkewedRenewal r -> skewedRenewal(r);
      case Op.Pause p -> pause(p.ms());
    }
  }

  private void submit(int session, ToolScript script, String onBusy) {
    String sessionId = sessions.get(session);
    String turnId = "t" + ++turns;
    remember(sessionId, turnId, script);
    submit(sessionId, turnId, script.input(), onBusy);
  }

  private void resubmit(Op.Resubmit op) {
    String sessionId = sessions.get(op.session());
    List<Submitted> earlier = submitted.getOrDefault(sessionId, List.of());
    if (earlier.isEmpty()) {
      return;
    }
    Submitted again = earlier.get(op.pick() % earlier.size());
    ToolScript script =
        op.sameInput() ? again.script() : again.script().withNonce(again.script().nonce() + 1);
    submit(sessionId, again.turnId(), script.input(), "enqueue");
  }

  /**
   * Submits, repeating the same request while the answer is 503 or 504, for at most {@link
   * #SUBMIT_PATIENCE}: a coordinator in trouble must not stall the workload.
   */
  private void submit(String sessionId, String turnId, String input, String onBusy) {
    long deadline = System.nanoTime() + SUBMIT_PATIENCE.toNanos();
    while (api.submit(sessionId, turnId, input, onBusy, 0).retryable()
        && System.nanoTime() < deadline) {
      pause(200);
    }
  }

  private void cancel(Op.Cancel op) {
    String sessionId = sessions.get(op.session());
    List<Submitted> earlier = submitted.getOrDefault(sessionId, List.of());
    if (earlier.isEmpty()) {
      return;
    }
    String turnId = earlier.getLast().turnId();
    // Cancel and kill answer once the turn has ended; the workload goes on meanwhile.
    controls.add(
        CompletableFuture.runAsync(
            () -> {
              if (op.kill()) {
                api.post("/v1/sessions/" + sessionId + "/turns/" + turnId + "/kill");
              } else {
                api.cancel(sessionId, turnId);
              }
            },
            background));
  }

  private void rawSubmit(Op.RawSubmit op) {
    String sessionId = sessions.get(op.session());
    String turnId = "t" + ++turns;
    remember(sessionId, turnId, op.script());
    raw.submit(sessionId, turnId, op.script().input(), op.wrongPartition(), op.skewMs());
  }

  private void skewedRenewal(Op.SkewedRenewal op) {
    List<Assignment> assignments = reader.catchUp().assignments(sessions.get(op.session()));
    if (!assignments.isEmpty()) {
      raw.renewLease(assignments.getLast(), op.skewMs());
    }
  }

  private void remember(String sessionId, String turnId, ToolScript script) {
    submitted.computeIfAbsent(sessionId, s -> new ArrayList<>()).add(new Submitted(turnId, script));
    submittedAt.put(Observations.turnKey(sessionId, turnId), Instant.now());
  }

  /** Waits until the session has expired once more (its turns must end first). */
  private void expire(String sessionId) {
    long before = expiries(sessionId);
    waitUntil(EXPIRY_WAIT, () -> expiries(sessionId) > before);
  }

  private long expiries(String sessionId) {
    return events(sessionId).stream().filter(e -> e.getBody() instanceof SessionExpired).count();
  }

  /** Starts Redis if stopped, waits for cancels, then until every accepted turn ended. */
  private void settle() {
    fleet.startRedis();
    CompletableFuture.allOf(controls.toArray(CompletableFuture[]::new))
        .handle((ok, e) -> null)
        .join();
    background.shutdown();
    boolean settled =
        waitUntil(
            SETTLE,
            () -> sessions.stream().allMatch(s -> TurnEnds.unfinished(events(s)).isEmpty()));
    if (!settled) {
      log.warn("Seed {}: turns still unfinished after {}", workload.seed(), SETTLE);
    }
  }

  /** Polls the topics until {@code condition} holds or {@code timeout} passes. */
  private boolean waitUntil(Duration timeout, BooleanSupplier condition) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      catchUp();
      if (condition.getAsBoolean()) {
        return true;
      }
      if (System.nanoTime() > deadline) {
        return false;
      }
      pause((int) POLL.toMillis());
    }
  }

  /** Reads the topics and notes when each {@code TurnTimedOut} was first seen. */
  private void catchUp() {
    reader.catchUp();
    Instant now = Instant.now();
    for (String sessionId : sessions) {
      for (SessionEvent event : events(sessionId)) {
        if (event.getBody() instanceof TurnTimedOut) {
          timedOutSeenAt.putIfAbsent(Observations.turnKey(sessionId, event.getTurnId()), now);
        }
      }
    }
  }

  private List<SessionEvent> events(String sessionId) {
    return reader.events().getOrDefault(sessionId, List.of());
  }

  private Observations observations(int streamFailures) {
    catchUp();
    return new Observations(
        new java.util.HashSet<>(sessions),
        new LinkedHashMap<>(reader.events()),
        reader.histories(),
        fleet.journal().runs(),
        submittedAt,
        timedOutSeenAt,
        ChaosFleet.TURN_DEADLINE,
        streamFailures);
  }

  private static void pause(int ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
