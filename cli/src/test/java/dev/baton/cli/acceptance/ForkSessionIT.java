package dev.baton.cli.acceptance;

import static dev.baton.coordinator.auth.Scope.SESSIONS_READ;
import static dev.baton.coordinator.auth.Scope.TURNS_WRITE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import dev.baton.cli.CliRun;
import dev.baton.cli.stack.StackAddresses;
import dev.baton.cli.testkit.BatonStackTest;
import dev.baton.cli.testkit.EventSummary;
import dev.baton.cli.testkit.HistoryMessage;
import dev.baton.cli.testkit.TestIds;
import dev.baton.client.BatonClient;
import dev.baton.client.ForkedSession;
import dev.baton.client.ProblemException;
import dev.baton.client.SubmitOptions;
import dev.baton.client.TurnAnswer;
import dev.baton.coordinator.auth.AuthMode;
import dev.baton.coordinator.auth.TokenAdmin;
import dev.baton.coordinator.topology.TopologyOptions;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A fork on two coordinators over four partitions: the source lives on one instance's partition,
 * the fork on the other's. The fork starts with the source's history up to the seq, runs turns of
 * its own, and the source is unchanged; the errors are problems, and another tenant cannot fork a
 * session it cannot see.
 */
@BatonStackTest
class ForkSessionIT {

  private static final int TURNS = 3;
  private static final int WAIT_SECONDS = 30;
  private static final long AT_SEQ = 4;

  /**
   * A record limit that two turns of a third of it each (their inputs and echoed answers) do not
   * fit in one fork seed.
   */
  private static final int SMALL_RECORD = 512 * 1024;

  @TempDir Path dir;

  @Test
  void shouldForkASessionIntoAnIndependentSessionOnAnotherInstance(
      StackAddresses stack, TestIds ids) {
    try (BatonFleet fleet =
            BatonFleet.builder(stack, ids, dir)
                .partitions(4)
                .coordinators(2)
                .workers(1)
                .auth(AuthMode.TOKENS)
                .start();
        TokenAdmin admin = fleet.tokenAdmin()) {
      String acme = admin.create("acme", Set.of(TURNS_WRITE, SESSIONS_READ), "acme").token();
      String globex = admin.create("globex", Set.of(TURNS_WRITE, SESSIONS_READ), "").token();
      BatonApi viaA = fleet.api(0).withToken(acme);
      BatonApi viaB = fleet.api(1).withToken(acme);
      String source = ownedBy(viaA, viaB, ids, fleet.address(1), false);
      String fork = ownedBy(viaA, viaB, ids, fleet.address(1), true);
      for (int t = 1; t <= TURNS; t++) {
        BatonApi.Reply done =
            viaA.submitUntilDecided(source, "t-" + t, "turn " + t, null, WAIT_SECONDS);
        assertThat(done.turnStatus()).as(done.toString()).isEqualTo("COMPLETED");
      }
      List<HistoryMessage> sourceBefore = viaA.history(source);
      assertThat(sourceBefore).hasSize(2 * TURNS);

      BatonApi.Reply forked = viaA.fork(source, fork, AT_SEQ);

      assertThat(forked.status()).as(forked.toString()).isEqualTo(201);
      assertThat(forked.text("sessionId")).isEqualTo(fork);
      assertThat(forked.json().get("history").get("nextSeq").asLong()).isEqualTo(AT_SEQ + 1);
      BatonApi.Reply own = viaB.submitUntilDecided(fork, "t-own", "fork turn", null, WAIT_SECONDS);
      assertThat(own.turnStatus()).as(own.toString()).isEqualTo("COMPLETED");
      List<HistoryMessage> forkHistory = viaA.history(fork);
      assertThat(forkHistory.subList(0, (int) AT_SEQ))
          .isEqualTo(sourceBefore.subList(0, (int) AT_SEQ));
      assertThat(forkHistory.subList((int) AT_SEQ, forkHistory.size()))
          .extracting(HistoryMessage::seq, HistoryMessage::role, HistoryMessage::turnId)
          .containsExactly(
              tuple(AT_SEQ + 1, "USER", "t-own"), tuple(AT_SEQ + 2, "ASSISTANT", "t-own"));
      assertThat(viaB.history(source)).isEqualTo(sourceBefore);
      assertThat(viaA.events(fork)).extracting(EventSummary::type).startsWith("SessionForked");
      assertThat(viaB.events(source)).extracting(EventSummary::type).endsWith("SessionForked");

      assertThat(replay(stack, fleet, fork))
          .contains("forked from acme/" + source + " at seq " + AT_SEQ);
      assertThat(replay(stack, fleet, source))
          .contains("forked to acme/" + fork + " at seq " + AT_SEQ);

      assertProblem(viaB.fork(source, fork, 2), 409, "SESSION_EXISTS");
      assertProblem(viaB.fork(source, ids.sessionId(), 2 * TURNS + 1), 422, "SEQ_OUT_OF_RANGE");
      assertProblem(viaA.fork(ids.sessionId(), ids.sessionId(), 1), 404, "SESSION_NOT_FOUND");
      assertProblem(viaA.fork(source, source, 1), 400, "INVALID_BODY");
      BatonApi.Reply foreign = fleet.api(0).withToken(globex).fork(source, ids.sessionId(), 1);
      assertProblem(foreign, 404, "SESSION_NOT_FOUND");
    }
  }

  @Test
  void shouldForkThroughTheJavaClientAndRaiseTheRefusalsAsProblems(
      StackAddresses stack, TestIds ids) {
    TopologyOptions smallRecords = TopologyOptions.builder().maxRecordBytes(SMALL_RECORD).build();
    try (BatonFleet fleet =
            BatonFleet.builder(stack, ids, dir).partitions(2).topology(smallRecords).start();
        BatonClient client =
            BatonClient.create(URI.create("http://127.0.0.1:" + fleet.coordinator(0).httpPort()))) {
      SubmitOptions wait =
          SubmitOptions.builder().waitFor(Duration.ofSeconds(WAIT_SECONDS)).build();
      String source = ids.sessionId();
      for (int t = 1; t <= TURNS; t++) {
        TurnAnswer done = client.submit(source, "t-" + t, "turn " + t, wait);
        assertThat(done.completed()).as(done.toString()).isTrue();
      }
      String fork = ids.sessionId();

      ForkedSession forked = client.fork(source, AT_SEQ, fork);

      assertThat(forked).isEqualTo(new ForkedSession(fork, "IDLE", 1, AT_SEQ + 1));
      assertThat(client.submit(fork, "t-own", "fork turn", wait).answer())
          .contains("echo: fork turn");
      assertThat(fleet.api(0).history(fork))
          .extracting(HistoryMessage::seq)
          .containsExactly(1L, 2L, 3L, 4L, AT_SEQ + 1, AT_SEQ + 2);
      assertClientProblem(() -> client.fork(source, 2, fork), 409, "SESSION_EXISTS");
      assertClientProblem(
          () -> client.fork(ids.sessionId(), 1, ids.sessionId()), 404, "SESSION_NOT_FOUND");
      String large = ids.sessionId();
      String input = "x".repeat(SMALL_RECORD / 3);
      for (int t = 1; t <= 2; t++) {
        TurnAnswer done = client.submit(large, "t-" + t, input, wait);
        assertThat(done.completed()).as(done.status()).isTrue();
      }
      assertClientProblem(() -> client.fork(large, 4, ids.sessionId()), 422, "HISTORY_TOO_LARGE");
    }
  }

  private static void assertClientProblem(ThrowingCallable fork, int status, String code) {
    assertThatThrownBy(fork)
        .isInstanceOfSatisfying(
            ProblemException.class,
            e -> {
              assertThat(e.status()).isEqualTo(status);
              assertThat(e.code()).isEqualTo(code);
            });
  }

  /** {@code baton replay}'s lines for {@code session}, which is of tenant {@code acme}. */
  private static List<String> replay(StackAddresses stack, BatonFleet fleet, String session) {
    CliRun run =
        CliRun.of(
            "replay",
            "acme/" + session,
            "--kafka",
            stack.kafkaBootstrap(),
            "--registry",
            stack.registryUrl(),
            "--application-id",
            fleet.layout().applicationId(),
            "--topic-prefix",
            fleet.layout().prefix(),
            "--progress=never");
    assertThat(run.exitCode()).as(run.err()).isZero();
    return run.outLines();
  }

  private static void assertProblem(BatonApi.Reply reply, int status, String code) {
    assertThat(reply.status()).as(reply.toString()).isEqualTo(status);
    assertThat(reply.problemCode()).as(reply.toString()).isEqualTo(code);
  }

  /**
   * A new session id that instance 1 (at {@code b}) owns if {@code onB}, else instance 0: instance
   * 0 forwards a session that instance 1 owns. Waits until the token is known.
   */
  private static String ownedBy(BatonApi viaA, BatonApi viaB, TestIds ids, String b, boolean onB) {
    for (int i = 0; i < 100; i++) {
      String session = ids.sessionId();
      BatonApi.Reply probe =
          await()
              .atMost(Duration.ofSeconds(30))
              .until(() -> viaA.session(session), reply -> reply.status() == 404);
      if (b.equals(probe.forwardedTo()) == onB && viaB.session(session).status() == 404) {
        return session;
      }
    }
    throw new AssertionError("no session id owned by instance " + (onB ? 1 : 0));
  }
}
