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

  /** The classes of a contended step's calls: reads overlap, the writes wait and run alone. */
  private static final String CONTENDED_STEP = "RRWRRRWR";

  private record Run(double perSecond, Latencies latencies) {}

  @FunctionalInterface
  private interface Cycle {
    void run(int thread, int i);
  }

  private LockBench() {}

  /** Runs every measurement with {@code cycles} cycles each (after a tenth as warm-up). */
  public static Table run(String redisUri, int cycles) throws Exception {
    String session = "bench-lock-" + UUID.randomUUID();
    Run lock1;
    Run lock8;
    try (TurnLocks locks = TurnLocks.create(redisUri, LockOptions.defaults())) {
      Cycle uncontended =
          (t, i) ->
              locks
                  .acquire(new LockRequest(session, "u" + t + "-" + i, 0, 1, 0, classes("W")))
                  .release();
      timed(1, cycles / 10, (t, i) -> uncontended.run(t + 100, i));
      lock1 = timed(1, cycles, uncontended);
      List<OperationClass> step = classes(CONTENDED_STEP);
      Cycle contended =
          (t, i) -> locks.acquire(new LockRequest(session, "c" + i, 0, 1, t, step)).release();
      lock8 = timed(THREADS, cycles / THREADS, contended);
    }
    Run raw1;
    Run raw8;
    RedisClient client = RedisClient.create(redisUri);
    try (StatefulRedisConnection<String, String> connection = client.connect()) {
      RedisCommands<String, String> redis = connection.sync();
      String sha = redis.scriptLoad("return 1");
      Cycle evalsha = (t, i) -> redis.evalsha(sha, ScriptOutputType.INTEGER);
      timed(1, cycles / 10, evalsha);
      raw1 = timed(1, cycles, evalsha);
      raw8 = timed(THREADS, cycles / THREADS, evalsha);
    } finally {
      client.shutdown();
    }
    return table(lock1, lock8, raw1, raw8, cycles);
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
            + " wait for the write. Raw EVALSHA: `return 1` on one shared Lettuce connection.");
  }

  private static double p(Run run, double percentile) {
    return run.latencies().percentileMillis(percentile);
  }

  private static double pct(Run lock, Run raw) {
    return 100.0 * lock.perSecond() / raw.perSecond();
  }

  private static Run timed(int threads, int perThread, Cycle cycle) throws Exception {
    Latencies latencies = new Latencies(threads * perThread);
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
    double seconds = (System.nanoTime() - start) / 1e9;
    return new Run(threads * perThread / seconds, latencies);
  }

  private static List<OperationClass> classes(String letters) {
    return letters
        .chars()
        .mapToObj(c -> c == 'R' ? OperationClass.READ : OperationClass.WRITE)
        .toList();
  }
}
