package dev.baton.cli.testkit;

import dev.baton.coordinator.session.SessionEpoch;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.UnaryOperator;

/**
 * Checks the invariants of sessions' histories and event logs, as read through the HTTP API or from
 * the topics ({@link TopicReader}). Integration, crash and chaos tests and benchmarks use it to
 * prove that nothing was lost, duplicated or reordered. Every violation found is reported as a
 * readable sentence: {@link #violations} and {@link #checkAll} return them, {@link #check} throws
 * them in one {@link AssertionError} that names the session.
 *
 * <pre>{@code
 * HistoryChecker checker = HistoryChecker.forAgent(EchoAgent::answerTo);
 * List<HistoryChecker.Turn> turns = checker.check(sessionId, api.history(sessionId),
 *     api.events(sessionId));
 *
 * HistoryReport report = checker.checkAll(reader.catchUp().histories(), reader.eventSummaries());
 * report.assertClean();
 * }</pre>
 *
 * <p>It assumes a whole life of a session: events from its first {@code eventSeq}, a multiple of
 * {@link SessionEpoch#NUMBERS_PER_MILLI} (the life's epoch millis times it), and a history that was
 * never cleared (it starts at {@link #firstSeq}).
 *
 * <p><b>Events</b>, in {@code eventSeq} order:
 *
 * <ol>
 *   <li><i>Gap-free.</i> The {@code eventSeq}s are e, e + 1, e + 2, ... without gaps or repeats,
 *       from the life's first {@code eventSeq} e.
 *   <li><i>One active turn.</i> A {@code TurnStarted} never comes while another turn is active,
 *       that is between another turn's {@code TurnStarted} and its end ({@code TurnCompleted},
 *       {@code TurnFailed}, {@code TurnCancelled} or {@code TurnTimedOut}); an end event is always
 *       about the active turn.
 *   <li><i>One turn per turn id.</i> A turn id is accepted ({@code TurnAccepted}) at most once and
 *       started at most once, and a turn starts or is queued only after it was accepted. (A
 *       rejected turn id is not remembered, so it may be accepted by a later submit.)
 *   <li><i>First in, first out.</i> Turns start in the order they were accepted.
 *   <li><i>Settled</i> (unless {@link #allowingUnfinishedTurns()}): every accepted turn has started
 *       and ended; no turn is active.
 * </ol>
 *
 * <p><b>History</b>, in {@code seq} order:
 *
 * <ol>
 *   <li><i>Gap-free.</i> The {@code seq}s are {@link #firstSeq}, +1, +2, ... without gaps.
 *   <li><i>Turns are blocks.</i> The messages of one turn are contiguous: its one {@code USER}
 *       input first, then its {@code ASSISTANT} and {@code TOOL} messages. A turn id has one block
 *       and one input, so a repeated submit never added a second turn.
 *   <li><i>No duplicated message.</i> An {@code ASSISTANT} message is never followed directly by
 *       another one of its turn (it either asked for tools, whose results come next, or answered
 *       and ended the turn), and a tool call's result is in the history once (checked where the
 *       messages carry call ids, as {@link TopicReader}'s do; the HTTP history does not).
 *   <li><i>Input and answer pair up.</i> A completed turn's block ends with an {@code ASSISTANT}
 *       message whose content is the agent's answer to the turn's input.
 * </ol>
 *
 * <p><b>History and events together</b>:
 *
 * <ol>
 *   <li>The {@code MessageAppended} events name exactly the history's messages, in the same order,
 *       with the same turn ids.
 *   <li>The turns of the history come in the order of their {@code TurnStarted} events, and every
 *       started turn has its block.
 *   <li>A {@code TurnCompleted}'s {@code answerSeq} is the seq of its turn's last message.
 * </ol>
 */
public final class HistoryChecker {

  /** The seq of a session's first message. */
  public static final long FIRST_SEQ = 1;

  private final UnaryOperator<String> answerTo;
  private final boolean requireSettled;
  private final long firstSeq;

  private HistoryChecker(UnaryOperator<String> answerTo, boolean requireSettled, long firstSeq) {
    this.answerTo = answerTo;
    this.requireSettled = requireSettled;
    this.firstSeq = firstSeq;
  }

  /**
   * A checker for sessions whose agent answers every input with {@code answerTo(input)} in one
   * step, such as {@code EchoAgent::answerTo}; every accepted turn must have ended.
   */
  public static HistoryChecker forAgent(UnaryOperator<String> answerTo) {
    return new HistoryChecker(Objects.requireNonNull(answerTo, "answerTo"), true, FIRST_SEQ);
  }

  /** This checker, allowing a turn that is still active or queued. */
  public HistoryChecker allowingUnfinishedTurns() {
    return new HistoryChecker(answerTo, false, firstSeq);
  }

  /** The seq the history must start at. */
  public long firstSeq() {
    return firstSeq;
  }

  /**
   * One turn of a session, as its history and events tell it.
   *
   * @param turnId the turn id
   * @param input the user's input
   * @param answer the final answer; null if the turn has not completed
   */
  public record Turn(String turnId, String input, String answer) {}

  /**
   * Checks {@code history} and {@code events} of {@code sessionId} and returns its turns in the
   * order they ran.
   *
   * @throws AssertionError listing every violation
   */
  public List<Turn> check(
      String sessionId, List<HistoryMessage> history, List<EventSummary> events) {
    List<String> violations = new ArrayList<>();
    List<Turn> turns = check(history, events, violations);
    failOn(sessionId, violations);
    return turns;
  }

  /**
   * The invariants that one session's {@code history} and {@code events} break, each as a sentence
   * about the turn, message or event at fault; empty if they hold.
   */
  public List<String> violations(List<HistoryMessage> history, List<EventSummary> events) {
    List<String> violations = new ArrayList<>();
    check(history, events, violations);
    return violations;
  }

  /**
   * Checks every session of {@code histories} and {@code events} (keyed by session id; a session
   * may be missing from one of them) and sums up what it found.
   */
  public HistoryReport checkAll(
      Map<String, List<HistoryMessage>> histories, Map<String, List<EventSummary>> events) {
    Set<String> sessions = new TreeSet<>(histories.keySet());
    sessions.addAll(events.keySet());
    HistoryReport.Builder report = HistoryReport.builder();
    for (String sessionId : sessions) {
      List<EventSummary> sessionEvents = events.getOrDefault(sessionId, List.of());
      List<String> violations = new ArrayList<>();
      check(histories.getOrDefault(sessionId, List.of()), sessionEvents, violations);
      report.session(sessionId, sessionEvents, violations);
    }
    return report.build();
  }

  private List<Turn> check(
      List<HistoryMessage> history, List<EventSummary> events, List<String> violations) {
    List<String> started = checkEvents(events, violations);
    List<Turn> turns = checkHistory(history, events, violations);
    checkTogether(history, events, started, turns, violations);
    return turns;
  }

  /**
   * Checks the event invariants of {@code sessionId} alone, for example for events read from the
   * topic.
   *
   * @return the turn ids in the order they started
   * @throws AssertionError listing every violation
   */
  public List<String> checkEvents(String sessionId, List<EventSummary> events) {
    List<String> violations = new ArrayList<>();
    List<String> started = checkEvents(events, violations);
    failOn(sessionId, violations);
    return started;
  }

  /** The first {@code eventSeq} of the life that {@code eventSeq} belongs to. */
  private static long lifeStart(long eventSeq) {
    return eventSeq - eventSeq % SessionEpoch.NUMBERS_PER_MILLI;
  }

  private List<String> checkEvents(List<EventSummary> events, List<String> violations) {
    Set<String> accepted = new HashSet<>();
    List<String> acceptedOrder = new ArrayList<>();
    List<String> startedOrder = new ArrayList<>();
    Set<String> ended = new HashSet<>();
    String active = null;
    long first = events.isEmpty() ? 0 : lifeStart(events.getFirst().eventSeq());
    for (int i = 0; i < events.size(); i++) {
      EventSummary event = events.get(i);
      if (event.eventSeq() != first + i) {
        violations.add(
            "event #" + i + " has eventSeq " + event.eventSeq() + ", expected " + (first + i));
      }
      String turn = event.turnId();
      switch (event.type()) {
        case "TurnAccepted" -> {
          if (!accepted.add(turn)) {
            violations.add(
                "turn " + turn + " accepted twice, again at eventSeq " + event.eventSeq());
          }
          acceptedOrder.add(turn);
        }
        case "TurnQueued" -> {
          if (!accepted.contains(turn)) {
            violations.add("turn " + turn + " queued without TurnAccepted at " + event.eventSeq());
          }
        }
        case "TurnStarted" -> {
          if (!accepted.contains(turn)) {
            violations.add("turn " + turn + " started without TurnAccepted at " + event.eventSeq());
          }
          if (startedOrder.contains(turn)) {
            violations.add(
                "turn " + turn + " started twice, again at eventSeq " + event.eventSeq());
          }
          if (active != null) {
            violations.add(
                "turn "
                    + turn
                    + " started at eventSeq "
                    + event.eventSeq()
                    + " while turn "
                    + active
                    + " was active");
          }
          startedOrder.add(turn);
          active = turn;
        }
        default -> {
          if (event.endsTurn()) {
            if (!Objects.equals(turn, active)) {
              violations.add(
                  event.type()
                      + " of turn "
                      + turn
                      + " at eventSeq "
                      + event.eventSeq()
                      + " but the active turn is "
                      + active);
            }
            ended.add(turn);
            active = null;
          }
        }
      }
    }
    if (!startedOrder.equals(
        acceptedOrder.subList(0, Math.min(startedOrder.size(), acceptedOrder.size())))) {
      violations.add(
          "turns started in the order " + startedOrder + ", not as accepted " + acceptedOrder);
    }
    if (requireSettled) {
      if (active != null) {
        violations.add("turn " + active + " is still active");
      }
      for (String turn : acceptedOrder) {
        if (!ended.contains(turn)) {
          violations.add("accepted turn " + turn + " never ended");
        }
      }
    }
    return startedOrder;
  }

  private List<Turn> checkHistory(
      List<HistoryMessage> history, List<EventSummary> events, List<String> violations) {
    Set<String> completed = new HashSet<>();
    events.stream().filter(e -> e.is("TurnCompleted")).forEach(e -> completed.add(e.turnId()));
    Map<String, List<HistoryMessage>> blocks = new LinkedHashMap<>();
    Set<String> callIds = new HashSet<>();
    String current = null;
    for (int i = 0; i < history.size(); i++) {
      HistoryMessage message = history.get(i);
      if (message.seq() != firstSeq + i) {
        violations.add(
            "message #" + i + " has seq " + message.seq() + ", expected " + (firstSeq + i));
      }
      String turn = message.turnId();
      if (!Objects.equals(turn, current)) {
        if (blocks.containsKey(turn)) {
          violations.add(
              "turn " + turn + " has a second block of messages at seq " + message.seq());
        } else if (!message.role().equals("USER")) {
          violations.add(
              "turn " + turn + " starts with a " + message.role() + " message at " + message.seq());
        }
        current = turn;
      } else {
        checkRepeat(history.get(i - 1), message, violations);
      }
      if (message.callId() != null && !callIds.add(message.callId())) {
        violations.add(
            "tool call "
                + message.callId()
                + " of turn "
                + turn
                + " has a second result at seq "
                + message.seq());
      }
      blocks.computeIfAbsent(turn, t -> new ArrayList<>()).add(message);
    }
    List<Turn> turns = new ArrayList<>();
    blocks.forEach(
        (turnId, messages) -> {
          String input = messages.getFirst().content();
          HistoryMessage last = messages.getLast();
          boolean answered = completed.contains(turnId);
          String answer = null;
          if (answered) {
            if (messages.size() < 2 || !last.role().equals("ASSISTANT")) {
              violations.add("completed turn " + turnId + " does not end with an answer");
            } else {
              answer = last.content();
              String expected = answerTo.apply(input);
              if (!expected.equals(answer)) {
                violations.add(
                    "turn "
                        + turnId
                        + " answered '"
                        + answer
                        + "' to '"
                        + input
                        + "', expected '"
                        + expected
                        + "'");
              }
            }
          }
          turns.add(new Turn(turnId, input, answer));
        });
    return turns;
  }

  /** Checks {@code message} against the {@code previous} message of the same turn. */
  private static void checkRepeat(
      HistoryMessage previous, HistoryMessage message, List<String> violations) {
    String turn = message.turnId();
    if (message.role().equals("USER")) {
      violations.add("turn " + turn + " has a second USER message at seq " + message.seq());
    } else if (message.role().equals("ASSISTANT") && previous.role().equals("ASSISTANT")) {
      violations.add(
          "turn "
              + turn
              + " has an ASSISTANT message at seq "
              + message.seq()
              + " right after another one"
              + (message.content().equals(previous.content()) ? " with the same content" : ""));
    }
  }

  private void checkTogether(
      List<HistoryMessage> history,
      List<EventSummary> events,
      List<String> started,
      List<Turn> turns,
      List<String> violations) {
    List<String> appended =
        events.stream()
            .filter(e -> e.is("MessageAppended"))
            .map(e -> e.seq() + "/" + e.turnId())
            .toList();
    List<String> messages = history.stream().map(m -> m.seq() + "/" + m.turnId()).toList();
    if (!appended.equals(messages)) {
      violations.add(
          "MessageAppended events name " + appended + " but the history holds " + messages);
    }
    List<String> historyOrder = turns.stream().map(Turn::turnId).toList();
    if (!historyOrder.equals(started)) {
      violations.add(
          "the history's turns are " + historyOrder + " but the turns started were " + started);
    }
    Map<String, Long> lastSeq = new HashMap<>();
    history.forEach(m -> lastSeq.put(m.turnId(), m.seq()));
    for (EventSummary event : events) {
      if (event.is("TurnCompleted") && !Objects.equals(event.seq(), lastSeq.get(event.turnId()))) {
        violations.add(
            "TurnCompleted of "
                + event.turnId()
                + " names answerSeq "
                + event.seq()
                + " but the turn's last message is "
                + lastSeq.get(event.turnId()));
      }
    }
  }

  private static void failOn(String sessionId, List<String> violations) {
    if (!violations.isEmpty()) {
      throw new AssertionError(
          "session "
              + sessionId
              + " breaks "
              + violations.size()
              + " invariant(s):\n  "
              + String.join("\n  ", violations));
    }
  }
}
