package dev.baton.coordinator.topology.internal;

import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RecordBatchTooLargeException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProductionExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The coordinator's production exception handler, the last line behind the {@link RecordBudget}: a
 * record the producer or broker refuses as too large is logged with where it came from and dropped
 * (Kafka Streams counts it in its {@code dropped-records-total} task metric), never a reason to
 * fail the stream thread, which would take the same record again after its replacement and fail for
 * good. Every other send failure keeps Kafka Streams' default, fail, so that the record is sent
 * again rather than lost. Under exactly-once the producer still aborts the transaction that held a
 * refused record, which is why the budget refuses such decisions before they are written.
 */
public final class OversizeRecordHandler implements ProductionExceptionHandler {

  private static final Logger log = LoggerFactory.getLogger(OversizeRecordHandler.class);

  @Override
  public Response handleError(
      ErrorHandlerContext context, ProducerRecord<byte[], byte[]> record, Exception exception) {
    if (exception instanceof RecordTooLargeException
        || exception instanceof RecordBatchTooLargeException) {
      log.error(
          "Dropped a record of {} bytes for {} (task {}, input {}-{}@{}): {}",
          record.value() == null ? 0 : record.value().length,
          record.topic(),
          context.taskId(),
          context.topic(),
          context.partition(),
          context.offset(),
          exception.toString());
      return Response.resume();
    }
    return Response.fail();
  }

  @Override
  public void configure(Map<String, ?> configs) {}
}
