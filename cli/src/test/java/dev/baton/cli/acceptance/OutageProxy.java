package dev.baton.cli.acceptance;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A TCP proxy to one local server that can be cut off: while it is, every open connection has been
 * closed and every new one is closed as soon as it is accepted, as when the server is down or a
 * network drops it; {@link #restore()} relays again. It remembers when it last dropped a
 * connection, so a test can wait until a client has kept trying for a while.
 *
 * <pre>{@code
 * try (OutageProxy proxy = OutageProxy.start(registryPort)) {
 *   proxy.cut();
 *   await().until(() -> proxy.lastDrop().isAfter(cutAt.plusSeconds(10)));
 *   proxy.restore();
 * }
 * }</pre>
 */
final class OutageProxy implements AutoCloseable {

  private final ServerSocket server;
  private final int targetPort;
  private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();
  private volatile boolean cut;
  private volatile Instant lastDrop = Instant.EPOCH;

  private OutageProxy(ServerSocket server, int targetPort) {
    this.server = server;
    this.targetPort = targetPort;
  }

  /** A proxy to {@code 127.0.0.1:targetPort}, listening on a free port and relaying. */
  static OutageProxy start(int targetPort) throws IOException {
    ServerSocket server = new ServerSocket(0, 1024, InetAddress.getLoopbackAddress());
    OutageProxy proxy = new OutageProxy(server, targetPort);
    proxy.threads.submit(proxy::accept);
    return proxy;
  }

  int port() {
    return server.getLocalPort();
  }

  /** Closes every relayed connection and drops every new one until {@link #restore()}. */
  void cut() {
    cut = true;
    open.forEach(OutageProxy::closeQuietly);
  }

  /** Relays new connections again. */
  void restore() {
    cut = false;
  }

  /** When the proxy last dropped a new connection because it was cut off. */
  Instant lastDrop() {
    return lastDrop;
  }

  @Override
  public void close() throws IOException {
    server.close();
    open.forEach(OutageProxy::closeQuietly);
    threads.shutdownNow();
  }

  private void accept() {
    while (!server.isClosed()) {
      try {
        Socket client = server.accept();
        if (cut) {
          lastDrop = Instant.now();
          closeQuietly(client);
        } else {
          threads.submit(() -> relay(client));
        }
      } catch (IOException e) {
        return; // closed
      }
    }
  }

  private void relay(Socket client) {
    try (client;
        Socket target = new Socket(InetAddress.getLoopbackAddress(), targetPort)) {
      open.add(client);
      open.add(target);
      try {
        threads.submit(() -> pump(target, client));
        pump(client, target);
      } finally {
        open.remove(client);
        open.remove(target);
      }
    } catch (IOException e) {
      // the target refused, or the connection was cut
    }
  }

  private static void pump(Socket from, Socket to) {
    try (InputStream in = from.getInputStream();
        OutputStream out = to.getOutputStream()) {
      in.transferTo(out);
    } catch (IOException e) {
      // cut or closed
    } finally {
      closeQuietly(from);
      closeQuietly(to);
    }
  }

  private static void closeQuietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException e) {
      // already closed
    }
  }
}
