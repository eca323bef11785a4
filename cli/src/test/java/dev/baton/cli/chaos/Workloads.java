package dev.baton.cli.chaos;

import dev.baton.cli.chaos.ToolScript.Call;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;
import net.jqwik.api.Tuple.Tuple2;
import net.jqwik.api.sessions.JqwikSession;

/**
 * Generates a {@link Workload} from a seed with jqwik's arbitraries: the same seed, faults and
 * length always give the same operations. Turns are mostly tool turns: one or two batches of one to
 * four calls, mostly reads, some writes, mostly short, a few long enough to outlive a lease.
 */
public final class Workloads {

  /** Sessions per workload. */
  public static final int SESSIONS = 3;

  /** Ordinary workers per workload. */
  public static final int WORKERS = 2;

  /** How far a skewed clock runs ahead, in milliseconds: ten minutes. */
  public static final long SKEW_MS = 10 * 60 * 1000;

  private static final int GEN_SIZE = 1000;

  private Workloads() {}

  /** The workload of {@code seed}: {@code length} operations that inject only {@code faults}. */
  public static Workload generate(long seed, Set<Fault> faults, int length) {
    // Arbitraries generate only inside a jqwik session; a property runs in one already.
    boolean own = !JqwikSession.isActive();
    if (own) {
      JqwikSession.start();
    }
    try {
      List<Op> ops =
          operation(faults)
              .list()
              .ofSize(length)
              .generator(GEN_SIZE)
              .next(new Random(seed))
              .value();
      return new Workload(seed, faults, SESSIONS, WORKERS, ops);
    } finally {
      if (own) {
        JqwikSession.finish();
      }
    }
  }

  private static Arbitrary<Op> operation(Set<Fault> faults) {
    List<Tuple2<Integer, Arbitrary<? extends Op>>> choices = new ArrayList<>();
    choices.add(Tuple.of(10, submit(faults)));
    choices.add(Tuple.of(6, Arbitraries.integers().between(0, 800).map(Op.Pause::new)));
    if (faults.contains(Fault.DUPLICATE_SUBMIT)) {
      choices.add(Tuple.of(2, resubmit(true)));
    }
    if (faults.contains(Fault.REUSED_TURN_ID)) {
      choices.add(Tuple.of(2, resubmit(false)));
    }
    if (faults.contains(Fault.CANCEL)) {
      choices.add(
          Tuple.of(
              2,
              Combinators.combine(session(), Arbitraries.integers().between(0, 3))
                  .as((s, k) -> new Op.Cancel(s, k == 0))));
    }
    if (faults.contains(Fault.EXPIRY)) {
      choices.add(Tuple.of(1, session().map(Op.Expire::new)));
    }
    if (faults.contains(Fault.WORKER_KILL)) {
      choices.add(
          Tuple.of(1, Arbitraries.integers().between(0, WORKERS - 1).map(Op.KillWorker::new)));
    }
    if (faults.contains(Fault.REDIS_RESTART)) {
      choices.add(Tuple.of(1, Arbitraries.just(new Op.StopRedis())));
      choices.add(Tuple.of(1, Arbitraries.just(new Op.StartRedis())));
    }
    if (faults.contains(Fault.WRONG_PARTITION)) {
      choices.add(Tuple.of(2, rawSubmit(faults, true, 0)));
    }
    if (faults.contains(Fault.SKEWED_CLOCK)) {
      choices.add(Tuple.of(1, rawSubmit(faults, false, SKEW_MS)));
      choices.add(Tuple.of(2, session().map(s -> new Op.SkewedRenewal(s, SKEW_MS))));
    }
    return Arbitraries.frequencyOf(choices.toArray(Tuple2[]::new));
  }

  private static Arbitrary<Op> submit(Set<Fault> faults) {
    List<Tuple2<Integer, String>> modes = new ArrayList<>();
    modes.add(Tuple.of(6, "enqueue"));
    modes.add(Tuple.of(2, "reject"));
    if (faults.contains(Fault.INTERRUPT)) {
      modes.add(Tuple.of(2, "interrupt"));
    }
    if (faults.contains(Fault.ROLLBACK)) {
      modes.add(Tuple.of(2, "rollback"));
    }
    Arbitrary<String> onBusy = Arbitraries.frequency(modes.toArray(Tuple2[]::new));
    return Combinators.combine(session(), script(faults), onBusy).as(Op.Submit::new);
  }

  private static Arbitrary<Op> resubmit(boolean sameInput) {
    return Combinators.combine(session(), Arbitraries.integers().between(0, 1000))
        .as((s, pick) -> new Op.Resubmit(s, sameInput, pick));
  }

  private static Arbitrary<Op> rawSubmit(Set<Fault> faults, boolean wrongPartition, long skewMs) {
    return Combinators.combine(session(), script(faults))
        .as((s, script) -> new Op.RawSubmit(s, script, wrongPartition, skewMs));
  }

  private static Arbitrary<Integer> session() {
    return Arbitraries.integers().between(0, SESSIONS - 1);
  }

  /** A turn: how long each step thinks, and zero to two batches of one to four calls. */
  static Arbitrary<ToolScript> script(Set<Fault> faults) {
    Arbitrary<List<Call>> batch = call(faults).list().ofMinSize(1).ofMaxSize(4);
    return Combinators.combine(
            Arbitraries.integers().between(20, 400),
            Arbitraries.integers().between(0, 999_999),
            Arbitraries.frequencyOf(
                Tuple.of(1, batch.list().ofSize(0)),
                Tuple.of(5, batch.list().ofSize(1)),
                Tuple.of(3, batch.list().ofSize(2))))
        .as(ToolScript::new);
  }

  private static Arbitrary<Call> call(Set<Fault> faults) {
    Arbitrary<String> key = Arbitraries.of("a", "b", "c");
    Arbitrary<Integer> ms =
        Arbitraries.frequencyOf(
            Tuple.of(6, Arbitraries.integers().between(10, 200)),
            Tuple.of(3, Arbitraries.integers().between(200, 1000)),
            Tuple.of(1, Arbitraries.integers().between(1500, 4500)));
    List<Tuple2<Integer, Arbitrary<Call>>> kinds = new ArrayList<>();
    kinds.add(Tuple.of(5, Combinators.combine(ms, key).as((m, k) -> new Call('r', m, k))));
    kinds.add(Tuple.of(3, Combinators.combine(ms, key).as((m, k) -> new Call('w', m, k))));
    if (faults.contains(Fault.LARGE_OUTPUT)) {
      Arbitrary<Integer> bytes = Arbitraries.integers().between(100_000, 900_000);
      kinds.add(Tuple.of(1, Combinators.combine(ms, bytes).as((m, b) -> new Call('b', m, "" + b))));
    }
    return Arbitraries.frequencyOf(kinds.toArray(Tuple2[]::new));
  }
}
