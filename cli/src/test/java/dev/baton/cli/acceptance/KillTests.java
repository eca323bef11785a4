package dev.baton.cli.acceptance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.baton.cli.example.EchoAgent;
import dev.baton.cli.stack.StackAddresses;
import dev.baton.cli.testkit.BatonProcess;
import dev.baton.cli.testkit.HistoryChecker;
import dev.baton.cli.testkit.HistoryReport;
import dev.baton.cli.testkit.ShareGroups;
import dev.baton.cli.testkit.TestIds;
import dev.baton.cli.testkit.TopicReader;
import dev.baton.coordinator.TopicBootstrap;
import dev.baton.schemas.TopicLayout;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;

/** What the tests that kill Baton's processes share. */
final class KillTests {

  /** How long a killed worker's records stay locked before others may take them. */
  static final Duration RECORD_LOCK = Duration.ofSeconds(5);

  /** How long the broker waits for a killed worker's share session before it ends it. */
  static final Duration SHARE_SESSION_TIMEOUT = Duration.ofSeconds(6);

  /** How long a coordinator process may take to become healthy. */
  static final Duration START_TIMEOUT = Duration.ofSeconds(180);

  private static final Duration CATCH_UP = Duration.ofSeconds(120);

  private KillTests() {}

  /**
   * Creates {@code layout}'s topics and the share group {@code group}, with record locks and share
   * sessions short enough that what a killed worker held comes back within seconds.
   */
  static void prepare(StackAddresses stack, TopicLayout layout, String group) {
    try (TopicBootstrap topics = new TopicBootstrap(stack.kafkaBootstrap(), 1)) {
      topics.createTopics(layout);
      topics.prepareShareGroup(group);
    }
    ShareGroups.shortenTimeouts(stack, group, RECORD_LOCK, SHARE_SESSION_TIMEOUT);
  }

  /**
   * Reads the history and session-events topics with {@code reader} until {@code completed} turns
   * completed, and checks every session's turns with the echo agent's answers: no turn lost, none
   * answered twice, nothing out of order ({@link HistoryReport#assertClean}).
   */
  static HistoryReport cleanHistories(TopicReader reader, int completed, Logger log) {
    HistoryChecker checker = HistoryChecker.forAgent(EchoAgent::answerTo);
    await()
        .atMost(CATCH_UP)
        .until(
            () -> {
              reader.catchUp();
              return checker.checkAll(reader.histories(), reader.eventSummaries()).completedTurns()
                  >= completed;
            });
    HistoryReport report = checker.checkAll(reader.histories(), reader.eventSummaries());
    log.info("history check: {}", report);
    report.retriedSteps().forEach(step -> log.info("retried: {}", step));
    report.assertClean();
    return report;
  }

  /**
   * Every turn accepted in {@code deployment} (of {@code sessions} sessions, {@code completed}
   * turns) completed once with its echo answer, and nothing ended otherwise.
   */
  static void checkEveryTurnOnce(Deployment deployment, int sessions, int completed, Logger log) {
    try (TopicReader reader = new TopicReader(deployment.stack(), deployment.layout())) {
      HistoryReport report = cleanHistories(reader, completed, log);
      assertThat(report.sessions()).isEqualTo(sessions);
      assertThat(report.acceptedTurns()).isEqualTo(completed);
      assertThat(report.completedTurns()).isEqualTo(completed);
      assertThat(report.endedOtherwise()).isZero();
    }
  }

  /**
   * A test's deployment: its topics, its share group and its processes, the first two of which are
   * the coordinators {@code coordinator-0} and {@code coordinator-1}.
   */
  record Deployment(
      StackAddresses stack,
      TopicLayout layout,
      String group,
      Path dir,
      List<BatonProcess> processes) {

    /** Starts the echo worker {@code name} with the options {@code extra} and adds it. */
    BatonProcess addWorker(String name, String... extra) {
      processes.add(BatonProcess.worker(name, stack, layout, group, dir, extra));
      return processes.getLast();
    }
  }

  /** A test's work with its deployment. */
  interface WithDeployment {
    /** Runs the test on {@code deployment}. */
    void run(Deployment deployment) throws Exception;
  }

  /**
   * Prepares the topics and the share group of {@code partitions} partitions ({@link #prepare}),
   * starts two coordinators, runs {@code test} and closes every process, logging their logs' ends
   * if it fails.
   */
  static void withTwoCoordinators(
      Logger log, StackAddresses stack, TestIds ids, int partitions, Path dir, WithDeployment test)
      throws Exception {
    TopicLayout layout = ids.layout(partitions);
    String group = ids.shareGroupId();
    prepare(stack, layout, group);
    withProcesses(
        log,
        processes -> {
          startCoordinators(processes, 2, stack, layout, group, dir);
          test.run(new Deployment(stack, layout, group, dir, processes));
        });
  }

  /** A test's run of sessions on its deployment. */
  interface SessionRun {
    /** Runs the test's sessions on {@code deployment}; returns the turns completed. */
    int run(Deployment deployment) throws Exception;
  }

  /**
   * As {@link #withTwoCoordinators}, with an echo worker {@code worker-0} besides; {@code test}
   * runs {@code sessions} sessions, and then every turn it completed must have completed once
   * ({@link #checkEveryTurnOnce}).
   */
  static void withTwoCoordinatorsAndAWorker(
      Logger log,
      StackAddresses stack,
      TestIds ids,
      int partitions,
      int sessions,
      Path dir,
      SessionRun test)
      throws Exception {
    withTwoCoordinators(
        log,
        stack,
        ids,
        partitions,
        dir,
        deployment -> {
          deployment.addWorker("worker-0");
          checkEveryTurnOnce(deployment, sessions, test.run(deployment), log);
        });
  }

  /** A test's work with the processes it starts, which it adds to the list. */
  interface WithProcesses {
    /** Starts processes into {@code processes} and runs the test with them. */
    void run(List<BatonProcess> processes) throws Exception;
  }

  /** Runs {@code test}; if it fails, logs the end of each process's log; closes every process. */
  static void withProcesses(Logger log, WithProcesses test) throws Exception {
    List<BatonProcess> processes = new ArrayList<>();
    try {
      test.run(processes);
    } catch (Exception | Error e) {
      processes.forEach(p -> log.warn("log of {}:\n{}", p.name(), p.logTail()));
      throw e;
    } finally {
      processes.forEach(BatonProcess::close);
    }
  }

  /**
   * Starts coordinators {@code coordinator-0} to {@code coordinator-<count - 1>} into {@code
   * processes}, one at a time: JVMs starting at once on two cores slow each other down.
   */
  static void startCoordinators(
      List<BatonProcess> processes,
      int count,
      StackAddresses stack,
      TopicLayout layout,
      String group,
      Path dir)
      throws InterruptedException {
    for (int i = 0; i < count; i++) {
      processes.add(BatonProcess.coordinator("coordinator-" + i, stack, layout, group, dir));
      processes.getLast().awaitHealthy(START_TIMEOUT);
    }
  }
}
