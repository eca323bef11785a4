package dev.baton.cli.acceptance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.baton.cli.stack.StackAddresses;
import dev.baton.cli.testkit.BatonProcess;
import dev.baton.cli.testkit.BatonStackTest;
import dev.baton.cli.testkit.TestIds;
import dev.baton.coordinator.CoordinatorConfig;
import dev.baton.coordinator.topology.DeadPeers;
import dev.baton.coordinator.topology.StreamsOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.MemberDescription;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A coordinator evicted by mistake: two coordinator JVMs and a worker JVM run sessions turn after
 * turn, and the test evicts one coordinator that is alive and well, as another instance would if it
 * found it dead ({@link DeadPeers}): its transactional producers are fenced (their open
 * transactions aborted) and its stream threads removed from the group. The evicted instance must
 * join the group again, and every turn must still complete exactly once, as the {@link
 * dev.baton.cli.testkit.HistoryChecker} proves from the history and session-events topics.
 */
@BatonStackTest
class LiveEvictionIT {

  private static final Logger log = LoggerFactory.getLogger(LiveEvictionIT.class);

  private static final int PARTITIONS = 6;
  private static final int SESSIONS = 48;
  private static final int CLIENTS = 8;
  private static final Duration RUN_TIMEOUT = Duration.ofMinutes(4);

  @Test
  void shouldCompleteEveryTurnOnceWhenALiveCoordinatorIsEvicted(
      StackAddresses stack, TestIds ids, @TempDir Path dir) throws Exception {
    KillTests.withTwoCoordinatorsAndAWorker(
        log, stack, ids, PARTITIONS, SESSIONS, dir, deployment -> run(deployment, ids));
  }

  /**
   * Runs every session's turns through {@link #CLIENTS} clients, half on each coordinator, evicts
   * coordinator-1 in the middle, and goes on until it is back in the group and every client ran
   * another round; returns the turns completed.
   */
  private static int run(KillTests.Deployment deployment, TestIds ids) throws Exception {
    List<BatonProcess> processes = deployment.processes();
    BatonProcess evicted = processes.get(1);
    List<BatonApi> apis =
        List.of(new BatonApi(processes.get(0).httpPort()), new BatonApi(evicted.httpPort()));
    BatonFleet.awaitOwnersKnown(apis, ids, PARTITIONS);
    List<String> sessions = IntStream.range(0, SESSIONS).mapToObj(i -> ids.sessionId()).toList();
    try (SessionLoad load = SessionLoad.start(() -> apis, sessions, CLIENTS, RUN_TIMEOUT)) {
      load.awaitMore(SESSIONS);
      StreamsOptions options = streamsOptions(deployment);
      DeadPeers.Eviction eviction;
      try (DeadPeers peers = DeadPeers.start(options)) {
        String address = evicted.address();
        eviction = peers.evict(address.substring(0, address.lastIndexOf(':')), evicted.httpPort());
      }
      log.info("evicted {} after {} turns: {}", evicted.name(), load.completed(), eviction);
      assertThat(eviction.members()).isNotEmpty();
      assertThat(eviction.fenced()).hasSameSizeAs(eviction.members());
      assertThat(eviction.notFenced()).isEmpty();

      load.awaitMore(SESSIONS);
      awaitMembers(options, eviction.members());
      log.info("{} is back in the group after {} turns", evicted.name(), load.completed());
      load.awaitEveryClientRound();
      assertThat(evicted.isAlive()).isTrue();
      return load.stop();
    }
  }

  /** The Kafka Streams options of the deployment's coordinators, as another instance has them. */
  private static StreamsOptions streamsOptions(KillTests.Deployment deployment) {
    return CoordinatorConfig.builder()
        .kafkaBootstrap(deployment.stack().kafkaBootstrap())
        .registryUrl(deployment.stack().registryUrl())
        .redisUri(deployment.stack().redisUri())
        .topics(deployment.layout())
        .build()
        .streams();
  }

  /**
   * Waits until the group has as many stream threads of the evicted instance as {@code members}
   * (their group instance ids) named. A thread whose commit failed on the fence is replaced by a
   * new one, which Kafka Streams numbers anew, so the threads are matched by their instance.
   */
  private static void awaitMembers(StreamsOptions options, List<String> members) {
    String instance = members.get(0).substring(0, members.get(0).lastIndexOf('-') + 1);
    try (Admin admin = Admin.create(Map.copyOf(options.kafka().clientConfig()))) {
      await()
          .atMost(RUN_TIMEOUT)
          .until(
              () ->
                  admin
                          .describeConsumerGroups(List.of(options.applicationId()))
                          .describedGroups()
                          .get(options.applicationId())
                          .get()
                          .members()
                          .stream()
                          .map(MemberDescription::groupInstanceId)
                          .flatMap(Optional::stream)
                          .filter(id -> id.startsWith(instance))
                          .count()
                      >= members.size());
    }
  }
}
