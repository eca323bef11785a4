package dev.baton.coordinator.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.coordinator.session.SessionCommand.SubmitTurn;
import dev.baton.coordinator.session.SessionEvent.DuplicateTurnSubmitted;
import dev.baton.coordinator.session.SessionEvent.SessionExpired;
import dev.baton.coordinator.session.SessionEvent.StepAssigned;
import dev.baton.coordinator.session.SessionEvent.TurnAccepted;
import dev.baton.coordinator.session.SessionEvent.TurnEnded;
import dev.baton.coordinator.session.SessionEvent.TurnRejected;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a session must remember of turn ids, worked out from its events alone: the inputs of its
 * active and queued turns and of the inputs steered into the active turn, and of the turns that
 * ended within the turn-id window (with the inputs delivered to them), the latest {@link
 * SessionLimits#rememberedTurns()} of them, forgotten at expiry. It checks a submit's answer
 * against them: a known id with its input is a duplicate, with another input {@code
 * TURN_ID_REUSED}, and an unknown id is neither.
 */
final class TurnIdOracle {

  private record Finished(String input, Instant endedAt) {}

  private final SessionLimits limits;
  private final Map<String, String> open = new HashMap<>();
  private final LinkedHashMap<String, Finished> finished = new LinkedHashMap<>();
  private final Map<String, List<String>> delivered = new HashMap<>();

  TurnIdOracle(SessionLimits limits) {
    this.limits = limits;
  }

  /**
   * Checks {@code answer}, the first event answering {@code submit} (or its {@code TurnAccepted}),
   * decided at {@code now}, before it is applied.
   */
  void checkAnswer(SubmitTurn submit, SessionEvent answer, Instant now) {
    Optional<String> known = knownInput(submit.turnId(), now);
    System.err.println(
        "DEBUG "
            + submit
            + " known="
            + known
            + " open="
            + open
            + " finished="
            + finished
            + " answer="
            + answer);
    boolean duplicate = answer instanceof DuplicateTurnSubmitted;
    boolean reused =
        answer instanceof TurnRejected rejected && rejected.code() == RejectionCode.TURN_ID_REUSED;
    if (known.isEmpty()) {
      assertThat(duplicate || reused)
          .as("%s of unknown turn %s", answer, submit.turnId())
          .isFalse();
    } else if (known.get().equals(submit.input())) {
      assertThat(duplicate).as("%s of a repeated turn %s", answer, submit.turnId()).isTrue();
    } else {
      assertThat(reused).as("%s of turn %s with another input", answer, submit.turnId()).isTrue();
    }
  }

  /** Folds {@code event} in. */
  void apply(SessionEvent event) {
    switch (event) {
      case TurnAccepted e -> open.put(e.turnId(), e.input());
      case StepAssigned e ->
          e.delivered()
              .forEach(
                  m ->
                      delivered
                          .computeIfAbsent(e.assignment().turnId(), t -> new ArrayList<>())
                          .add(m.messageId()));
      case TurnEnded e -> {
        // Inputs delivered to the turn end with it, and are remembered before it.
        for (String messageId : delivered.getOrDefault(e.turnId(), List.of())) {
          ended(messageId, e.at());
        }
        delivered.remove(e.turnId());
        ended(e.turnId(), e.at());
      }
      case SessionExpired e -> {
        open.clear();
        finished.clear();
        delivered.clear();
      }
      default -> {}
    }
  }

  private void ended(String turnId, Instant at) {
    String input = open.remove(turnId);
    finished.remove(turnId);
    finished.put(turnId, new Finished(input, at));
    Instant since = at.minus(limits.turnIdWindow());
    finished.values().removeIf(turn -> turn.endedAt().isBefore(since));
    Iterator<String> oldest = finished.keySet().iterator();
    while (finished.size() > limits.rememberedTurns()) {
      oldest.next();
      oldest.remove();
    }
  }

  private Optional<String> knownInput(String turnId, Instant now) {
    if (open.containsKey(turnId)) {
      return Optional.of(open.get(turnId));
    }
    Instant since = now.minus(limits.turnIdWindow());
    return Optional.ofNullable(finished.get(turnId))
        .filter(turn -> !turn.endedAt().isBefore(since))
        .map(Finished::input);
  }
}
