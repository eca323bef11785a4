package dev.baton.cli.acceptance;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP proxy to one HTTP server that passes each connection's request on and cuts its answer after
 * the headers and a random number of body bytes (1 to {@code maxBodyBytes}): a connection that
 * drops mid-stream, as when the server or the network dies.
 *
 * <pre>{@code
 * try (CuttingProxy proxy = CuttingProxy.start(coordinatorPort, 4000)) {
 *   URI uri = URI.create("http://127.0.0.1:" + proxy.port());
 * }
 * }</pre>
 */
final class CuttingProxy implements AutoCloseable {

  private static final byte[] HEADERS_END = {'\r', '\n', '\r', '\n'};

  private final ServerSocket server;
  private final int targetPort;
  private final int maxBodyBytes;
  private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
  private final AtomicInteger cuts = new AtomicInteger();

  private CuttingProxy(ServerSocket server, int targetPort, int maxBodyBytes) {
    this.server = server;
    this.targetPort = targetPort;
    this.maxBodyBytes = maxBodyBytes;
  }

  /** A proxy to {@code 127.0.0.1:targetPort}, listening on a free port. */
  static CuttingProxy start(int targetPort, int maxBodyBytes) throws IOException {
    ServerSocket server = new ServerSocket(0, 1024, InetAddress.getLoopbackAddress());
    CuttingProxy proxy = new CuttingProxy(server, targetPort, maxBodyBytes);
    proxy.threads.submit(proxy::accept);
    return proxy;
  }

  int port() {
    return server.getLocalPort();
  }

  /** How many answers the proxy has cut in their body. */
  int cuts() {
    return cuts.get();
  }

  @Override
  public void close() throws IOException {
    server.close();
    threads.shutdownNow();
  }

  private void accept() {
    while (!server.isClosed()) {
      try {
        Socket client = server.accept();
        threads.submit(() -> relay(client));
      } catch (IOException e) {
        return; // closed
      }
    }
  }

  private void relay(Socket client) {
    int cutAfter = 1 + ThreadLocalRandom.current().nextInt(maxBodyBytes);
    try (client;
        Socket target = new Socket(InetAddress.getLoopbackAddress(), targetPort)) {
      threads.submit(() -> copy(client.getInputStream(), target.getOutputStream()));
      if (copyUntilCut(
          new BufferedInputStream(target.getInputStream()),
          new BufferedOutputStream(client.getOutputStream()),
          cutAfter)) {
        cuts.incrementAndGet();
      }
    } catch (IOException e) {
      // one side went away: the connection ends either way
    }
  }

  /** Copies the headers and {@code cutAfter} body bytes; true if it cut the body. */
  private static boolean copyUntilCut(InputStream in, OutputStream out, int cutAfter)
      throws IOException {
    int matched = 0;
    long body = -1;
    for (int b = in.read(); b >= 0; b = in.read()) {
      out.write(b);
      if (body >= 0) {
        if (++body == cutAfter) {
          out.flush();
          return true;
        }
      } else {
        matched = b == HEADERS_END[matched] ? matched + 1 : (b == HEADERS_END[0] ? 1 : 0);
        if (matched == HEADERS_END.length) {
          body = 0;
        }
      }
      if (in.available() == 0) {
        out.flush();
      }
    }
    out.flush();
    return false;
  }

  private static Void copy(InputStream in, OutputStream out) throws IOException {
    in.transferTo(out);
    return null;
  }
}
