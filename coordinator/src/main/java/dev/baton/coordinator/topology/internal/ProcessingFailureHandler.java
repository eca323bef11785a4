package dev.baton.coordinator.topology.internal;

import dev.baton.schemas.BatonException;
import java.util.Map;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The coordinator's processing exception handler. A retryable infrastructure failure (a {@link
 * BatonException} that says so, such as an unreachable schema registry) and any failure of Kafka's
 * own machinery fail the stream thread, which is replaced and processes the record again: the
 * record must not be lost, and {@code /health} reports the instance as not ready while that keeps
 * happening. Anything else is a bug that processing the record again would only repeat: it is
 * logged with the record's coordinates and the record is skipped (Kafka Streams counts it in its
 * {@code dropped-records-total} task metric), so that one record cannot stop every session of the
 * task.
 */
public final class ProcessingFailureHandler implements ProcessingExceptionHandler {

  private static final Logger log = LoggerFactory.getLogger(ProcessingFailureHandler.class);

  @Override
  public Response handleError(ErrorHandlerContext context, Record<?, ?> record, Exception e) {
    if (mustFail(e)) {
      return Response.fail();
    }
    log.error(
        "Skipped input {}-{}@{} (task {}, node {}) after a failure",
        context.topic(),
        context.partition(),
        context.offset(),
        context.taskId(),
        context.processorNodeId(),
        e);
    return Response.resume();
  }

  /** Whether {@code e} must fail the thread rather than skip the record. */
  static boolean mustFail(Throwable e) {
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (cause instanceof BatonException baton && baton.isRetryable()) {
        return true;
      }
      if (cause instanceof KafkaException) {
        return true;
      }
      if (cause.getCause() == cause) {
        break;
      }
    }
    return false;
  }

  @Override
  public void configure(Map<String, ?> configs) {}
}
