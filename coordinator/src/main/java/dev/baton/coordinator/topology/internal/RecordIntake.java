package dev.baton.coordinator.topology.internal;

import dev.baton.coordinator.session.SessionCommand;
import dev.baton.schemas.BatonException;
import dev.baton.schemas.MalformedRecordException;
import dev.baton.schemas.SessionKeys;
import dev.baton.schemas.Topics;
import dev.baton.schemas.UnknownSchemaIdException;
import dev.baton.schemas.avro.Command;
import dev.baton.schemas.avro.RecordRejectionReason;
import dev.baton.schemas.avro.WorkerResult;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.utils.Utils;

/**
 * Turns a raw input record into a session command, or rejects it with {@link RejectedInput}. It
 * checks, in order: the key is a valid session id, the record is on the partition its key maps to
 * (Kafka's default partitioner: murmur2 of the key's UTF-8 bytes, modulo the partition count), the
 * value is present and within the size limit, it decodes with a known schema, its session id equals
 * the key, and its content maps to a command of the session model.
 *
 * <p>A retryable failure (the schema registry cannot be reached while a new schema id is looked up)
 * is not the record's fault and is thrown as it is.
 */
final class RecordIntake {

  private final Topics topics;
  private final int partitions;
  private final int maxRecordBytes;

  /**
   * @param partitions the partition count of the input topics
   */
  RecordIntake(Topics topics, int partitions, int maxRecordBytes) {
    this.topics = Objects.requireNonNull(topics, "topics");
    if (partitions < 1) {
      throw new IllegalArgumentException("partitions must be at least 1, got " + partitions);
    }
    this.partitions = partitions;
    this.maxRecordBytes = maxRecordBytes;
  }

  /** The partition Kafka's default partitioner gives {@code key} (a valid session id). */
  int partitionOf(String key) {
    return Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % partitions;
  }

  /** Which input topic {@code input} came from: 0 for commands, 1 for worker results. */
  int sourceOf(InputRecord input) {
    return input.topic().equals(topics.commands().name()) ? 0 : 1;
  }

  /**
   * A record that passed every check.
   *
   * @param causationId what the events of its decision name as their cause: a command's {@code
   *     commandId}, a result's {@code assignmentId}, or the record's coordinates if it has none
   */
  record Accepted(String sessionId, SessionCommand command, String causationId) {}

  /**
   * Decodes and checks {@code input}.
   *
   * @throws RejectedInput if the record cannot be used
   */
  Accepted accept(InputRecord input) {
    requireValidKey(input);
    requireKeyPartition(input);
    requireValue(input);
    if (input.topic().equals(topics.commands().name())) {
      Command command = decode(topics.commands().valueSerde().deserializer(), input);
      requireSameSession(input, command.getSessionId());
      return new Accepted(input.key(), CommandMapper.toModel(command), command.getCommandId());
    }
    if (input.topic().equals(topics.workerResults().name())) {
      WorkerResult result = decode(topics.workerResults().valueSerde().deserializer(), input);
      requireSameSession(input, result.getSessionId());
      String causationId =
          result.getAssignmentId() != null ? result.getAssignmentId() : input.coordinates();
      return new Accepted(input.key(), ResultMapper.toModel(result), causationId);
    }
    throw new IllegalStateException("the session processor does not read topic " + input.topic());
  }

  private static void requireValidKey(InputRecord input) {
    try {
      SessionKeys.requireValid(input.key());
    } catch (IllegalArgumentException e) {
      throw RejectedInput.of(RecordRejectionReason.INVALID_KEY, e.getMessage());
    }
  }

  /**
   * Another task owns the key's session: deciding here would use state that is not the session's
   * and repeat its event numbers and ids.
   */
  private void requireKeyPartition(InputRecord input) {
    int expected = partitionOf(input.key());
    if (input.partition() != expected) {
      throw RejectedInput.of(
          RecordRejectionReason.WRONG_PARTITION,
          "key '"
              + input.key()
              + "' belongs on partition "
              + expected
              + " of "
              + partitions
              + " (murmur2, the Java client's default partitioner), not "
              + input.partition()
              + "; produce with librdkafka partitioner=murmur2_random");
    }
  }

  private void requireValue(InputRecord input) {
    if (input.value() == null) {
      throw RejectedInput.invalidCommand("the record has no value");
    }
    if (input.value().length > maxRecordBytes) {
      throw RejectedInput.of(
          RecordRejectionReason.OVERSIZE,
          "the value has " + input.value().length + " bytes, at most " + maxRecordBytes);
    }
  }

  private static <T> T decode(Deserializer<T> deserializer, InputRecord input) {
    try {
      return deserializer.deserialize(input.topic(), input.value());
    } catch (MalformedRecordException e) {
      throw RejectedInput.of(e.reason(), e);
    } catch (UnknownSchemaIdException e) {
      throw RejectedInput.of(RecordRejectionReason.UNKNOWN_SCHEMA_ID, e);
    } catch (BatonException e) {
      if (e.isRetryable()) {
        throw e;
      }
      throw RejectedInput.of(RecordRejectionReason.OTHER, e);
    } catch (RuntimeException e) {
      throw RejectedInput.of(RecordRejectionReason.UNDECODABLE, e);
    }
  }

  private static void requireSameSession(InputRecord input, String sessionId) {
    if (!input.key().equals(sessionId)) {
      throw RejectedInput.of(
          RecordRejectionReason.KEY_MISMATCH,
          "the key is '" + input.key() + "' but the value's sessionId is '" + sessionId + "'");
    }
  }
}
