package dev.baton.bench.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import org.junit.jupiter.api.Test;

class OtlpSinkTest {

  @Test
  void shouldCountTheSpansTheWorkersExport() throws Exception {
    try (OtlpSink sink = OtlpSink.start()) {
      try (OpenTelemetrySdk sdk = ObserveCase.workerTelemetry(sink)) {
        Tracer tracer = sdk.getTracer("test");
        for (String name : new String[] {"a", "b", "c"}) {
          tracer.spanBuilder(name).startSpan().end();
        }
      } // closing flushes the batch

      assertThat(sink.workers().spans()).isEqualTo(3);
      assertThat(sink.workers().requests()).isPositive();
      assertThat(sink.workers().bytes()).isPositive();
      assertThat(sink.workers().unreadable()).isZero();
      assertThat(sink.coordinator().requests()).isZero();
    }
  }

  @Test
  void shouldCountNoSpansInAnEmptyRequestAndRejectBrokenBytes() {
    assertThat(OtlpSpanCount.of(new byte[0])).isZero();
    assertThatThrownBy(() -> OtlpSpanCount.of(new byte[] {0x0a, 0x05, 0x01}))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
