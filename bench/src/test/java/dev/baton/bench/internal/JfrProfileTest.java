package dev.baton.bench.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class JfrProfileTest {

  @Test
  void shouldGroupThreadsOfOnePoolAndHideRunIds() {
    String app = "bench-c0pmr1-p-cabffb9f-1ff2-4a1a-a9c0-ed1e2f3a4b5c";

    assertThat(JfrProfile.threadGroup(app + "-StreamThread-1"))
        .isEqualTo("<app>-<uuid>-StreamThread-N");
    assertThat(
            JfrProfile.threadGroup(
                "kafka-producer-network-thread | " + app + "-StreamThread-2-producer"))
        .isEqualTo("kafka-producer-network-thread | <app>-<uuid>-StreamThread-N-producer");
    assertThat(JfrProfile.threadGroup("JettyServerThreadPool-42"))
        .isEqualTo("JettyServerThreadPool-N");
  }
}
