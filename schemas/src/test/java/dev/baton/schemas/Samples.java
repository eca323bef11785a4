package dev.baton.schemas;

import dev.baton.schemas.avro.AgentAnswered;
import dev.baton.schemas.avro.AgentStep;
import dev.baton.schemas.avro.Assignment;
import dev.baton.schemas.avro.CancelReason;
import dev.baton.schemas.avro.CancelTurn;
import dev.baton.schemas.avro.ClearHistory;
import dev.baton.schemas.avro.Command;
import dev.baton.schemas.avro.DispatchMode;
import dev.baton.schemas.avro.DispatchModeChanged;
import dev.baton.schemas.avro.Failure;
import dev.baton.schemas.avro.ForkMessage;
import dev.baton.schemas.avro.ForkRefusalCode;
import dev.baton.schemas.avro.ForkRefused;
import dev.baton.schemas.avro.ForkSession;
import dev.baton.schemas.avro.HistoryClearReason;
import dev.baton.schemas.avro.HistoryCleared;
import dev.baton.schemas.avro.HistoryEntry;
import dev.baton.schemas.avro.IgnoreReason;
import dev.baton.schemas.avro.KillTurn;
import dev.baton.schemas.avro.LeaseRenewed;
import dev.baton.schemas.avro.Message;
import dev.baton.schemas.avro.MessageAppended;
import dev.baton.schemas.avro.NotStartedReason;
import dev.baton.schemas.avro.OnBusy;
import dev.baton.schemas.avro.OperationClass;
import dev.baton.schemas.avro.PauseSession;
import dev.baton.schemas.avro.Progress;
import dev.baton.schemas.avro.ProgressStage;
import dev.baton.schemas.avro.RecordRejected;
import dev.baton.schemas.avro.RecordRejectionReason;
import dev.baton.schemas.avro.RefuseFork;
import dev.baton.schemas.avro.ResumeSession;
import dev.baton.schemas.avro.Role;
import dev.baton.schemas.avro.SeedFork;
import dev.baton.schemas.avro.SessionEvent;
import dev.baton.schemas.avro.SessionExpired;
import dev.baton.schemas.avro.SessionForked;
import dev.baton.schemas.avro.SessionPaused;
import dev.baton.schemas.avro.SessionResumed;
import dev.baton.schemas.avro.SteeredInputsDelivered;
import dev.baton.schemas.avro.StepAssigned;
import dev.baton.schemas.avro.StepAttemptFailed;
import dev.baton.schemas.avro.StepCompleted;
import dev.baton.schemas.avro.StepFailed;
import dev.baton.schemas.avro.StreamDelta;
import dev.baton.schemas.avro.SubmitTurn;
import dev.baton.schemas.avro.ToolCallAssignment;
import dev.baton.schemas.avro.ToolCallCompleted;
import dev.baton.schemas.avro.ToolCallDispatched;
import dev.baton.schemas.avro.ToolCallFinished;
import dev.baton.schemas.avro.ToolCallNotStarted;
import dev.baton.schemas.avro.ToolCallRequest;
import dev.baton.schemas.avro.ToolCallStarted;
import dev.baton.schemas.avro.ToolCallsRequested;
import dev.baton.schemas.avro.ToolResult;
import dev.baton.schemas.avro.TurnAccepted;
import dev.baton.schemas.avro.TurnCancelled;
import dev.baton.schemas.avro.TurnCompleted;
import dev.baton.schemas.avro.TurnFailed;
import dev.baton.schemas.avro.TurnMerged;
import dev.baton.schemas.avro.TurnQueued;
import dev.baton.schemas.avro.TurnRejected;
import dev.baton.schemas.avro.TurnRejectionCode;
import dev.baton.schemas.avro.TurnSignal;
import dev.baton.schemas.avro.TurnSignalKind;
import dev.baton.schemas.avro.TurnStarted;
import dev.baton.schemas.avro.TurnSteered;
import dev.baton.schemas.avro.TurnTimedOut;
import dev.baton.schemas.avro.Usage;
import dev.baton.schemas.avro.UsageRecorded;
import dev.baton.schemas.avro.WorkerResult;
import dev.baton.schemas.avro.WorkerResultIgnored;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** One sample of every envelope with every body type, with non-default values in every field. */
public final class Samples {

  public static final String SESSION = "session-1";
  public static final String TURN = "turn-1";
  public static final Instant T0 = Instant.parse("2025-01-02T03:04:05.678Z");
  public static final Instant T1 = T0.plusMillis(1500);

  private Samples() {}

  public static Usage usage() {
    return new Usage(120L, 45L, "model-x");
  }

  public static ToolCallRequest call(String id, String name) {
    return new ToolCallRequest(id, name, "{\"path\":\"README.md\"}", OperationClass.READ, false);
  }

  public static Failure failure() {
    return new Failure("HANDLER_EXCEPTION", "boom", "java.lang.IllegalStateException: boom");
  }

  public static ToolResult toolResult() {
    return new ToolResult("call-1", "file contents", false);
  }

  public static Message assistantCallingTools() {
    return new Message(
        Role.ASSISTANT,
        "Let me look.",
        List.of(call("call-1", "read_file"), call("call-2", "write_file")),
        null,
        usage());
  }

  public static Message toolMessage() {
    return new Message(Role.TOOL, "file contents", List.of(), toolResult(), null);
  }

  public static List<Command> commands() {
    return List.of(
        command(
            new SubmitTurn(TURN, "hello", OnBusy.ENQUEUE, 30_000L, Map.of("user", "u-1"), 250L)),
        command(new CancelTurn(TURN, "user pressed stop")),
        command(new KillTurn(TURN, "stuck")),
        command(new ClearHistory(10L)),
        command(new PauseSession("maintenance")),
        command(new ResumeSession(null)),
        command(new ForkSession("chat-43", 4L)),
        command(
            new SeedFork(
                "chat-42", 2L, List.of(new ForkMessage(2L, TURN, assistantCallingTools())))),
        command(new RefuseFork("chat-42", 9L, "SEQ_OUT_OF_RANGE", "atSeq 9 is not in [1, 4]")),
        command(
            new dev.baton.schemas.avro.DecideToolCallApproval(
                TURN, "call-2", true, "{\"to\":\"staging\"}", "not prod", "tok-1")));
  }

  public static List<Assignment> assignments() {
    return List.of(
        assignment(
            new AgentStep(
                "hello",
                List.of(assistantCallingTools(), toolMessage()),
                7L,
                Map.of("k", "v"),
                List.of(9L))),
        assignment(
            new ToolCallAssignment(
                "call-2",
                1,
                "write_file",
                "{}",
                OperationClass.WRITE,
                List.of(OperationClass.READ, OperationClass.WRITE),
                true,
                18L)));
  }

  public static List<WorkerResult> workerResults() {
    return List.of(
        result(
            new AgentAnswered(new Message(Role.ASSISTANT, "done", List.of(), null, null), usage())),
        result(new ToolCallsRequested(List.of(call("call-1", "read_file")), "Reading.", usage())),
        result(new ToolCallFinished("call-1", toolResult(), T0, T1, 12L)),
        result(new ToolCallNotStarted("call-1", NotStartedReason.LOCK_UNAVAILABLE, "redis down")),
        result(new StepFailed(failure(), true, "call-1")),
        result(new LeaseRenewed(30_000L, null)),
        result(new Progress(ProgressStage.WAITING_FOR_LOCK, "call-1", "behind a write")));
  }

  public static List<SessionEvent> sessionEvents() {
    List<Object> bodies =
        List.of(
            new TurnAccepted("hello", OnBusy.INTERRUPT, null, Map.of("user", "u-1")),
            new TurnQueued(2),
            new TurnSteered("turn-0", 0),
            new TurnMerged("turn-3", 1),
            new SteeredInputsDelivered(1, 0, List.of("turn-2"), List.of(9L)),
            new TurnStarted(T1),
            new TurnRejected(TurnRejectionCode.SESSION_BUSY, "a turn is active", "turn-0"),
            new StepAssigned("a-1", 0, 1, 5L, 30_000L, 12),
            new StepCompleted(0, 1, "worker-1", 2),
            new StepAttemptFailed(0, 0, 4L, null, "worker-2", failure(), true),
            new ToolCallDispatched(
                "a-2", 0, 0, 6L, "call-1", 0, "read_file", OperationClass.READ, 7L),
            new ToolCallStarted(0, "call-1", "worker-1", T0),
            new ToolCallCompleted(0, "call-1", "worker-1", false, T0, T1, 3L, 8L),
            new MessageAppended(8L, toolMessage()),
            new TurnCompleted(3, 9L, usage()),
            new TurnFailed(failure(), 4, usage()),
            new TurnCancelled(CancelReason.INTERRUPTED, "turn-2", "new input", usage()),
            new TurnTimedOut(T1, 5, null),
            new HistoryCleared(0L, 10L, HistoryClearReason.TRIMMED),
            new UsageRecorded(2, usage()),
            new DispatchModeChanged(DispatchMode.PARALLEL, DispatchMode.SEQUENTIAL, "redis down"),
            new SessionPaused("maintenance"),
            new SessionForked("chat-42", "chat-43", 4L, 1L),
            new ForkRefused(
                "chat-42",
                "chat-43",
                9L,
                ForkRefusalCode.SEQ_OUT_OF_RANGE,
                "atSeq 9 is not in [1, 4]"),
            new SessionResumed(null),
            new SessionExpired(T0, 86_400_000L),
            new WorkerResultIgnored(
                "worker-9", 0, 0, 3L, "call-1", IgnoreReason.STALE_FENCING_TOKEN, 4L),
            new RecordRejected(
                "baton.commands", 3, 42L, RecordRejectionReason.WRONG_MAGIC_BYTE, "first byte"),
            new dev.baton.schemas.avro.DuplicateTurnSubmitted(
                dev.baton.schemas.avro.TurnStatus.COMPLETED),
            new dev.baton.schemas.avro.CommandIgnored("the session is already paused"),
            new dev.baton.schemas.avro.LeaseExtended(1, 0, 4L, T1),
            new dev.baton.schemas.avro.DispatchHeld(2, 0, 5L, List.of("call-1", "call-2"), null),
            new dev.baton.schemas.avro.DispatchHeld(0, 0, 6L, List.of(), T1),
            new dev.baton.schemas.avro.ToolCallDeferred(1, "call-1", "LOCK_UNAVAILABLE"),
            new dev.baton.schemas.avro.ToolCallAwaitingApproval(
                1, 6L, "call-2", "deploy", "{\"to\":\"prod\"}", "turns:write", T1),
            new dev.baton.schemas.avro.ToolCallApprovalDecided(
                1,
                "call-2",
                dev.baton.schemas.avro.ApprovalDecision.APPROVED,
                "{\"to\":\"staging\"}",
                true,
                "not prod",
                "tok-1"),
            new dev.baton.schemas.avro.ApprovalRefused(
                "call-2",
                dev.baton.schemas.avro.ApprovalRefusalCode.NOT_AWAITING,
                "call call-2 of deploy does not await approval"));
    return bodies.stream().map(Samples::event).toList();
  }

  public static List<HistoryEntry> historyEntries() {
    return List.of(
        new HistoryEntry(
            SESSION, 0L, null, null, new Message(Role.SYSTEM, "be brief", List.of(), null, null)),
        new HistoryEntry(SESSION, 1L, TURN, T0, assistantCallingTools()),
        new HistoryEntry(SESSION, 2L, TURN, T1, toolMessage()));
  }

  public static List<StreamDelta> streamDeltas() {
    return List.of(
        new StreamDelta(SESSION, TURN, 0, 1, 3, null, "Hel", false, 7L, 1, "reasoning"),
        new StreamDelta(SESSION, TURN, 1, 0, 4, "call-1", "lo", true, 8L, 2, "text"));
  }

  /** A STOP signal for a cancelled turn. */
  public static List<TurnSignal> turnSignals() {
    return List.of(new TurnSignal(SESSION, TURN, TurnSignalKind.STOP, "CANCELLED", 7L, T1));
  }

  private static Command command(Object body) {
    return new Command("cmd-" + body.getClass().getSimpleName(), SESSION, T0, body);
  }

  private static Assignment assignment(Object body) {
    return new Assignment("a-1", SESSION, TURN, 2, 1, 17L, 30_000L, T0, T1, body);
  }

  private static WorkerResult result(Object body) {
    return new WorkerResult(SESSION, TURN, 2, 1, 17L, "worker-1", T1, "a-1", body, 18L);
  }

  private static SessionEvent event(Object body) {
    long seq = body.getClass().getSimpleName().length();
    return new SessionEvent(EventIds.of(SESSION, seq), seq, SESSION, TURN, T1, "cmd-1", body);
  }
}
