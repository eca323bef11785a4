package dev.baton.worker.internal;

import java.util.Objects;
import org.apache.kafka.clients.consumer.AcknowledgeType;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * How a delivered assignment ends: {@code ACCEPT} once its result is durably produced, {@code
 * RELEASE} to have it delivered again, {@code REJECT} to drop it for good. {@code RENEW} settles
 * nothing: it asks the poll loop to renew the record's acquisition lock while its handler runs.
 *
 * @param record the delivered record
 * @param type the acknowledgement
 */
public record Settlement(ConsumerRecord<String, byte[]> record, AcknowledgeType type) {

  /** Checks that nothing is null. */
  public Settlement {
    Objects.requireNonNull(record, "record");
    Objects.requireNonNull(type, "type");
  }
}
