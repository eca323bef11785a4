package dev.baton.cli.chaos;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import dev.baton.coordinator.Coordinator;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.LoggerFactory;

/**
 * Counts the coordinator's "stream thread failed" log lines while it is attached: the coordinator
 * replaces a failed stream thread and says so there, and nowhere else.
 */
final class StreamFailures extends AppenderBase<ILoggingEvent> implements AutoCloseable {

  private static final String MESSAGE = "Stream thread failed";

  private final AtomicInteger count = new AtomicInteger();
  private final Logger logger = (Logger) LoggerFactory.getLogger(Coordinator.class);

  /** Starts counting. */
  static StreamFailures attach() {
    StreamFailures failures = new StreamFailures();
    failures.setName("chaos-stream-failures");
    failures.setContext(failures.logger.getLoggerContext());
    failures.start();
    failures.logger.addAppender(failures);
    return failures;
  }

  /** How many failures were logged since {@link #attach()}. */
  int count() {
    return count.get();
  }

  @Override
  protected void append(ILoggingEvent event) {
    if (event.getMessage() != null && event.getMessage().startsWith(MESSAGE)) {
      count.incrementAndGet();
    }
  }

  @Override
  public void close() {
    logger.detachAppender(this);
    stop();
  }
}
