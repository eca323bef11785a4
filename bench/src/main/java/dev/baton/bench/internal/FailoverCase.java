package dev.baton.bench.internal;

import dev.baton.coordinator.topology.ProcessingMode;
import io.opentelemetry.api.OpenTelemetry;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.IntPredicate;
import java.util.stream.IntStream;

/**
 * What a coordinator crash and its return cost the sessions: two coordinator processes of one
 * application (EOS), three echo workers and a closed loop of turns through the HTTP API ({@link
 * FailoverLoad}). After the warm-up one coordinator is killed with SIGKILL, restarted on its state
 * directory after a while, and the load goes on until the restarted instance has served sessions
 * again (it took its partitions back) and a little longer. Once with one standby replica and once
 * with none, the order alternating between runs.
 */
public final class FailoverCase {

  private static final int WORKERS = 3;
  private static final Duration DRAIN = Duration.ofSeconds(45);
  private static final Duration BASELINE_SKIP = Duration.ofSeconds(5);

  /** A round of the load while the compilers settle, before the measured phases. */
  private static final Duration SETTLE_ROUND = Duration.ofSeconds(2);

  private static final String[] COLUMNS = {
    "case",
    "turns sent",
    "completed",
    "lost",
    "answered twice",
    "retried requests",
    "median gap before kill s",
    "longest gap before kill s",
    "kill: moved s",
    "kill: survivor's s",
    "restart: HTTP up after s",
    "restart: healthy after s",
    "served again after s",
    "return: moved s",
    "return: survivor's s",
    "kill + return s"
  };

  /** How many standby replicas each coordinator keeps. */
  enum Variant {
    STANDBY_1(1),
    STANDBY_0(0);

    private final int standbys;

    Variant(int standbys) {
      this.standbys = standbys;
    }
  }

  /** The instants of one deployment's load, {@link System#nanoTime()}. */
  private record Moments(long start, long kill, long restart, long end) {}

  private final Settings settings;
  private final TurnCases turns;
  private final Sizes.Failover sizes;

  /** The case of a run with {@code settings}, deploying through {@code turns}. */
  public FailoverCase(Settings settings, TurnCases turns) {
    this.settings = settings;
    this.turns = turns;
    this.sizes = settings.sizes().failover();
  }

  /** Both variants, in an order that alternates between runs. */
  public List<Table> run() throws IOException, InterruptedException {
    Table table =
        new Table(
            "failover",
            "A coordinator killed and restarted under load: two instances, "
                + sizes.sessions()
                + " sessions in a closed loop through HTTP (EOS)",
            COLUMNS);
    List<String> errors = new ArrayList<>();
    for (Variant variant : RunOrder.of(Variant.class, settings.run())) {
      try {
        measure(variant, table, errors);
      } catch (IOException | RuntimeException e) {
        errors.add(variant + " failed: " + e);
      }
    }
    table.note(note());
    errors.forEach(table::note);
    return List.of(table);
  }

  private void measure(Variant variant, Table table, List<String> errors)
      throws IOException, InterruptedException {
    CoordinatorProcess.Extras coordinator =
        new CoordinatorProcess.Extras(List.of("--standby-replicas=" + variant.standbys), Map.of());
    Deployment.Workers shape =
        new Deployment.Workers(
            WORKERS, settings.workers().maxInFlight(), settings.workers().pollers());
    String name = "f-standby" + variant.standbys;
    try (Deployment deployment =
        turns.deploy(
            name,
            ProcessingMode.EXACTLY_ONCE,
            shape,
            new Deployment.Extras(coordinator, OpenTelemetry.noop()))) {
      Path dir = settings.workDir().resolve(deployment.layout().applicationId() + "-second");
      CoordinatorProcess survivor = deployment.coordinator();
      CoordinatorProcess second = startSecond(deployment, dir, coordinator);
      FailoverLoad load =
          new FailoverLoad(
              settings.runId() + "-" + variant.standbys,
              sizes.sessions(),
              List.of(survivor.httpBase(), second.httpBase()));
      try {
        load.start();
        CompilerSettling.Outcome settled =
            CompilerSettling.settle(
                List.of(survivor.pid(), second.pid()), round -> Thread.sleep(SETTLE_ROUND));
        System.out.println(name + ": " + settled.describe());
        long start = System.nanoTime();
        Thread.sleep(sizes.warmUp());
        long kill = System.nanoTime();
        second.kill();
        load.sendTo(List.of(survivor.httpBase()));
        Thread.sleep(sizes.down());
        long restart = System.nanoTime();
        second = startSecond(deployment, dir, coordinator);
        load.sendTo(List.of(survivor.httpBase(), second.httpBase()));
        awaitServed(load, second.httpPort(), restart);
        Thread.sleep(sizes.settle());
        Moments at = new Moments(start, kill, restart, System.nanoTime());
        load.stop(DRAIN);
        HistoryCheck history = HistoryCheck.of(load, sizes.sessions(), survivor.httpBase());
        table.row(row(variant, load, history, at, survivor.httpPort(), second));
        errors.add(variant + " retried requests by answer: " + load.errors());
      } finally {
        load.stop(Duration.ZERO);
        second.close();
      }
    }
  }

  private CoordinatorProcess startSecond(
      Deployment deployment, Path dir, CoordinatorProcess.Extras extras)
      throws IOException, InterruptedException {
    return CoordinatorProcess.start(
        settings.stack(),
        deployment.layout(),
        deployment.shareGroup(),
        ProcessingMode.EXACTLY_ONCE,
        dir,
        settings.coordinatorJvmOptions(),
        extras);
  }

  /** Waits until the instance at {@code port} served a session, at most the return limit. */
  private void awaitServed(FailoverLoad load, int port, long restart) throws InterruptedException {
    long deadline = restart + sizes.returnLimit().toNanos();
    while (!load.servedSince(port, restart) && System.nanoTime() < deadline) {
      Thread.sleep(200); // polls a condition: the load's answers, with a deadline
    }
  }

  private Object[] row(
      Variant variant,
      FailoverLoad load,
      HistoryCheck history,
      Moments at,
      int survivorPort,
      CoordinatorProcess restarted) {
    SessionGaps gaps =
        new SessionGaps(IntStream.range(0, sizes.sessions()).mapToObj(load::answers).toList());
    IntPredicate survivors = session -> gaps.ownerBefore(session, at.kill()) == survivorPort;
    IntPredicate moved = survivors.negate();
    double killMoved = gaps.longest(at.kill(), at.restart(), moved);
    double returnMoved = gaps.longest(at.restart(), at.end(), moved);
    long retried = load.errors().values().stream().mapToLong(Long::longValue).sum();
    return new Object[] {
      "standby " + variant.standbys,
      load.submitted(),
      history.completed(),
      history.lost(),
      history.twice(),
      retried,
      gaps.medianWithin(at.start() + BASELINE_SKIP.toNanos(), at.kill()),
      gaps.longestWithin(at.start() + BASELINE_SKIP.toNanos(), at.kill()),
      killMoved,
      gaps.longest(at.kill(), at.restart(), survivors),
      restarted.listeningAfterSeconds(),
      restarted.healthyAfterSeconds(),
      gaps.firstServedBy(restarted.httpPort(), at.restart()),
      returnMoved,
      gaps.longest(at.restart(), at.end(), survivors),
      killMoved + returnMoved
    };
  }

  private String note() {
    return "Two coordinator processes of one application id (EOS, --standby-replicas as the row"
        + " says, the other settings their defaults), "
        + WORKERS
        + " echo workers in this JVM, "
        + sizes.sessions()
        + " sessions each sending turns one after another (POST .../turns?wait=30), round-robin"
        + " to the instances that are up; a request that fails or is answered without an ended"
        + " turn is sent again with the same turn id after "
        + FailoverLoad.RETRY_PAUSE.toMillis()
        + " ms. The load first runs until the JIT compilers of both coordinators and of this"
        + " JVM are quiet (rounds of "
        + SETTLE_ROUND.toSeconds()
        + " s, as the closed loops' warm-up), as in a deployment that has run for a while;"
        + " then, after "
        + sizes.warmUp().toSeconds()
        + " s more, one instance is killed (SIGKILL), restarted on its state directory "
        + sizes.down().toSeconds()
        + " s later, and the load goes on until the restarted instance serves a session again"
        + " (at most "
        + sizes.returnLimit().toSeconds()
        + " s after the restart), then "
        + sizes.settle().toSeconds()
        + " s more. The median gap before the kill is the median time between two answers of"
        + " a session, a turn's time in the steady state. A gap is the longest time a session"
        + " went without an answer: moved, the"
        + " sessions the killed instance owned; survivor's, those the other one owned; kill, from"
        + " the kill to the restart; return, from the restart to the end. Restart: from the restarted JVM's launch"
        + " until its HTTP API first answered, and until its /health answered 200. Served again after:"
        + " from the restart until the restarted instance first answered for a session it owned."
        + " Lost and answered twice: completed turns without, or with more than one, user or"
        + " assistant message in the session's history, read at the end.";
  }
}
