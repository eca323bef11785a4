package dev.baton.cli.chaos;

import dev.baton.cli.chaos.Violation.Invariant;
import dev.baton.cli.testkit.EventSummary;
import dev.baton.schemas.avro.HistoryClearReason;
import dev.baton.schemas.avro.HistoryCleared;
import dev.baton.schemas.avro.Message;
import dev.baton.schemas.avro.MessageAppended;
import dev.baton.schemas.avro.SessionEvent;
import dev.baton.schemas.avro.SessionExpired;
import dev.baton.schemas.avro.ToolCallRequest;
import dev.baton.schemas.avro.TurnAccepted;
import dev.baton.schemas.avro.TurnStarted;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.apache.avro.specific.SpecificRecord;

/**
 * Walks one session's events in order, as the model would apply them, and checks the turn, event
 * and transcript invariants on the way: a turn's transcript right after the decision that ended it.
 * The history it rebuilds (from {@code MessageAppended}, {@code HistoryCleared} and {@code
 * SessionExpired}) is compared with the history topic at the end.
 */
final class SessionLogCheck {

  /** One message of the rebuilt history. */
  record Entry(long seq, String turnId, Message message) {}

  private final String sessionId;
  private final Consumer<Violation> out;
  private final TreeMap<Long, Entry> history = new TreeMap<>();
  private final List<Entry> toolResults = new ArrayList<>();
  private Set<String> accepted = new HashSet<>();
  private String active;
  private long lastEventSeq = -1;
  private boolean newLife = true;
  private long nextSeq = -1;
  private String decision;
  private final List<Runnable> afterDecision = new ArrayList<>();

  SessionLogCheck(String sessionId, Consumer<Violation> out) {
    this.sessionId = sessionId;
    this.out = out;
  }

  /** Walks {@code events} and reports what they break. */
  SessionLogCheck walk(List<SessionEvent> events) {
    events.forEach(this::apply);
    endDecision();
    TurnEnds.unfinished(events)
        .forEach(
            turn -> report(Invariant.TURN_NEVER_ENDED, "accepted turn " + turn + " never ended"));
    return this;
  }

  /** The history the events describe at the end, by seq. */
  TreeMap<Long, Entry> history() {
    return history;
  }

  /** Every tool message ever appended, in order, including those removed later. */
  List<Entry> toolResults() {
    return toolResults;
  }

  private void apply(SessionEvent event) {
    // The events of one decision share their cause and time; a transcript is checked once the
    // decision that ended its turn is applied whole (a rollback removes the turn after its end).
    String key = event.getCausationId() + "@" + event.getOccurredAt();
    if (!key.equals(decision)) {
      endDecision();
      decision = key;
    }
    checkEventSeq(event.getEventSeq());
    String turn = event.getTurnId();
    String type = ((SpecificRecord) event.getBody()).getSchema().getName();
    switch (event.getBody()) {
      case TurnAccepted ignored -> {
        if (!accepted.add(turn)) {
          report(
              Invariant.TURN_ACCEPTED_TWICE,
              "turn " + turn + " accepted again at eventSeq " + event.getEventSeq());
        }
      }
      case TurnStarted ignored -> {
        if (active != null) {
          report(
              Invariant.TWO_ACTIVE_TURNS,
              "turn "
                  + turn
                  + " started at eventSeq "
                  + event.getEventSeq()
                  + " while "
                  + active
                  + " was active");
        }
        active = turn;
      }
      case MessageAppended appended -> append(turn, appended);
      case HistoryCleared cleared -> clear(cleared);
      case SessionExpired ignored -> expire();
      default -> {
        if (EventSummary.TURN_ENDS.contains(type)) {
          end(turn, event.getEventSeq());
        }
      }
    }
  }

  private void endDecision() {
    afterDecision.forEach(Runnable::run);
    afterDecision.clear();
  }

  private void checkEventSeq(long eventSeq) {
    if (!newLife && eventSeq != lastEventSeq + 1) {
      report(Invariant.EVENT_SEQ_GAP, "eventSeq " + eventSeq + " follows " + lastEventSeq);
    }
    newLife = false;
    lastEventSeq = eventSeq;
  }

  private void append(String turn, MessageAppended appended) {
    long seq = appended.getSeq();
    if (nextSeq >= 0 && seq != nextSeq) {
      report(
          Invariant.HISTORY_SEQ_GAP,
          "message of turn " + turn + " has seq " + seq + ", expected " + nextSeq);
    }
    nextSeq = seq + 1;
    Entry entry = new Entry(seq, turn, appended.getMessage());
    history.put(seq, entry);
    if (entry.message().getToolResult() != null) {
      toolResults.add(entry);
    }
  }

  private void clear(HistoryCleared cleared) {
    history.subMap(cleared.getFromSeq(), cleared.getToSeq()).clear();
    if (cleared.getReason() == HistoryClearReason.ROLLED_BACK) {
      nextSeq = cleared.getFromSeq();
    }
  }

  private void expire() {
    history.clear();
    accepted = new HashSet<>();
    nextSeq = -1;
    newLife = true;
  }

  private void end(String turn, long eventSeq) {
    if (Objects.equals(turn, active)) {
      active = null;
      afterDecision.add(() -> checkTranscript(turn, eventSeq));
    }
  }

  /** Each assistant message with calls is followed by one tool message per call, in order. */
  private void checkTranscript(String turn, long eventSeq) {
    List<Entry> messages = history.values().stream().filter(e -> turn.equals(e.turnId())).toList();
    for (int i = 0; i < messages.size(); i++) {
      Message message = messages.get(i).message();
      List<ToolCallRequest> calls = message.getToolCalls();
      if (message.getToolResult() != null) {
        broken(
            turn,
            eventSeq,
            "a tool message at seq " + messages.get(i).seq() + " answers no call before it");
        continue;
      }
      for (int c = 0; c < calls.size(); c++) {
        String callId = calls.get(c).getCallId();
        int at = i + 1 + c;
        Message answer = at < messages.size() ? messages.get(at).message() : null;
        if (answer == null
            || answer.getToolResult() == null
            || !callId.equals(answer.getToolResult().getCallId())) {
          broken(
              turn,
              eventSeq,
              "call "
                  + callId
                  + " (#"
                  + c
                  + " of the assistant message at seq "
                  + messages.get(i).seq()
                  + ") is answered by "
                  + describe(answer));
          return;
        }
      }
      i += calls.size();
    }
  }

  private void broken(String turn, long eventSeq, String what) {
    report(
        Invariant.TRANSCRIPT_BROKEN,
        "when turn " + turn + " ended (eventSeq " + eventSeq + "): " + what);
  }

  private static String describe(Message message) {
    if (message == null) {
      return "nothing";
    }
    return message.getToolResult() == null
        ? "a " + message.getRole() + " message"
        : "the result of call " + message.getToolResult().getCallId();
  }

  private void report(Invariant invariant, String detail) {
    out.accept(new Violation(invariant, sessionId, detail));
  }

  /** The rebuilt history as {@code seq/turn/role} lines, to compare with the topic. */
  static List<String> lines(Map<Long, Entry> history) {
    return history.values().stream()
        .map(e -> e.seq() + "/" + e.turnId() + "/" + e.message().getRole())
        .toList();
  }
}
