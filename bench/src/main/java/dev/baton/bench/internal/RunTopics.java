package dev.baton.bench.internal;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * The topics of one run's cases on the shared broker: every deployment of a run names its topics
 * and application id {@code bench-<runId>-...}, and Kafka Streams names its internal topics after
 * the application id. A run deletes them when each case ends, so that the broker, which serves
 * every case of every run, does not pile up their partitions: each holds open files, and the idle
 * feeds' ten thousand sockets share the same limit.
 */
final class RunTopics {

  private static final long TIMEOUT_SECONDS = 60;

  private RunTopics() {}

  /**
   * Deletes every topic whose name starts with {@code bench-<runId>-} and returns how many there
   * were.
   */
  static int deleteAll(String bootstrap, String runId)
      throws InterruptedException, ExecutionException, TimeoutException {
    try (Admin admin =
        Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
      List<String> topics =
          ofRun(admin.listTopics().names().get(TIMEOUT_SECONDS, TimeUnit.SECONDS), runId);
      if (!topics.isEmpty()) {
        admin.deleteTopics(topics).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
      }
      return topics.size();
    }
  }

  /** Those of {@code topics} that belong to run {@code runId}, sorted. */
  static List<String> ofRun(Collection<String> topics, String runId) {
    String prefix = "bench-" + runId + "-";
    return topics.stream().filter(name -> name.startsWith(prefix)).sorted().toList();
  }
}
