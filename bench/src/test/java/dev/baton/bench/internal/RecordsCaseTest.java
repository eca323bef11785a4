package dev.baton.bench.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.schemas.TopicLayout;
import org.junit.jupiter.api.Test;

class RecordsCaseTest {

  @Test
  void shouldNameTopicsWithoutTheirPrefixAndTheApplicationIdAsApp() {
    TopicLayout layout = TopicLayout.of("bench-x-rec-eos.", "bench-x-rec-eos", 12);

    assertThat(RecordsCase.shortName(layout.commands(), layout)).isEqualTo("commands");
    assertThat(RecordsCase.shortName(layout.history(), layout))
        .isEqualTo("<app>-history-changelog");
    assertThat(RecordsCase.shortName("other", layout)).isEqualTo("other");
  }
}
