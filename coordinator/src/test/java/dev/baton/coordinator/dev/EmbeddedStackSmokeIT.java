package dev.baton.coordinator.dev;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("integration")
class EmbeddedStackSmokeIT {

  @Test
  void shouldStartAndStop() {
    try (EmbeddedStack stack = new EmbeddedStack(StackConfig.defaults())) {
      StackAddresses addresses = stack.start();
      assertThat(addresses.kafkaBootstrap()).startsWith("127.0.0.1:");
    }
  }
}
