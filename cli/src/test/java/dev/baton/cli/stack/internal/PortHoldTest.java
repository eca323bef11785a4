package dev.baton.cli.stack.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.cli.stack.StackException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

/** A held port: no other socket binds it, nothing listens on it, and its owner gets it back. */
class PortHoldTest {

  @Test
  void shouldKeepAHeldPortFromEveryOtherSocketUntilReleased() throws Exception {
    int port = FreePorts.pick();
    try (PortHold held = new PortHold()) {
      held.hold("registry", port);

      assertThatThrownBy(() -> listenOn(port)).isInstanceOf(IOException.class);
      assertThat(FreePorts.isListening(FreePorts.LOOPBACK, port)).isFalse();

      assertThat(held.release(port)).isEqualTo(port);
      try (ServerSocket owner = listenOn(port)) {
        assertThat(owner.getLocalPort()).isEqualTo(port);
      }
    }
  }

  @Test
  void shouldRefuseToHoldAPortInUseNamingItsOwner() throws Exception {
    try (ServerSocket taken = listenOn(0);
        PortHold held = new PortHold()) {
      int port = taken.getLocalPort();

      assertThatThrownBy(() -> held.hold("coordinator HTTP API", port))
          .isInstanceOf(StackException.class)
          .hasMessageContaining(
              "coordinator HTTP API failed to start, port " + port + " on 127.0.0.1 is in use");
    }
  }

  @Test
  void shouldHoldNothingForPortZeroAndFreeEveryPortOnClose() throws Exception {
    int first = FreePorts.pick();
    int second = FreePorts.pick();
    PortHold held = new PortHold();
    held.hold("kafka", 0);
    held.hold("kafka", first);
    held.hold("redis", second);

    held.close();

    try (ServerSocket a = listenOn(first);
        ServerSocket b = listenOn(second)) {
      assertThat(a.getLocalPort()).isEqualTo(first);
      assertThat(b.getLocalPort()).isEqualTo(second);
    }
    assertThat(held.release(first)).isEqualTo(first);
  }

  private static ServerSocket listenOn(int port) throws IOException {
    return new ServerSocket(port, 1, InetAddress.getByName(FreePorts.LOOPBACK));
  }
}
