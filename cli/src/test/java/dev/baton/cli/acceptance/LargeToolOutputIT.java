package dev.baton.cli.acceptance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.cli.example.NotesTools;
import dev.baton.cli.stack.StackAddresses;
import dev.baton.cli.testkit.BatonStackTest;
import dev.baton.cli.testkit.TestIds;
import dev.baton.coordinator.topology.TopologyOptions;
import dev.baton.worker.Message;
import dev.baton.worker.OperationClass;
import dev.baton.worker.Step;
import dev.baton.worker.StepResult;
import dev.baton.worker.ToolCall;
import dev.baton.worker.ToolResult;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One turn with large tool outputs does not stop anyone else: an agent writes a note of 200,000
 * characters, then reads it eight times in one step, with the example tools, on one partition that
 * every session shares. The received results of a batch are 1.6 MB together, more than a record may
 * be; before, the session's state record was refused by the producer, the stream thread failed on
 * it, its replacement took the same record and failed again, and every session of the instance
 * waited forever while {@code /health} said {@code UP}. Now the results are records of their own
 * (the session's state refers to them), the turn completes, the other sessions' turns complete
 * while and after it runs, the large session takes its next turn, and the coordinator stays ready.
 */
@BatonStackTest
class LargeToolOutputIT {

  private static final int NOTE_CHARS = 200_000;
  private static final int READS = 8;
  private static final Duration DECIDED = Duration.ofSeconds(90);

  @Test
  void shouldKeepEverySessionAnsweringWhileOneTurnReadsLargeOutputs(
      StackAddresses stack, TestIds ids, @TempDir Path dir) throws Exception {
    try (BatonFleet fleet = BatonFleet.builder(stack, ids, dir).partitions(1).workers(0).start()) {
      NotesTools notes = NotesTools.create(stack.redisUri(), Duration.ZERO);
      fleet.startWorker(
          "notes-1",
          b -> notes.register(b.maxInFlight(16).redis(stack.redisUri()).agent(this::step)));
      BatonApi api = fleet.api(0);
      String large = ids.sessionId();
      List<String> others = IntStream.range(0, 3).mapToObj(i -> ids.sessionId()).toList();

      CompletableFuture<BatonApi.Reply> largeTurn =
          CompletableFuture.supplyAsync(
              () -> api.submitUntilDecided(large, "t-1", "large note-" + ids.id(), "reject", 60));
      for (String other : others) {
        assertCompletes(api.submitUntilDecided(other, "t-1", "hello", "reject", 60));
      }
      BatonApi.Reply reply = largeTurn.get(DECIDED.toSeconds(), TimeUnit.SECONDS);

      assertCompletes(reply);
      assertThat(reply.text("answer")).isEqualTo("read " + READS + " results");
      for (String other : others) {
        assertCompletes(api.submitUntilDecided(other, "t-2", "again", "reject", 60));
      }
      assertCompletes(api.submitUntilDecided(large, "t-2", "hello", "reject", 60));
      assertThat(fleet.coordinator(0).state()).isEqualTo(KafkaStreams.State.RUNNING);
      assertThat(api.get("/health/ready").status()).isEqualTo(200);
    }
  }

  /**
   * A tool result too large for the step's context reaches the agent cut, with a marker that names
   * its history seq; the agent reads the whole value through the SDK ({@code Step.wholeText}).
   */
  @Test
  void shouldLetTheAgentReadTheWholeValueOfACutToolResult(
      StackAddresses stack, TestIds ids, @TempDir Path dir) {
    TopologyOptions smallContext = TopologyOptions.builder().contextBytes(16 * 1024).build();
    try (BatonFleet fleet =
        BatonFleet.builder(stack, ids, dir)
            .partitions(1)
            .workers(0)
            .topology(smallContext)
            .start()) {
      String coordinator = "http://" + fleet.address(0);
      fleet.startWorker(
          "reader-1",
          b ->
              b.redis(stack.redisUri())
                  .coordinator(coordinator)
                  .tool("read_big", OperationClass.READ, call -> ToolResult.ok("b".repeat(100_000)))
                  .agent(LargeToolOutputIT::readWhole));

      BatonApi.Reply reply =
          fleet.api(0).submitUntilDecided(ids.sessionId(), "t-1", "read it", "reject", 60);

      assertCompletes(reply);
      assertThat(reply.text("answer")).startsWith("whole 100000 of ").doesNotEndWith(" 100000");
    }
  }

  @Test
  void shouldAnswerAToolResultTooLargeForOneRecordAsAnErrorTheAgentSees(
      StackAddresses stack, TestIds ids, @TempDir Path dir) {
    try (BatonFleet fleet = BatonFleet.builder(stack, ids, dir).partitions(1).workers(0).start()) {
      fleet.startWorker(
          "huge-1",
          b ->
              b.redis(stack.redisUri())
                  .tool(
                      "read_huge",
                      OperationClass.READ,
                      call -> ToolResult.ok("h".repeat(2 * 1024 * 1024)))
                  .agent(LargeToolOutputIT::readHuge));

      BatonApi.Reply reply =
          fleet.api(0).submitUntilDecided(ids.sessionId(), "t-1", "read it", "reject", 60);

      assertCompletes(reply);
      assertThat(reply.text("answer")).startsWith("error LIMIT_RECORD_SIZE");
    }
  }

  /** Step 0 reads a value over the record limit; step 1 answers with how its result came back. */
  private static StepResult readHuge(Step step) {
    if (step.number() == 0) {
      return StepResult.callTools(List.of(ToolCall.of("read_huge", "{}")));
    }
    ToolResult result = firstToolMessage(step).toolResult().orElseThrow().result();
    return StepResult.answer((result.isError() ? "error " : "ok ") + result.content());
  }

  /** Step 0 reads the big value; step 1 answers with its whole and its cut length. */
  private static StepResult readWhole(Step step) {
    if (step.number() == 0) {
      return StepResult.callTools(List.of(ToolCall.of("read_big", "{}")));
    }
    Message result = firstToolMessage(step);
    String whole = step.wholeText(result.cutFromSeq().orElseThrow());
    return StepResult.answer("whole " + whole.length() + " of " + result.content().length());
  }

  private static Message firstToolMessage(Step step) {
    return step.context().stream()
        .filter(m -> m.role() == Message.Role.TOOL)
        .findFirst()
        .orElseThrow();
  }

  private static void assertCompletes(BatonApi.Reply reply) {
    assertThat(reply.turnStatus()).as(reply.toString()).isEqualTo("COMPLETED");
  }

  /**
   * {@code large <note>}: write the note, read it {@value #READS} times in one step, answer with
   * how many results came back; any other input is answered at once.
   */
  private StepResult step(Step step) {
    if (!step.input().startsWith("large ")) {
      return StepResult.answer("hi");
    }
    String note = step.input().substring("large ".length());
    return switch (step.number()) {
      case 0 ->
          StepResult.callTools(
              List.of(
                  ToolCall.of(
                      NotesTools.WRITE_NOTE,
                      NotesTools.writeArguments(note, "x".repeat(NOTE_CHARS)))));
      case 1 ->
          StepResult.callTools(
              IntStream.range(0, READS)
                  .mapToObj(i -> ToolCall.of(NotesTools.READ_NOTE, NotesTools.readArguments(note)))
                  .toList());
      default -> {
        long results =
            step.context().stream()
                .filter(m -> m.role() == Message.Role.TOOL)
                .filter(m -> m.toolResult().map(r -> !r.result().isError()).orElse(false))
                .count();
        yield StepResult.answer("read " + (results - 1) + " results");
      }
    };
  }
}
