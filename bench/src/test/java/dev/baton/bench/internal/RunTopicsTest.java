package dev.baton.bench.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class RunTopicsTest {

  @Test
  void shouldPickTheRunsTopicsAndStreamsInternalTopicsOnly() {
    List<String> topics =
        List.of(
            "__consumer_offsets",
            "__share_group_state",
            "bench-k3xr1-w-1x200-eos.commands",
            "bench-k3xr1-w-1x200-eos-sessions-changelog",
            "bench-k3xr1-replay.history",
            "bench-k3xr10-w-1x200-eos.commands",
            "bench-k3xr2-w-1x200-eos.commands",
            "baton.commands");

    assertThat(RunTopics.ofRun(topics, "k3xr1"))
        .containsExactly(
            "bench-k3xr1-replay.history",
            "bench-k3xr1-w-1x200-eos-sessions-changelog",
            "bench-k3xr1-w-1x200-eos.commands");
  }
}
