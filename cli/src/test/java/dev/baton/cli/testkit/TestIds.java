package dev.baton.cli.testkit;

import dev.baton.schemas.TopicLayout;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Names that no other test in this run (or an earlier run on the same broker) uses: topics,
 * application ids, group ids and session ids. Kafka keeps group state after a test ends; reusing an
 * {@code application.id} right after its Streams app closed stalls the next rebalance for the old
 * members' session timeout, so every test gets its own.
 *
 * <pre>{@code
 * TopicLayout layout = ids.layout(3);         // baton topics under this test's prefix
 * props.put("application.id", ids.applicationId());
 * }</pre>
 */
public final class TestIds {

  private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
  private static final AtomicLong SEQUENCE = new AtomicLong();
  private static final int MAX_NAME_LENGTH = 40;

  private final String base;
  private final AtomicLong sessions = new AtomicLong();

  private TestIds(String base) {
    this.base = base;
  }

  /** Fresh ids for a test called {@code testName}. */
  public static TestIds forTest(String testName) {
    String name = testName.replaceAll("[^A-Za-z0-9_-]", "-");
    if (name.length() > MAX_NAME_LENGTH) {
      name = name.substring(0, MAX_NAME_LENGTH);
    }
    return new TestIds(name + "-" + RUN + "-" + SEQUENCE.incrementAndGet());
  }

  /** The unique part every id of this test shares. */
  public String id() {
    return base;
  }

  /** A topic name prefix for this test, ending with a dot. */
  public String topicPrefix() {
    return base + ".";
  }

  /** A topic name for this test. */
  public String topic(String name) {
    return topicPrefix() + name;
  }

  /** A Kafka Streams {@code application.id} for this test. */
  public String applicationId() {
    return "app-" + base;
  }

  /** A consumer group id for this test. */
  public String groupId() {
    return "group-" + base;
  }

  /** A share group id for this test. */
  public String shareGroupId() {
    return "share-" + base;
  }

  /** A new session id on every call. */
  public String sessionId() {
    return "session-" + base + "-" + sessions.incrementAndGet();
  }

  /** Baton's topics under this test's prefix and application id. */
  public TopicLayout layout(int partitions) {
    return TopicLayout.of(topicPrefix(), applicationId(), partitions);
  }
}
