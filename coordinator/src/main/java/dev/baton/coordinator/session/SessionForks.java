package dev.baton.coordinator.session;

import dev.baton.coordinator.session.SessionCommand.ForkSession;
import dev.baton.coordinator.session.SessionCommand.RefuseFork;
import dev.baton.coordinator.session.SessionCommand.SeedFork;
import dev.baton.coordinator.session.SessionEvent.ForkRefused;
import dev.baton.coordinator.session.SessionEvent.SessionForked;
import java.util.List;
import java.util.Optional;

/**
 * Forks: the source decides whether it can give a fork at a seq, the fork whether it can take it.
 *
 * <p>The source gives its settled history: any seq from its oldest retained message to its last
 * message before the running turn's user message (all of its history when no turn runs). The
 * messages of a running turn are not settled (they may be rolled back, and a tool call may still
 * wait for its result), so a fork never carries them. The fork takes the seed only if it has not
 * begun and has no history; it then holds the source's messages under their seqs and goes on from
 * {@code atSeq + 1}.
 */
final class SessionForks {

  private SessionForks() {}

  /** The source's decision on {@code fork}. */
  static void fork(DecisionDraft d, ForkSession fork) {
    Optional<ForkRefusal> refusal = refusalOf(d.state, fork);
    if (refusal.isPresent()) {
      refuse(d, fork, refusal.get(), detail(d.state, fork, refusal.get()));
      return;
    }
    HistoryRange copied = new HistoryRange(d.state.historyStart(), fork.atSeq() + 1);
    d.emit(
        new SessionForked(
            d.sessionId(), d.sessionId(), fork.forkSessionId(), fork.atSeq(), copied, d.now));
  }

  /** The source's history up to the seq cannot be written as one seed. */
  static void refuseOversize(DecisionDraft d, ForkSession fork, String detail) {
    refuse(
        d,
        fork,
        ForkRefusal.HISTORY_TOO_LARGE,
        "the history up to seq " + fork.atSeq() + " " + detail);
  }

  /** The fork's decision on the source's seed. */
  static void seed(DecisionDraft d, SeedFork seed) {
    Optional<String> problem = problemWith(d.state, seed);
    if (problem.isPresent()) {
      ForkRefusal refusal = taken(d.state) ? ForkRefusal.FORK_EXISTS : ForkRefusal.OTHER;
      refuseSeed(d, seed, refusal, problem.get());
      return;
    }
    HistoryRange copied = new HistoryRange(seed.messages().getFirst().seq(), seed.atSeq() + 1);
    d.emit(
        new SessionForked(
            d.sessionId(), seed.sourceSessionId(), d.sessionId(), seed.atSeq(), copied, d.now));
    seed.messages().forEach(d::appendMessage);
  }

  /** The seed of the fork cannot be written: the fork is refused as too large. */
  static void refuseOversize(DecisionDraft d, SeedFork seed, String detail) {
    refuseSeed(d, seed, ForkRefusal.HISTORY_TOO_LARGE, detail);
  }

  private static void refuseSeed(
      DecisionDraft d, SeedFork seed, ForkRefusal refusal, String detail) {
    d.emit(
        new ForkRefused(
            d.sessionId(),
            seed.sourceSessionId(),
            d.sessionId(),
            seed.atSeq(),
            refusal,
            detail,
            d.now));
  }

  /** The fork records the source's refusal. */
  static void refused(DecisionDraft d, RefuseFork refusal) {
    d.emit(
        new ForkRefused(
            d.sessionId(),
            refusal.sourceSessionId(),
            d.sessionId(),
            refusal.atSeq(),
            refusal.refusal(),
            refusal.detail(),
            d.now));
  }

  private static void refuse(DecisionDraft d, ForkSession fork, ForkRefusal code, String detail) {
    d.emit(
        new ForkRefused(
            d.sessionId(), d.sessionId(), fork.forkSessionId(), fork.atSeq(), code, detail, d.now));
  }

  /** Why {@code source} cannot give {@code fork}, if it cannot. */
  private static Optional<ForkRefusal> refusalOf(SessionState source, ForkSession fork) {
    if (fork.forkSessionId().equals(source.sessionId())) {
      return Optional.of(ForkRefusal.SAME_SESSION);
    }
    if (!source.hasBegun()) {
      return Optional.of(ForkRefusal.SOURCE_NOT_FOUND);
    }
    if (fork.atSeq() < source.historyStart() || fork.atSeq() > lastSettledSeq(source)) {
      return Optional.of(ForkRefusal.SEQ_OUT_OF_RANGE);
    }
    return Optional.empty();
  }

  private static String detail(SessionState source, ForkSession fork, ForkRefusal refusal) {
    return switch (refusal) {
      case SAME_SESSION -> "a session cannot be forked into itself";
      case SOURCE_NOT_FOUND -> "session " + source.sessionId() + " has no history";
      default ->
          "atSeq "
              + fork.atSeq()
              + " is not in ["
              + source.historyStart()
              + ", "
              + lastSettledSeq(source)
              + "]"
              + source
                  .activeTurn()
                  .map(t -> "; from " + t.firstSeq() + " on it is turn " + t.turnId() + ", running")
                  .orElse("");
    };
  }

  /** The seq of the last message that no running turn may still change. */
  private static long lastSettledSeq(SessionState state) {
    return state.activeTurn().map(ActiveTurn::firstSeq).orElse(state.nextSeq()) - 1;
  }

  private static Optional<String> problemWith(SessionState fork, SeedFork seed) {
    if (taken(fork)) {
      return Optional.of(
          "session "
              + fork.sessionId()
              + " already exists (history ["
              + fork.historyStart()
              + ", "
              + fork.nextSeq()
              + "))");
    }
    List<Message> messages = seed.messages();
    for (int i = 0; i < messages.size(); i++) {
      if (messages.get(i).seq() != messages.getFirst().seq() + i) {
        return Optional.of(
            "the seed's messages are not contiguous at seq " + messages.get(i).seq());
      }
    }
    if (messages.isEmpty()
        || messages.getFirst().seq() < SessionState.FIRST_SEQ
        || messages.getLast().seq() != seed.atSeq()) {
      return Optional.of("the seed does not end at seq " + seed.atSeq());
    }
    return Optional.empty();
  }

  /** Whether a session has begun or holds history, so it cannot become a fork. */
  private static boolean taken(SessionState state) {
    return !state.isUnused();
  }
}
