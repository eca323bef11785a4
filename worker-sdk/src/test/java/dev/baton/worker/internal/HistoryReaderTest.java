package dev.baton.worker.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.baton.worker.Message;
import dev.baton.worker.ToolResult;
import dev.baton.worker.WorkerException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A cut context message names its history seq; the whole text is read from a coordinator. */
class HistoryReaderTest {

  private final AtomicReference<String> asked = new AtomicReference<>();
  private HttpServer server;

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/v1/sessions/",
        exchange -> {
          asked.set(exchange.getRequestURI().toString());
          byte[] body =
              ("{\"sessionId\":\"s 1\",\"messages\":[{\"seq\":7,\"role\":\"TOOL\","
                      + "\"content\":\"the whole note\",\"turnId\":\"t-1\"}],\"nextFrom\":8}")
                  .getBytes(StandardCharsets.UTF_8);
          int status = exchange.getRequestURI().getQuery().contains("from=7") ? 200 : 404;
          exchange.sendResponseHeaders(status, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  @Test
  void shouldReadTheWholeTextOfTheSeqACutMessageNames() {
    Message cut =
        Message.tool(
            "c-0", ToolResult.ok("the who\n[cut: 14 bytes in full, in history message seq 7]"));

    long seq = cut.cutFromSeq().orElseThrow();
    String whole = HistoryReader.http(url() + "/").wholeText("s 1", seq);

    assertThat(whole).isEqualTo("the whole note");
    assertThat(asked.get()).isEqualTo("/v1/sessions/s+1/history?from=7&limit=1");
  }

  @Test
  void shouldSeeNoMarkerInAMessageThatWasNotCut() {
    assertThat(Message.tool("c-0", ToolResult.ok("short")).cutFromSeq()).isEmpty();
    assertThat(
            Message.user("see [cut: 1 bytes in full, in history message seq 2] above").cutFromSeq())
        .isEmpty();
  }

  @Test
  void shouldFailTypedWhenTheCoordinatorHasNoSuchMessageOrNoUrlIsSet() {
    assertThatThrownBy(() -> HistoryReader.http(url()).wholeText("s 1", 3))
        .isInstanceOf(WorkerException.class)
        .hasMessageContaining("message 3 of session s 1")
        .hasMessageContaining("HTTP 404");
    assertThatThrownBy(() -> HistoryReader.NONE.wholeText("s 1", 7))
        .isInstanceOf(WorkerException.class)
        .hasMessageContaining("no coordinator URL is set");
  }

  private String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }
}
