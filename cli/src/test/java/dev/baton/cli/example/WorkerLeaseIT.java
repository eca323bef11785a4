package dev.baton.cli.example;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.cli.stack.StackAddresses;
import dev.baton.cli.testkit.BatonStackTest;
import dev.baton.cli.testkit.TestIds;
import dev.baton.schemas.avro.AgentAnswered;
import dev.baton.schemas.avro.Assignment;
import dev.baton.schemas.avro.LeaseRenewed;
import dev.baton.schemas.avro.WorkerResult;
import dev.baton.worker.AgentHandler;
import dev.baton.worker.StepResult;
import dev.baton.worker.Worker;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.common.config.ConfigResource;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A handler that holds its record longer than the share group's acquisition lock keeps it: a worker
 * that never hands a record over renews the lock ({@code RENEW}) and the coordinator's lease
 * ({@code LeaseRenewed}), and without renewals its record is delivered again; a worker with the
 * default hand-off has accepted the record before the lock runs out, so even without renewals it is
 * not delivered again.
 */
@BatonStackTest
class WorkerLeaseIT {

  /** The share group's acquisition lock; the embedded broker allows 1 s and more. */
  private static final Duration LOCK = Duration.ofSeconds(3);

  /** How long the handler runs: more than twice the lock. */
  private static final Duration HANDLER_TIME = Duration.ofSeconds(7);

  private WorkerFixture fixture;

  @BeforeEach
  void setUp(StackAddresses stack, TestIds ids) throws Exception {
    fixture = new WorkerFixture(stack, ids);
    shortenRecordLock(stack, ids.shareGroupId());
  }

  @AfterEach
  void tearDown() throws InterruptedException {
    fixture.close();
  }

  @Test
  void shouldKeepARecordLongerThanItsLockByRenewingIt() {
    AtomicInteger runs = new AtomicInteger();
    // The automatic interval: a third of the 3 s lock, at least 1 s.
    fixture.start(lockRenewing("renewing", slow(runs)));

    Assignment assignment = fixture.assign("slow");

    await().until(() -> answers(assignment).size() == 1);
    assertThat(runs).hasValue(1);
    List<LeaseRenewed> renewals = renewals(assignment);
    assertThat(renewals).hasSizeGreaterThanOrEqualTo(3);
    assertThat(renewals)
        .allSatisfy(
            r -> {
              assertThat(r.getLeaseMs()).isEqualTo(assignment.getLeaseMs());
              assertThat(r.getCallId()).isNull();
            });
    assertThat(fixture.resultsFor(assignment))
        .allSatisfy(r -> assertThat(r.getFencingToken()).isEqualTo(assignment.getFencingToken()));

    // Once accepted, the record is never delivered again.
    Assignment marker = fixture.assign("marker");
    await().until(() -> answers(marker).size() == 1);
    assertThat(runs).hasValue(2);
  }

  @Test
  void shouldRunARecordQueuedBehindARenewedOneOnce() throws InterruptedException {
    AtomicInteger runs = new AtomicInteger();
    CountDownLatch started = new CountDownLatch(1);
    AgentHandler slow = slow(runs);
    fixture.start(
        lockRenewing(
            "renewing",
            step -> {
              started.countDown();
              return slow.handle(step);
            }));

    Assignment first = fixture.assign("slow");
    started.await();
    // The only slot is busy: this record waits while the first one's lock is renewed, and must
    // not be fetched meanwhile, or its own lock would run out in the consumer's buffer.
    Assignment next = fixture.assign("next");

    await().until(() -> answers(next).size() == 1 && answers(first).size() == 1);
    assertThat(runs).hasValue(2);
    assertThat(answers(next)).hasSize(1);
  }

  @Test
  void shouldLoseARecordHeldLongerThanItsLockWithoutRenewals() {
    AtomicInteger runs = new AtomicInteger();
    fixture.start(
        lockRenewing("not-renewing", slow(runs)).leaseRenewInterval(Duration.ofMinutes(10)));

    Assignment assignment = fixture.assign("slow");

    // The lock ran out while the handler ran: accepting fails and the record comes back.
    await().until(() -> runs.get() >= 2);
    assertThat(renewals(assignment)).isEmpty();
  }

  @Test
  void shouldKeepAHandedOffRecordHeldLongerThanItsLockWithoutRenewals() {
    AtomicInteger runs = new AtomicInteger();
    fixture.start(
        fixture
            .workerBuilder("handing-off", slow(runs), 1, 1)
            .leaseRenewInterval(Duration.ofMinutes(10)));

    Assignment assignment = fixture.assign("slow");

    // Accepted a second after its delivery, before its 3 s lock ran out: never delivered again.
    await().until(() -> answers(assignment).size() == 1);
    Assignment marker = fixture.assign("marker");
    await().until(() -> answers(marker).size() == 1);
    assertThat(runs).hasValue(2);
    assertThat(answers(assignment)).hasSize(1);
    assertThat(renewals(assignment)).isEmpty();
  }

  /** A worker of one slot that renews its records' locks until their handlers end. */
  private Worker.Builder lockRenewing(String workerId, AgentHandler agent) {
    return fixture.workerBuilder(workerId, agent, 1, 1).neverHandOff();
  }

  private static AgentHandler slow(AtomicInteger runs) {
    return step -> {
      runs.incrementAndGet();
      if (step.input().equals("slow")) {
        Thread.sleep(HANDLER_TIME);
      }
      return StepResult.answer("done " + step.input());
    };
  }

  private List<AgentAnswered> answers(Assignment assignment) {
    return bodies(assignment, AgentAnswered.class);
  }

  private List<LeaseRenewed> renewals(Assignment assignment) {
    return bodies(assignment, LeaseRenewed.class);
  }

  private <T> List<T> bodies(Assignment assignment, Class<T> type) {
    return fixture.resultsFor(assignment).stream()
        .map(WorkerResult::getBody)
        .filter(type::isInstance)
        .map(type::cast)
        .toList();
  }

  private static void shortenRecordLock(StackAddresses stack, String shareGroup) throws Exception {
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", stack.kafkaBootstrap()))) {
      ConfigResource group = new ConfigResource(ConfigResource.Type.GROUP, shareGroup);
      AlterConfigOp op =
          new AlterConfigOp(
              new ConfigEntry("share.record.lock.duration.ms", String.valueOf(LOCK.toMillis())),
              AlterConfigOp.OpType.SET);
      admin.incrementalAlterConfigs(Map.of(group, List.of(op))).all().get(30, TimeUnit.SECONDS);
    }
  }

  private static ConditionFactory await() {
    return Awaitility.await().atMost(Duration.ofSeconds(60)).pollInSameThread();
  }
}
