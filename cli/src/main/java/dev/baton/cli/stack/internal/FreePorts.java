package dev.baton.cli.stack.internal;

import dev.baton.cli.stack.StackException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;

/** Finds free TCP ports on the loopback address and tells whether a port is listening. */
public final class FreePorts {

  /** The address every embedded part binds to. */
  public static final String LOOPBACK = "127.0.0.1";

  private static final int CONNECT_TIMEOUT_MS = 200;

  private FreePorts() {}

  /**
   * Returns a port that was free a moment ago. Another process may take it before the caller binds
   * it; that is rare enough on a developer machine and then fails loudly at bind time.
   */
  public static int pick() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(LOOPBACK))) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free port on " + LOOPBACK, e);
    }
  }

  /**
   * Returns {@code port}, or a free port if it is 0.
   *
   * @throws StackException naming {@code part} if the fixed port is already in use
   */
  public static int pickOr(int port, String part) {
    if (port == 0) {
      return pick();
    }
    if (isListening(LOOPBACK, port)) {
      throw inUse(part, port);
    }
    return port;
  }

  /** The failure of {@code part}, whose fixed {@code port} is in use. */
  public static StackException inUse(String part, int port) {
    return StackException.startFailed(
        part, "port " + port + " on " + LOOPBACK + " is in use; choose another or 0 for any", null);
  }

  /** Whether something accepts TCP connections on {@code host:port}. */
  public static boolean isListening(String host, int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(host, port), CONNECT_TIMEOUT_MS);
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
