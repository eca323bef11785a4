package dev.baton.coordinator.http;

import dev.baton.coordinator.session.ActiveTurn;
import dev.baton.coordinator.session.ApprovalPolicy;
import dev.baton.coordinator.session.Decision;
import dev.baton.coordinator.session.OnBusy;
import dev.baton.coordinator.session.OperationClassifier;
import dev.baton.coordinator.session.SessionCommand;
import dev.baton.coordinator.session.SessionEvent;
import dev.baton.coordinator.session.SessionLimits;
import dev.baton.coordinator.session.SessionModel;
import dev.baton.coordinator.session.SessionState;
import dev.baton.coordinator.session.StepAttempt;
import dev.baton.coordinator.session.ToolCallRequest;
import dev.baton.coordinator.session.Usage;
import dev.baton.coordinator.topology.DecisionListener;
import dev.baton.coordinator.topology.StoredSession;
import dev.baton.schemas.SessionKeys;
import dev.baton.schemas.avro.ClearHistory;
import dev.baton.schemas.avro.Command;
import dev.baton.schemas.avro.DecideToolCallApproval;
import dev.baton.schemas.avro.ForkSession;
import dev.baton.schemas.avro.HistoryEntry;
import dev.baton.schemas.avro.Message;
import dev.baton.schemas.avro.Role;
import dev.baton.schemas.avro.SessionEvent.Builder;
import dev.baton.schemas.avro.SubmitTurn;
import dev.baton.schemas.avro.TurnStarted;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A {@link SessionService} that runs the real session model in memory and tells a listener its
 * decisions, like the coordinator's processor does: the HTTP layer without Kafka. Every session is
 * owned by {@link #owner}, this instance by default.
 */
final class InMemorySessions implements SessionService {

  private static final Instant NOW = Instant.parse("2025-06-01T10:00:00Z");

  /** The calls of tool {@value #NEEDS_APPROVAL} wait for approval. */
  static final String NEEDS_APPROVAL = "deploy";

  private static final ApprovalPolicy APPROVALS =
      new ApprovalPolicy(
          Set.of(NEEDS_APPROVAL),
          ApprovalPolicy.DEFAULT_TIMEOUT,
          ApprovalPolicy.ApprovalTimeout.DENY);

  private final SessionModel model;
  private final DecisionListener listener;
  private final Map<String, SessionState> states = new ConcurrentHashMap<>();
  private final List<HistoryEntry> history = new CopyOnWriteArrayList<>();
  final List<Command> sent = new CopyOnWriteArrayList<>();
  volatile SessionOwner owner = new SessionOwner.Local();
  volatile boolean decides = true;

  InMemorySessions(SessionLimits limits, DecisionListener listener) {
    this.model = new SessionModel(limits, OperationClassifier.defaults(), APPROVALS);
    this.listener = listener;
  }

  /** The agent step of the session's active turn asks for {@code calls}, by name, without args. */
  void askForCalls(String sessionId, String... names) {
    StepAttempt attempt =
        states.get(sessionId).activeTurn().orElseThrow().assignment().orElseThrow();
    List<ToolCallRequest> calls = new java.util.ArrayList<>();
    for (int i = 0; i < names.length; i++) {
      calls.add(new ToolCallRequest("c-" + i, names[i], "{}", Optional.empty()));
    }
    decide(new SessionCommand.RequestToolCalls(sessionId, attempt, "", calls, Usage.ZERO, "w-1"));
  }

  /** The agent answers the session's active turn. */
  void answerActiveTurn(String sessionId, String answer) {
    ActiveTurn active = states.get(sessionId).activeTurn().orElseThrow();
    StepAttempt attempt = active.assignment().orElseThrow();
    decide(new SessionCommand.CompleteStep(sessionId, attempt, answer, Usage.ZERO, "w-1"));
  }

  @Override
  public SessionOwner ownerOf(String sessionId) {
    return owner;
  }

  @Override
  public Optional<StoredSession> session(String sessionId) {
    return Optional.ofNullable(states.get(sessionId)).map(state -> new StoredSession(state, 0));
  }

  @Override
  public List<StoredSession> localSessions(String tenant) {
    return states.entrySet().stream()
        .filter(entry -> SessionKeys.tenantOf(entry.getKey()).equals(tenant))
        .sorted(Map.Entry.comparingByKey())
        .map(entry -> new StoredSession(entry.getValue(), 0))
        .toList();
  }

  @Override
  public List<SessionOwner.Remote> otherInstances() {
    return List.of();
  }

  @Override
  public List<HistoryEntry> history(String sessionId, long fromSeq, int limit) {
    return history.stream()
        .filter(e -> e.getSessionId().equals(sessionId) && e.getSeq() >= fromSeq)
        .limit(limit)
        .toList();
  }

  /** One synthetic event per history message, numbered from 0. */
  @Override
  public List<dev.baton.schemas.avro.SessionEvent> events(
      String sessionId, long fromEventSeq, int limit) {
    List<dev.baton.schemas.avro.SessionEvent> events = new ArrayList<>();
    for (HistoryEntry entry : history(sessionId, 0, Integer.MAX_VALUE)) {
      long seq = entry.getSeq() - 1;
      if (seq >= fromEventSeq && events.size() < limit) {
        Builder event =
            dev.baton.schemas.avro.SessionEvent.newBuilder()
                .setEventId("event-" + seq)
                .setEventSeq(seq)
                .setSessionId(sessionId)
                .setTurnId(entry.getTurnId())
                .setOccurredAt(NOW)
                .setCausationId("cmd")
                .setBody(new TurnStarted(null));
        events.add(event.build());
      }
    }
    return events;
  }

  @Override
  public Optional<String> answer(String sessionId, String turnId) {
    return history.reversed().stream()
        .filter(e -> e.getSessionId().equals(sessionId) && turnId.equals(e.getTurnId()))
        .filter(e -> e.getMessage().getRole() == Role.ASSISTANT)
        .map(e -> e.getMessage().getContent())
        .findFirst();
  }

  private volatile RuntimeException sendFailure;

  /** Makes every later {@link #send} throw {@code failure}, as a failing producer would. */
  void failSends(RuntimeException failure) {
    this.sendFailure = failure;
  }

  @Override
  public void send(Command command) {
    if (sendFailure != null) {
      throw sendFailure;
    }
    sent.add(command);
    if (!decides) {
      return;
    }
    switch (command.getBody()) {
      case SubmitTurn submit ->
          decide(
              new SessionCommand.SubmitTurn(
                  command.getSessionId(),
                  submit.getTurnId(),
                  submit.getInput(),
                  submit.getOnBusy() == dev.baton.schemas.avro.OnBusy.ENQUEUE
                      ? OnBusy.ENQUEUE
                      : OnBusy.REJECT));
      case ClearHistory clear -> decide(new SessionCommand.ClearHistory(command.getSessionId()));
      case ForkSession fork -> fork(command.getSessionId(), fork);
      case DecideToolCallApproval approval ->
          decide(
              new SessionCommand.DecideToolCallApproval(
                  command.getSessionId(),
                  approval.getTurnId(),
                  approval.getCallId(),
                  approval.getApprove(),
                  Optional.ofNullable(approval.getArgumentsJson()),
                  Optional.ofNullable(approval.getReason()),
                  approval.getDecidedBy()));
      default -> throw new IllegalArgumentException("unsupported " + command);
    }
  }

  /**
   * Decides a fork as the topology does: on the source, then the fork is seeded with the source's
   * messages, or told the source's refusal.
   */
  private synchronized void fork(String source, ForkSession fork) {
    var asked = new SessionCommand.ForkSession(source, fork.getForkSessionId(), fork.getAtSeq());
    for (SessionEvent event : decide(asked)) {
      if (event instanceof SessionEvent.SessionForked forked) {
        List<dev.baton.coordinator.session.Message> messages =
            history(source, forked.copied().fromSeq(), Integer.MAX_VALUE).stream()
                .filter(entry -> entry.getSeq() <= forked.atSeq())
                .map(
                    entry ->
                        new dev.baton.coordinator.session.Message(
                            entry.getSeq(),
                            dev.baton.coordinator.session.Message.Role.valueOf(
                                entry.getMessage().getRole().name()),
                            entry.getMessage().getContent(),
                            entry.getTurnId()))
                .toList();
        decide(
            new SessionCommand.SeedFork(forked.forkSessionId(), source, forked.atSeq(), messages));
      } else if (event instanceof SessionEvent.ForkRefused refused && !refused.atFork()) {
        decide(
            new SessionCommand.RefuseFork(
                refused.forkSessionId(),
                source,
                refused.atSeq(),
                refused.refusal(),
                refused.detail()));
      }
    }
  }

  private synchronized List<SessionEvent> decide(SessionCommand command) {
    String sessionId = command.sessionId();
    SessionState state = states.getOrDefault(sessionId, SessionState.empty(sessionId));
    Decision decision = model.decide(state, command, NOW);
    List<SessionEvent> events = decision.events();
    for (SessionEvent event : events) {
      if (event instanceof SessionEvent.MessageAppended appended) {
        var message = appended.message();
        history.add(
            new HistoryEntry(
                sessionId,
                message.seq(),
                message.turnId(),
                NOW,
                new Message(
                    Role.valueOf(message.role().name()),
                    message.content(),
                    List.of(),
                    null,
                    null)));
      }
    }
    states.put(sessionId, decision.state());
    listener.decided(sessionId, events);
    return events;
  }
}
