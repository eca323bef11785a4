package dev.baton.coordinator.topology.internal;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How Kafka Streams names an instance's group members and transactional producers, so that another
 * instance can remove a dead one from the group and fence its open transactions.
 *
 * <p>Each instance's consumers are static members: their {@code group.instance.id} is {@link
 * #instanceId} of the instance's advertised endpoint, to which Kafka Streams appends {@code
 * -<thread index>}. A stream thread's consumer has the client id {@code <application id>-<process
 * id>-StreamThread-<thread index>-consumer} (Baton sets no {@code client.id}), and under
 * exactly-once its producer the transactional id {@code <application id>-<process id>-<thread
 * index>}.
 */
public final class StreamsMembers {

  private static final Pattern ILLEGAL = Pattern.compile("[^a-zA-Z0-9._-]");
  private static final Pattern THREAD_CONSUMER =
      Pattern.compile("(.+)-StreamThread-([0-9]+)-consumer");

  private StreamsMembers() {}

  /**
   * The {@code group.instance.id} of the instance whose HTTP API is advertised at {@code host} and
   * {@code port}; only the characters Kafka allows in it.
   */
  public static String instanceId(String host, int port) {
    return "baton-" + ILLEGAL.matcher(host).replaceAll("_") + "-" + port;
  }

  /**
   * Whether the group member whose {@code group.instance.id} is {@code memberInstanceId} is a
   * stream thread of the instance {@code instanceId}.
   */
  public static boolean isThreadOf(String memberInstanceId, String instanceId) {
    String prefix = instanceId + "-";
    return memberInstanceId.startsWith(prefix)
        && memberInstanceId.length() > prefix.length()
        && memberInstanceId.substring(prefix.length()).chars().allMatch(Character::isDigit);
  }

  /**
   * The transactional id of the producer of the stream thread whose consumer has {@code
   * consumerClientId}, or empty if that is not a stream thread's consumer of {@code applicationId}.
   */
  public static Optional<String> transactionalId(String applicationId, String consumerClientId) {
    Matcher thread = THREAD_CONSUMER.matcher(consumerClientId);
    if (!thread.matches() || !thread.group(1).startsWith(applicationId + "-")) {
      return Optional.empty();
    }
    return Optional.of(thread.group(1) + "-" + thread.group(2));
  }
}
