package dev.baton.coordinator;

import dev.baton.schemas.BatonException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * {@link TopicBootstrap} could not create Baton's topics, see them ready or prepare the share
 * group. The message starts with {@value #PART} and says which step failed and why. Not retryable
 * as is: fix the cause (an unreachable broker, missing ACLs) and start again.
 *
 * <p>{@code throw TopicBootstrapException.failed("create topic baton.commands", cause);}
 */
public final class TopicBootstrapException extends BatonException {

  /** What failed, in every message: Baton's topics. */
  public static final String PART = "topics";

  private static final long serialVersionUID = 1L;

  private TopicBootstrapException(String message, Throwable cause) {
    super(message, cause, false);
  }

  /** A step failed, {@code topics: create topic baton.commands: <cause>}. */
  public static TopicBootstrapException failed(String what, Throwable cause) {
    return new TopicBootstrapException(PART + ": " + what + ": " + cause, cause);
  }

  /** The topics were not ready within the timeout; {@code lastReason} says why not. */
  public static TopicBootstrapException notReady(Duration timeout, String lastReason) {
    return new TopicBootstrapException(
        PART
            + " was not ready within "
            + String.format(Locale.ROOT, "%.1f s", timeout.toMillis() / 1000.0)
            + ": "
            + lastReason,
        null);
  }

  /**
   * Topics exist with other partition counts than the layout's; {@code differences} name them, as
   * in {@code baton.commands has 3, not 12}.
   */
  public static TopicBootstrapException partitionsDiffer(List<String> differences) {
    return existingDiffer(
        "other partition counts than configured",
        differences,
        "set the partition count the topics were created with (--partitions, BATON_PARTITIONS)");
  }

  /**
   * Existing topics have another value of a config that Baton relies on; {@code differences} name
   * them, as in {@code baton.commands has message.timestamp.type=CreateTime, not LogAppendTime}.
   */
  public static TopicBootstrapException configsDiffer(List<String> differences) {
    return existingDiffer(
        "other configs than Baton needs",
        differences,
        "set them, for example kafka-configs.sh --alter --entity-type topics --entity-name <topic>"
            + " --add-config <config>=<value>,");
  }

  private static TopicBootstrapException existingDiffer(
      String what, List<String> differences, String remedy) {
    return new TopicBootstrapException(
        PART
            + ": existing topics have "
            + what
            + " ("
            + String.join("; ", differences)
            + "); "
            + remedy
            + " or use another topic prefix",
        null);
  }

  /** The thread bootstrapping the topics was interrupted. */
  public static TopicBootstrapException interrupted() {
    return new TopicBootstrapException(PART + ": interrupted", null);
  }
}
