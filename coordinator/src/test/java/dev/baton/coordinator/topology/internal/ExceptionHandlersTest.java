package dev.baton.coordinator.topology.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.schemas.SchemaRegistryException;
import java.io.IOException;
import java.net.URI;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.errors.ProductionExceptionHandler;
import org.apache.kafka.streams.errors.StreamsException;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.api.Record;
import org.junit.jupiter.api.Test;

/** The exception handlers decide per failure whether the stream thread fails or goes on. */
class ExceptionHandlersTest {

  private static final ProducerRecord<byte[], byte[]> OUTPUT =
      new ProducerRecord<>("baton.assignments", new byte[] {1}, new byte[2_000_000]);
  private static final Record<String, byte[]> INPUT = new Record<>("s-1", new byte[] {0}, 0L);

  @Test
  void shouldDropARecordTheProducerRefusesAsTooLargeAndGoOn() {
    var response =
        new OversizeRecordHandler()
            .handleError(CONTEXT, OUTPUT, new RecordTooLargeException("2000000 > 1048576"));

    assertThat(response.result()).isEqualTo(ProductionExceptionHandler.Result.RESUME);
  }

  @Test
  void shouldFailOnOtherSendFailuresSoThatTheRecordIsNotLost() {
    var response = new OversizeRecordHandler().handleError(CONTEXT, OUTPUT, new TimeoutException());

    assertThat(response.result()).isEqualTo(ProductionExceptionHandler.Result.FAIL);
  }

  @Test
  void shouldSkipARecordWhoseProcessingHitABug() {
    var response =
        new ProcessingFailureHandler()
            .handleError(CONTEXT, INPUT, new IllegalStateException("a bug"));

    assertThat(response.result()).isEqualTo(ProcessingExceptionHandler.Result.RESUME);
  }

  @Test
  void shouldFailTheThreadOnInfrastructureFailuresToProcessTheRecordAgain() {
    var unreachable =
        SchemaRegistryException.ioError(
            "GET", URI.create("http://registry/schemas/ids/1"), new IOException("down"));
    ProcessingFailureHandler handler = new ProcessingFailureHandler();

    assertThat(handler.handleError(CONTEXT, INPUT, unreachable).result())
        .isEqualTo(ProcessingExceptionHandler.Result.FAIL);
    assertThat(handler.handleError(CONTEXT, INPUT, new StreamsException("send failed")).result())
        .isEqualTo(ProcessingExceptionHandler.Result.FAIL);
    assertThat(
            handler
                .handleError(CONTEXT, INPUT, new RuntimeException("wrapped", unreachable))
                .result())
        .isEqualTo(ProcessingExceptionHandler.Result.FAIL);
  }

  private static final ErrorHandlerContext CONTEXT =
      new ErrorHandlerContext() {
        @Override
        public String topic() {
          return "baton.commands";
        }

        @Override
        public int partition() {
          return 0;
        }

        @Override
        public long offset() {
          return 42;
        }

        @Override
        public Headers headers() {
          return new RecordHeaders();
        }

        @Override
        public String processorNodeId() {
          return "session-processor";
        }

        @Override
        public TaskId taskId() {
          return new TaskId(0, 0);
        }

        @Override
        public long timestamp() {
          return 0;
        }

        @Override
        public byte[] sourceRawKey() {
          return null;
        }

        @Override
        public byte[] sourceRawValue() {
          return null;
        }
      };
}
