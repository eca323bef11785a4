package dev.baton.cli.chaos;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.baton.cli.chaos.ToolRun.Outcome;
import dev.baton.worker.OperationClass;
import dev.baton.worker.ToolInvocation;
import dev.baton.worker.ToolResult;
import dev.baton.worker.Worker;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The checker's tools, which do nothing but take time and record each run in a journal shared by
 * every worker of a workload: {@value #READ} and {@value #BIG} (READ) and {@value #WRITE} (WRITE).
 * Each run's result starts with {@code run <id>}, so the history tells which run's result was
 * accepted; {@value #BIG} adds as many bytes as asked.
 */
final class ChaosTools {

  static final String READ = "chaos_read";
  static final String WRITE = "chaos_write";
  static final String BIG = "chaos_big";

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Journal journal;
  private final String workerId;

  ChaosTools(Journal journal, String workerId) {
    this.journal = journal;
    this.workerId = workerId;
  }

  /** Registers the three tools with {@code builder}. */
  Worker.Builder register(Worker.Builder builder) {
    return builder
        .tool(READ, OperationClass.READ, this::run)
        .tool(WRITE, OperationClass.WRITE, this::run)
        .tool(BIG, OperationClass.READ, this::run);
  }

  private ToolResult run(ToolInvocation call) throws InterruptedException {
    ToolRun started = journal.start(workerId, call);
    JsonNode args = arguments(call);
    Outcome outcome = Outcome.INTERRUPTED;
    try {
      outcome =
          Pauses.sleep(args.path("ms").asLong(0), call::isCancelled)
              ? Outcome.FINISHED
              : Outcome.STOPPED;
    } finally {
      journal.finish(started, outcome);
    }
    long runId = started.runId();
    int bytes = args.path("bytes").asInt(0);
    String content = ToolRun.resultPrefix(runId) + " " + call.name();
    return ToolResult.ok(bytes > 0 ? content + " " + "x".repeat(bytes) : content);
  }

  private static JsonNode arguments(ToolInvocation call) {
    try {
      return JSON.readTree(call.argumentsJson());
    } catch (JsonProcessingException e) {
      return JSON.createObjectNode();
    }
  }

  /** The runs of every worker of one workload, finished or still running. */
  static final class Journal {
    private final AtomicLong ids = new AtomicLong();
    private final List<ToolRun> finished = new ArrayList<>();
    private final Map<Long, ToolRun> running = new HashMap<>();

    /** Records that a run of {@code call} starts now on {@code workerId}. */
    synchronized ToolRun start(String workerId, ToolInvocation call) {
      Instant now = Instant.now();
      ToolRun run =
          new ToolRun(
              ids.incrementAndGet(),
              workerId,
              call.sessionId(),
              call.turnId(),
              call.step(),
              call.fencingToken(),
              call.callId(),
              call.operationClass(),
              now,
              now,
              Outcome.RUNNING);
      running.put(run.runId(), run);
      return run;
    }

    /** Records that {@code run} ended now with {@code outcome}. */
    synchronized void finish(ToolRun run, Outcome outcome) {
      running.remove(run.runId());
      finished.add(run.endedAt(Instant.now(), outcome));
    }

    /** Every run so far; one still running ends now, {@link Outcome#RUNNING}. */
    synchronized List<ToolRun> runs() {
      List<ToolRun> all = new ArrayList<>(finished);
      Instant now = Instant.now();
      running.values().forEach(run -> all.add(run.endedAt(now, Outcome.RUNNING)));
      return all;
    }
  }
}
