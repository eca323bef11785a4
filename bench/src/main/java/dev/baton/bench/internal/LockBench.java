package dev.baton.bench.internal;

import dev.baton.worker.OperationClass;
import dev.baton.worker.lock.LockOptions;
import dev.baton.worker.lock.LockRequest;
import dev.baton.worker.lock.TurnLocks;
import io.lettuce.core.RedisClient;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The turn lock ({@code TurnLocks}) against the raw rate of the same Redis: acquire+release cycles
 * uncontended on one thread and with {@value #THREADS} threads contending for the calls of the same
 * steps, and {@code EVALSHA} of a trivial script ({@code return 1}) on one connection from as many
 * threads. Every cycle is timed; rates are cycles over the wall time.
 */
public final class LockBench {

  /** Threads of the contended runs. */
  public static final int THREADS = 8;

  /** Alternating rounds of the uncontended lock and of raw {@code EVALSHA} on one thread. */
  private static final int ROUNDS = 4;

  /** The classes of a contended step's calls: reads overlap, the writes wait and run alone. */
  private static final String CONTENDED_STEP = "RRWRRRWR";

  private record Run(double perSecond, Latencies latencies) {}

  /** The uncontended lock and raw {@code EVALSHA}, measured in alternating rounds. */
  private record Alternated(Run lock, Run raw) {}

  @FunctionalInterface
  private interface Cycle {
    void run(int thread, int i);
  }

  private LockBench() {}

  /**
   * Runs every measurement with {@code cycles} cycles each, after a warm-up until the compilers are
   * quiet. The uncontended lock and the raw {@code EVALSHA} on one thread, whose rates make the
   * ratio, run in {@value #ROUNDS} alternating rounds of a {@value #ROUNDS}th each after warming up
   * both, so that neither always runs first.
   */
  public static Table run(String redisUri, int cycles) throws Exception {
    String session = "bench-lock-" + UUID.randomUUID();
    RedisClient client = RedisClient.create(redisUri);
    try (TurnLocks locks = TurnLocks.create(redisUri, LockOptions.defaults());
        StatefulRedisConnection<String, String> connection = client.connect()) {
      Cycle uncontended =
          (t, i) ->
              locks
                  .acquire(new LockRequest(session, "u" + t + "-" + i, 0, 1, 0, classes("W")))
                  .release();
      RedisCommands<String, String> redis = connection.sync();
      String sha = redis.scriptLoad("return 1");
      Cycle evalsha = (t, i) -> redis.evalsha(sha, ScriptOutputType.INTEGER);
      warmUp(cycles / 10, (t, i) -> uncontended.run(t + 100, i), evalsha);
      Alternated oneThread = alternating(cycles, uncontended, evalsha);
      List<OperationClass> step = classes(CONTENDED_STEP);
      Cycle contended =
          (t, i) -> locks.acquire(new LockRequest(session, "c" + i, 0, 1, t, step)).release();
      Run lock8 = timed(THREADS, cycles / THREADS, contended);
      Run raw8 = timed(THREADS, cycles / THREADS, evalsha);
      return table(oneThread.lock(), lock8, oneThread.raw(), raw8, cycles);
    } finally {
      client.shutdown();
    }
  }

  /**
   * Rounds of {@code perRound} cycles of {@code lock} and of {@code raw} on one thread until this
   * JVM's compilers are quiet ({@link CompilerSettling}): after a fixed warm-up of a tenth of the
   * cycles, the first of three runs in a JVM measured the lock about a sixth slower than the
   * others.
   */
  private static void warmUp(int perRound, Cycle lock, Cycle raw) throws Exception {
    CompilerSettling.Outcome outcome =
        CompilerSettling.settle(
            List.of(),
            round -> {
              try {
                int offset = round * perRound;
                timed(1, perRound, (t, i) -> lock.run(t, offset + i));
                timed(1, perRound, raw);
              } catch (InterruptedException e) {
                throw e;
              } catch (Exception e) {
                throw new IllegalStateException("The lock's warm-up failed", e);
              }
            });
    System.out.println("lock: " + outcome.describe());
  }

  /**
   * {@code cycles} of {@code lock} and of {@code raw} on one thread, in {@value #ROUNDS} rounds
   * that alternate between them; each run's rate is its cycles over the time of its own rounds.
   */
  private static Alternated alternating(int cycles, Cycle lock, Cycle raw) throws Exception {
    int perRound = cycles / ROUNDS;
    Latencies lockLatencies = new Latencies(cycles);
    Latencies rawLatencies = new Latencies(cycles);
    double lockSeconds = 0;
    double rawSeconds = 0;
    for (int round = 0; round < ROUNDS; round++) {
      int offset = round * perRound;
      lockSeconds += seconds(1, perRound, (t, i) -> lock.run(t, offset + i), lockLatencies);
      rawSeconds += seconds(1, perRound, raw, rawLatencies);
    }
    return new Alternated(
        new Run(lockLatencies.count() / lockSeconds, lockLatencies),
        new Run(rawLatencies.count() / rawSeconds, rawLatencies));
  }

  private static Table table(Run lock1, Run lock8, Run raw1, Run raw8, int cycles) {
    Table table =
        new Table(
            "lock",
            "Turn lock: acquire+release vs raw EVALSHA",
            "run",
            "threads",
            "ops/s",
            "p50 ms",
            "p99 ms",
            "% of raw EVALSHA");
    table.row(
        "lock uncontended", 1, lock1.perSecond(), p(lock1, 50), p(lock1, 99), pct(lock1, raw1));
    table.row(
        "lock contended " + CONTENDED_STEP,
        THREADS,
        lock8.perSecond(),
        p(lock8, 50),
        p(lock8, 99),
        pct(lock8, raw8));
    table.row("raw EVALSHA", 1, raw1.perSecond(), p(raw1, 50), p(raw1, 99), 100.0);
    table.row("raw EVALSHA", THREADS, raw8.perSecond(), p(raw8, 50), p(raw8, 99), 100.0);
    return table.note(
        "Cycles: "
            + cycles
            + " per run. Contended: "
            + THREADS
            + " threads each take call t of the same 8-call step ("
            + CONTENDED_STEP
            + "), step after step; a write waits for the calls before it and the calls after it"
            + " wait for the write. Raw EVALSHA: `return 1` on one shared Lettuce connection. On"
            + " one thread the lock and raw EVALSHA run in "
            + ROUNDS
            + " alternating rounds, after rounds of both until the JIT compilers are quiet.");
  }

  private static double p(Run run, double percentile) {
    return run.latencies().percentileMillis(percentile);
  }

  private static double pct(Run lock, Run raw) {
    return 100.0 * lock.perSecond() / raw.perSecond();
  }

  private static Run timed(int threads, int perThread, Cycle cycle) throws Exception {
    Latencies latencies = new Latencies(threads * perThread);
    double seconds = seconds(threads, perThread, cycle, latencies);
    return new Run(threads * perThread / seconds, latencies);
  }

  /** Runs {@code perThread} cycles on each of {@code threads}, timed into {@code latencies}. */
  private static double seconds(int threads, int perThread, Cycle cycle, Latencies latencies)
      throws Exception {
    long start = System.nanoTime();
    try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
      List<Future<?>> runs = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int thread = t;
        runs.add(
            pool.submit(
                () -> {
                  for (int i = 0; i < perThread; i++) {
                    long begin = System.nanoTime();
                    cycle.run(thread, i);
                    latencies.record(begin, System.nanoTime());
                  }
                }));
      }
      for (Future<?> run : runs) {
        run.get();
      }
    }
    return (System.nanoTime() - start) / 1e9;
  }

  private static List<OperationClass> classes(String letters) {
    return letters
        .chars()
        .mapToObj(c -> c == 'R' ? OperationClass.READ : OperationClass.WRITE)
        .toList();
  }
}
