package dev.baton.cli;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a command running until Ctrl-C or SIGTERM, then closes its resources in reverse order of
 * registration, so that no process or listening port is left behind.
 */
final class UntilShutdown {

  private static final Logger log = LoggerFactory.getLogger(UntilShutdown.class);

  private final List<AutoCloseable> resources = Collections.synchronizedList(new ArrayList<>());
  private final CountDownLatch closed = new CountDownLatch(1);

  UntilShutdown() {
    Runtime.getRuntime().addShutdownHook(new Thread(this::closeAll, "baton-shutdown"));
  }

  /** Registers a resource to close at shutdown and returns it. */
  <T extends AutoCloseable> T closeAtShutdown(T resource) {
    resources.add(resource);
    return resource;
  }

  /** Blocks until the shutdown hook has closed every resource. */
  void await() throws InterruptedException {
    closed.await();
  }

  private void closeAll() {
    List<AutoCloseable> reversed;
    synchronized (resources) {
      reversed = new ArrayList<>(resources);
    }
    Collections.reverse(reversed);
    for (AutoCloseable resource : reversed) {
      try {
        resource.close();
      } catch (Exception e) {
        log.warn("Failed to close {}", resource, e);
      }
    }
    closed.countDown();
  }
}
