package dev.baton.cli.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.cli.stack.internal.FreePorts;
import dev.baton.coordinator.ConfigException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Fixed ports of the embedded parts (baton stack --kafka-port and the like). */
class StackPortsTest {

  @Test
  void shouldDefaultToFreePortsAndKeepFixedOnes() {
    StackConfig config =
        StackConfig.builder().registryDistribution(Path.of("apicurio")).kafkaPort(9092).build();

    assertThat(config.kafkaPort()).isEqualTo(9092);
    assertThat(config.redisPort()).isZero();
    assertThat(config.toBuilder().build().kafkaPort()).isEqualTo(9092);
  }

  @Test
  void shouldRejectAPortOutOfRange() {
    assertThatThrownBy(() -> StackConfig.builder().redisPort(65536))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("'redisPort'");
  }

  @Test
  void shouldRefuseAFixedPortThatIsInUse() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName(FreePorts.LOOPBACK))) {
      int port = taken.getLocalPort();

      assertThatThrownBy(() -> FreePorts.pickOr(port, "kafka"))
          .isInstanceOf(StackException.class)
          .hasMessageContaining("kafka failed to start, port " + port + " on 127.0.0.1 is in use");
      assertThat(FreePorts.pickOr(0, "kafka")).isPositive();
    }
  }
}
