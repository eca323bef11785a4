package dev.baton.client.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SseReaderTest {

  @Test
  void shouldReadIdTypeAndData() throws IOException {
    assertThat(read("id: 1.a\nevent: delta\ndata: {\"text\":\"hi\"}\n\n"))
        .containsExactly(new SseEvent("1.a", "delta", "{\"text\":\"hi\"}"));
  }

  @Test
  void shouldJoinMultiLineDataWithNewlines() throws IOException {
    assertThat(read("id: 7\ndata: first\ndata:second\ndata: \ndata\n\n"))
        .containsExactly(new SseEvent("7", "message", "first\nsecond\n\n"));
  }

  @Test
  void shouldSkipCommentsAndHeartbeats() throws IOException {
    assertThat(read(": heartbeat\n\nid: 1\n: between fields\nevent: a\ndata: x\n\n:\n\n"))
        .containsExactly(new SseEvent("1", "a", "x"));
  }

  @Test
  void shouldAcceptCrLfAndCrLineEnds() throws IOException {
    assertThat(read("id: 1\r\nevent: a\r\ndata: x\r\n\r\nid: 2\revent: b\rdata: y\r\r"))
        .containsExactly(new SseEvent("1", "a", "x"), new SseEvent("2", "b", "y"));
  }

  @Test
  void shouldDropTheEventThatTheEndOfTheBodyCutsOff() throws IOException {
    assertThat(read("id: 1\nevent: a\ndata: x\n\nid: 2\nevent: b\ndata: {\"text\":\"hal"))
        .containsExactly(new SseEvent("1", "a", "x"));
    assertThat(read("id: 1\ndata: x\n")).isEmpty();
  }

  @Test
  void shouldStripOneSpaceAfterTheColonOnly() throws IOException {
    assertThat(read("event:  two\ndata:  x \n\n"))
        .containsExactly(new SseEvent(null, " two", " x "));
  }

  @Test
  void shouldKeepTheLastIdForLaterEventsUntilANewOne() throws IOException {
    assertThat(read("id: 1\ndata: a\n\ndata: b\n\nid: 2\n\ndata: c\n\nid\ndata: d\n\n"))
        .extracting(SseEvent::id)
        .containsExactly("1", "1", "2", "");
  }

  @Test
  void shouldIgnoreUnknownFieldsRetryAndAnEventWithoutData() throws IOException {
    assertThat(read("retry: 3000\nfoo: bar\nevent: nothing\n\nevent: b\ndata: y\n\n"))
        .containsExactly(new SseEvent(null, "b", "y"));
  }

  @Test
  void shouldSkipAByteOrderMarkAtTheStart() throws IOException {
    assertThat(read("\uFEFFid: 1\ndata: x\n\n")).containsExactly(new SseEvent("1", "message", "x"));
  }

  private static List<SseEvent> read(String body) throws IOException {
    SseReader reader = new SseReader(new StringReader(body));
    List<SseEvent> events = new ArrayList<>();
    for (Optional<SseEvent> e = reader.next(); e.isPresent(); e = reader.next()) {
      events.add(e.get());
    }
    return events;
  }
}
