package dev.baton.bench.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.baton.schemas.avro.OnBusy;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
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

  @Test
  void shouldMarkEachTurnsRequestAndAnswer() throws Exception {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/v1/sessions/",
        exchange -> {
          byte[] body = "{\"status\":\"COMPLETED\"}".getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(200, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    server.start();
    TurnTimes times = new TurnTimes();
    URI base = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    try (HttpTurnDriver driver = new HttpTurnDriver(base, 1, null, times)) {
      CompletableFuture<TurnSubmitter.Outcome> outcome = new CompletableFuture<>();
      long before = TurnTimes.nowMicros();

      driver.submit("s", "s-t0", "hello", OnBusy.REJECT, System.nanoTime(), outcome::complete);

      assertThat(outcome.get(10, TimeUnit.SECONDS).ok()).isTrue();
      long[] marks = times.byTurn("s-t0").get("s-t0");
      long sent = marks[TurnPoint.SENT.ordinal()];
      long answered = marks[TurnPoint.TERMINAL_SEEN.ordinal()];
      assertThat(sent).isGreaterThanOrEqualTo(before);
      assertThat(answered).isGreaterThanOrEqualTo(sent);
      assertThat(marks[TurnPoint.COMMAND_APPENDED.ordinal()])
          .as("not the client's to mark")
          .isZero();
    } finally {
      server.stop(0);
    }
  }
}
