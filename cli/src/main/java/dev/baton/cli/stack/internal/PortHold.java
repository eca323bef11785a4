package dev.baton.cli.stack.internal;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps fixed loopback ports bound until their owner is about to listen on them, so that no free
 * port picked meanwhile ({@link FreePorts#pick()}, by this process or another) is one of them. A
 * stack starts its parts in parallel and each picks further ports (the broker's controller, the
 * registry's management port); without a hold, the kernel may hand one of those a fixed port that a
 * later part, or the caller after the stack, was to bind.
 *
 * <p>A held port is bound but not listening: connecting to it is refused.
 */
public final class PortHold implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(PortHold.class);

  private final Map<Integer, Socket> held = new HashMap<>();

  /**
   * Binds {@code port} for {@code owner}; does nothing for 0 (a free port, picked when needed).
   *
   * @throws dev.baton.cli.stack.StackException naming {@code owner} if the port is in use
   */
  public synchronized void hold(String owner, int port) {
    if (port == 0) {
      return;
    }
    Socket socket = new Socket();
    try {
      socket.setReuseAddress(false);
      socket.bind(new InetSocketAddress(InetAddress.getByName(FreePorts.LOOPBACK), port));
    } catch (IOException e) {
      unbind(socket);
      throw FreePorts.inUse(owner, port);
    }
    held.put(port, socket);
  }

  /**
   * Unbinds {@code port} for its owner to listen on; does nothing if it is not held.
   *
   * @return {@code port}
   */
  public synchronized int release(int port) {
    Socket socket = held.remove(port);
    if (socket != null) {
      unbind(socket);
    }
    return port;
  }

  /** Unbinds every port still held. */
  @Override
  public synchronized void close() {
    held.values().forEach(PortHold::unbind);
    held.clear();
  }

  /** Closes {@code socket}; a failure is logged, so that it cannot hide why a port was held. */
  private static void unbind(Socket socket) {
    try {
      socket.close();
    } catch (IOException e) {
      log.warn(
          "Closing the socket that held {} failed; ignored", socket.getLocalSocketAddress(), e);
    }
  }
}
