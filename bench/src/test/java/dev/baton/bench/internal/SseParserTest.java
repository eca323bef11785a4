package dev.baton.bench.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SseParserTest {

  private final List<String> heard = new ArrayList<>();
  private final SseParser parser =
      new SseParser(
          new SseListener() {
            @Override
            public void onOpen(long nanos) {}

            @Override
            public void onRefused(int status, String body) {}

            @Override
            public void onEvent(SseEvent event, long readNanos) {
              heard.add(event + "@" + readNanos);
            }

            @Override
            public void onComment(String comment, long readNanos) {
              heard.add("comment " + comment + "@" + readNanos);
            }

            @Override
            public void onClosed(Throwable error) {}
          });

  private void read(String... lines) {
    for (int i = 0; i < lines.length; i++) {
      parser.line(lines[i], i);
    }
  }

  @Test
  void shouldHandOnAnEventWhenABlankLineEndsIt() {
    read("id: 1.a.2", "event: delta", "data: {\"index\":0}", "");

    assertThat(heard).containsExactly(new SseEvent("1.a.2", "delta", "{\"index\":0}") + "@3");
  }

  @Test
  void shouldHandOnCommentsAtOnceAndJoinDataLines() {
    read(": heartbeat", "", "data:a", "data: b", "retry: 10", "");

    assertThat(heard)
        .containsExactly("comment heartbeat@0", new SseEvent(null, "message", "a\nb") + "@5");
  }

  @Test
  void shouldIgnoreBlankLinesBetweenEvents() {
    read("", "", "event: turn.ended", "", "");

    assertThat(heard).containsExactly(new SseEvent(null, "turn.ended", "") + "@3");
  }
}
