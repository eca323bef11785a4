package dev.baton.worker.internal;

import dev.baton.worker.WorkerOptions;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/** The Kafka client configs of a worker. */
final class KafkaConfigs {

  private KafkaConfigs() {}

  /**
   * The config of poller {@code index}: the share group, explicit acknowledgement, and at most
   * {@code capacity} records per poll ({@code record_limit} makes that a hard limit, KIP-1206).
   */
  static Map<String, Object> shareConsumer(WorkerOptions options, int index, int capacity) {
    Map<String, Object> config = common(options);
    config.put("client.id", options.workerId() + "-poller-" + index);
    config.put("group.id", options.shareGroup());
    config.put("share.acknowledgement.mode", "explicit");
    config.put("share.acquire.mode", "record_limit");
    config.put("max.poll.records", capacity);
    return config;
  }

  /**
   * The config of a turn-signal consumer, whose client id ends with {@code suffix}: no group (it is
   * assigned every partition, or only asks for end offsets), nothing committed, only committed
   * records read.
   */
  static Map<String, Object> signalConsumer(WorkerOptions options, String suffix) {
    Map<String, Object> config = common(options);
    config.put("client.id", options.workerId() + suffix);
    config.put("isolation.level", "read_committed");
    config.put("enable.auto.commit", false);
    config.put("auto.offset.reset", "latest");
    return config;
  }

  /**
   * The config of the results producer: idempotent, {@code acks=all}, and no linger unless a {@code
   * linger.ms} kafka property says otherwise (Kafka 4's default of 5 ms would add 5 ms to every
   * step a worker reports; a result is one small record that the coordinator waits for).
   */
  static Map<String, Object> producer(WorkerOptions options) {
    Map<String, Object> config = common(options);
    config.putIfAbsent("linger.ms", 0);
    config.put("client.id", options.workerId() + "-results");
    config.put("enable.idempotence", true);
    config.put("acks", "all");
    return config;
  }

  /**
   * The largest result value the results producer can write: its {@code max.request.size} (a kafka
   * property, else Kafka's default of 1 MiB) less 1 KiB for the key, the headers and the framing.
   */
  static int maxResultBytes(WorkerOptions options) {
    Object configured = options.kafkaProperties().get("max.request.size");
    return configured == null
        ? ResultPublisher.DEFAULT_MAX_RESULT_BYTES
        : Math.max(
            1, Integer.parseInt(configured.toString().trim()) - ResultPublisher.FRAMING_BYTES);
  }

  /**
   * How long the broker holds a share fetch that finds nothing: {@code fetch.max.wait.ms} if a
   * kafka property sets it, else Kafka's default of 500 ms.
   */
  static Duration fetchMaxWait(WorkerOptions options) {
    Object configured = options.kafkaProperties().get("fetch.max.wait.ms");
    return configured == null
        ? PollWatch.DEFAULT_FETCH_MAX_WAIT
        : Duration.ofMillis(Long.parseLong(configured.toString().trim()));
  }

  /**
   * Splits {@code total} into {@code parts} capacities that differ by at most one and sum to {@code
   * total}.
   */
  static int[] split(int total, int parts) {
    int[] capacities = new int[parts];
    for (int i = 0; i < parts; i++) {
      capacities[i] = total / parts + (i < total % parts ? 1 : 0);
    }
    return capacities;
  }

  private static Map<String, Object> common(WorkerOptions options) {
    Map<String, Object> config = new HashMap<>(options.kafkaProperties());
    config.put("bootstrap.servers", options.bootstrapServers());
    return config;
  }
}
