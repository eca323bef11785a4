package dev.baton.coordinator.session;

import static dev.baton.coordinator.session.SessionFixture.NOW;
import static dev.baton.coordinator.session.SessionFixture.SESSION;
import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.coordinator.session.SessionCommand.CancelTurn;
import dev.baton.coordinator.session.SessionCommand.CheckTimers;
import dev.baton.coordinator.session.SessionCommand.CompleteStep;
import dev.baton.coordinator.session.SessionCommand.FailStep;
import dev.baton.coordinator.session.SessionCommand.FinishToolCall;
import dev.baton.coordinator.session.SessionCommand.PauseSession;
import dev.baton.coordinator.session.SessionCommand.RequestToolCalls;
import dev.baton.coordinator.session.SessionCommand.ResumeSession;
import dev.baton.coordinator.session.SessionCommand.SubmitTurn;
import dev.baton.coordinator.session.SessionEvent.DispatchHeld;
import dev.baton.coordinator.session.SessionEvent.MessageAppended;
import dev.baton.coordinator.session.SessionEvent.StepFailed;
import dev.baton.coordinator.session.SessionEvent.TurnAccepted;
import dev.baton.coordinator.session.SessionEvent.TurnCancelled;
import dev.baton.coordinator.session.SessionEvent.TurnFailed;
import dev.baton.coordinator.session.SessionEvent.TurnMerged;
import dev.baton.coordinator.session.SessionEvent.TurnQueued;
import dev.baton.coordinator.session.SessionEvent.TurnSteered;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Inputs sent with {@code onBusy=steer}, and nothing else, reach the history once each and in the
 * order they were sent, whatever the agent does between them: steps that answer, ask for tool
 * calls, fail or run past their lease, turns that end while inputs wait, pauses and cancels.
 */
class SteerOrderPropertyTest {

  private static final int RUNS = 400;
  private static final int COMMANDS_PER_RUN = 150;

  private static final SessionLimits LIMITS =
      SessionLimits.builder()
          .queueCapacity(6)
          .maxStepAttempts(2)
          .maxStepsPerTurn(4)
          .lease(Duration.ofSeconds(10))
          .build();

  @Test
  void shouldAppendSteeredInputsOnceEachInTheOrderSent() {
    Set<Class<?>> seen = new HashSet<>();
    for (long seed = 1; seed <= RUNS; seed++) {
      try {
        seen.addAll(new Run(new Random(seed)).run());
      } catch (AssertionError e) {
        throw new AssertionError("order broken with seed " + seed + ": " + e.getMessage(), e);
      }
    }
    assertThat(seen)
        .as("the runs steer, requeue, merge, retry, fail and cancel")
        .contains(
            TurnSteered.class,
            TurnQueued.class,
            TurnMerged.class,
            StepFailed.class,
            TurnFailed.class,
            TurnCancelled.class,
            DispatchHeld.class);
  }

  /** One random sequence of steers and agent outcomes, then the agent answering until idle. */
  private static final class Run {
    private final SessionModel model = new SessionModel(LIMITS);
    private final Random random;
    private final List<String> accepted = new ArrayList<>();
    private final List<String> appended = new ArrayList<>();
    private final Set<Class<?>> seen = new HashSet<>();
    private SessionState state = SessionState.empty(SESSION);
    private Instant now = NOW;
    private int sent;

    Run(Random random) {
      this.random = random;
    }

    /** Runs the sequence; answers the types of the events it produced. */
    Set<Class<?>> run() {
      for (int i = 0; i < COMMANDS_PER_RUN; i++) {
        now = now.plusMillis(random.nextInt(4_000));
        decide(nextCommand());
      }
      decide(new ResumeSession(SESSION, Optional.empty()));
      for (int i = 0; i < 1_000 && !(state.isIdle() && state.queue().isEmpty()); i++) {
        decide(answer());
      }
      assertThat(state.isIdle()).as("the session ends idle").isTrue();
      assertThat(appended).as("every accepted input, once, in the order sent").isEqualTo(accepted);
      return seen;
    }

    private void decide(SessionCommand command) {
      Decision decision = model.decide(state, command, now);
      for (SessionEvent event : decision.events()) {
        seen.add(event.getClass());
        if (event instanceof TurnAccepted a) {
          accepted.add(a.input());
        } else if (event instanceof MessageAppended m
            && m.message().role() == Message.Role.USER
            && m.message().content().startsWith("message ")) {
          appended.add(m.message().content());
        }
      }
      state = decision.state();
      assertThat(appended)
          .as("the inputs in the history after %s", command)
          .isEqualTo(accepted.subList(0, Math.min(appended.size(), accepted.size())));
    }

    private SessionCommand nextCommand() {
      int dice = random.nextInt(20);
      if (dice < 7) {
        sent++;
        return new SubmitTurn(SESSION, "m" + sent, "message " + sent, OnBusy.STEER);
      }
      if (dice == 7) {
        return new CheckTimers(SESSION); // a step's lease may have run out
      }
      if (dice == 8) {
        return random.nextBoolean()
            ? new PauseSession(SESSION, Optional.empty())
            : new ResumeSession(SESSION, Optional.empty());
      }
      if (dice == 9 && state.activeTurn().isPresent()) {
        String active = state.activeTurn().get().turnId();
        return new CancelTurn(SESSION, active, CancelReason.CANCELLED, Optional.empty());
      }
      return agentOutcome();
    }

    /** What the worker of the active turn reports: an answer, tool calls, a failure or results. */
    private SessionCommand agentOutcome() {
      Optional<ToolBatch> batch = state.activeTurn().flatMap(ActiveTurn::tools);
      if (batch.isPresent()) {
        return toolResult(batch.get());
      }
      Optional<StepAttempt> step = state.activeTurn().flatMap(ActiveTurn::assignment);
      if (step.isEmpty()) {
        return new CheckTimers(SESSION);
      }
      return switch (random.nextInt(4)) {
        case 0 -> complete(step.get());
        case 1 ->
            new FailStep(
                SESSION,
                step.get(),
                Failure.reported("E", "error", Optional.empty()),
                random.nextBoolean(),
                new Usage(1, 1),
                "w");
        default -> {
          var call = new ToolCallRequest("c1", "read_notes", "{}", Optional.empty(), false);
          yield new RequestToolCalls(SESSION, step.get(), "", List.of(call), new Usage(1, 1), "w");
        }
      };
    }

    /** The agent answers the step out, or the tool call out gets its result. */
    private SessionCommand answer() {
      Optional<ToolBatch> batch = state.activeTurn().flatMap(ActiveTurn::tools);
      if (batch.isPresent()) {
        return toolResult(batch.get());
      }
      return state
          .activeTurn()
          .flatMap(ActiveTurn::assignment)
          .<SessionCommand>map(this::complete)
          .orElse(new CheckTimers(SESSION));
    }

    private SessionCommand complete(StepAttempt step) {
      return new CompleteStep(SESSION, step, "answer", new Usage(1, 1), "w");
    }

    private SessionCommand toolResult(ToolBatch batch) {
      List<ToolCall> open = batch.callsWithoutResult();
      if (open.isEmpty()) {
        return new CheckTimers(SESSION);
      }
      return new FinishToolCall(
          SESSION,
          batch.assignment(),
          new ToolResult(open.getFirst().callId(), "result", false),
          now,
          now,
          0,
          "w",
          OptionalLong.empty());
    }
  }
}
