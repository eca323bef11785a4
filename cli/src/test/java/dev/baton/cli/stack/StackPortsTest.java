package dev.baton.cli.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

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

  @Test
  void shouldRefuseAReservedPortThatIsInUseBeforeStartingAnyPart() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName(FreePorts.LOOPBACK))) {
      int port = taken.getLocalPort();
      StackConfig config =
          StackConfig.builder()
              .registryDistribution(Path.of("no-such-apicurio"))
              .reservedPort("coordinator HTTP API", port)
              .build();

      try (EmbeddedStack stack = new EmbeddedStack(config)) {
        // The hold comes first: the registry, whose distribution is missing, is not started.
        assertThatThrownBy(stack::start)
            .isInstanceOf(StackException.class)
            .hasMessageContaining(
                "coordinator HTTP API failed to start, port " + port + " on 127.0.0.1 is in use")
            .hasNoSuppressedExceptions();
      }
    }
  }

  @Test
  void shouldKeepTheReservedPortsThroughToBuilder() {
    StackConfig config =
        StackConfig.builder()
            .registryDistribution(Path.of("apicurio"))
            .reservedPort("coordinator HTTP API", 18080)
            .reservedPort("nothing", 0)
            .build();

    assertThat(config.toBuilder().build().reservedPorts())
        .containsExactly(entry("coordinator HTTP API", 18080), entry("nothing", 0));
    assertThatThrownBy(() -> StackConfig.builder().reservedPort("x", -1))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("'reservedPort'");
  }
}
