package dev.baton.bench.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HttpTurnDriverTest {

  @Test
  void shouldCompleteATurnOnlyOn200WithStatusCompleted() {
    assertThat(
            HttpTurnDriver.endOf(
                200,
                "{\"sessionId\":\"s\",\"turnId\":\"t\",\"status\":\"COMPLETED\",\"answer\":\"a\"}"))
        .isEqualTo("completed");
    assertThat(HttpTurnDriver.endOf(200, "{\"status\":\"FAILED\",\"error\":\"x\"}"))
        .isEqualTo("failed");
  }

  @Test
  void shouldNameEveryOtherAnswer() {
    assertThat(HttpTurnDriver.endOf(202, "{\"status\":\"RUNNING\"}"))
        .isEqualTo("not-ended-RUNNING");
    assertThat(HttpTurnDriver.endOf(409, "{\"code\":\"SESSION_BUSY\"}"))
        .isEqualTo("http-409-SESSION_BUSY");
    assertThat(HttpTurnDriver.endOf(502, "<html>bad gateway</html>")).isEqualTo("http-502-no-code");
    assertThat(HttpTurnDriver.endOf(200, "")).isEqualTo("no-status");
  }
}
