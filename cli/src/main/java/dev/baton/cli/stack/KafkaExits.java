package dev.baton.cli.stack;

import org.apache.kafka.common.utils.internals.Exit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps an in-process broker from ending the JVM it shares with the coordinator and the tests.
 * Kafka's server code calls {@code Exit.exit} or {@code Exit.halt} on a fatal error (a port it
 * cannot bind, a metadata fault); here that becomes an exception on the failing thread, and the
 * broker's readiness check then reports it.
 */
final class KafkaExits {

  private static final Logger log = LoggerFactory.getLogger(KafkaExits.class);

  private KafkaExits() {}

  /** Replaces Kafka's exit and halt procedures for this JVM; idempotent. */
  static synchronized void neverExitTheJvm() {
    Exit.setExitProcedure(KafkaExits::refuse);
    Exit.setHaltProcedure(KafkaExits::refuse);
  }

  private static void refuse(int status, String message) {
    log.error("The embedded Kafka broker asked to end the JVM (status {}): {}", status, message);
    throw new IllegalStateException(
        "the embedded Kafka broker failed fatally (status " + status + "): " + message);
  }
}
