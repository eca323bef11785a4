package dev.baton.coordinator.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.coordinator.session.SessionCommand.SubmitTurn;
import dev.baton.coordinator.session.SessionEvent.DuplicateTurnSubmitted;
import dev.baton.coordinator.session.SessionEvent.SessionExpired;
import dev.baton.coordinator.session.SessionEvent.StepAssigned;
import dev.baton.coordinator.session.SessionEvent.TurnAccepted;
import dev.baton.coordinator.session.SessionEvent.TurnEnded;
import dev.baton.coordinator.session.SessionEvent.TurnMerged;
import dev.baton.coordinator.session.SessionEvent.TurnRejected;
import java.time.Instant;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

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
  private final Map<String, Set<String>> joined = new HashMap<>();

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
      case TurnMerged e -> joined(e.intoTurnId()).add(e.turnId());
      case StepAssigned e ->
          e.delivered().forEach(m -> joined(e.assignment().turnId()).add(m.messageId()));
      case TurnEnded e -> {
        // Inputs merged into the turn or delivered to it end with it, remembered before it.
        for (String inputId : joined.getOrDefault(e.turnId(), Set.of())) {
          ended(inputId, e.at());
        }
        joined.remove(e.turnId());
        ended(e.turnId(), e.at());
      }
      case SessionExpired e -> {
        open.clear();
        finished.clear();
        joined.clear();
      }
      default -> {}
    }
  }

  private Set<String> joined(String turnId) {
    return joined.computeIfAbsent(turnId, t -> new LinkedHashSet<>());
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
