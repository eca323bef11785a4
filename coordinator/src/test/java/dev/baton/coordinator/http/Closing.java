package dev.baton.coordinator.http;

import java.util.ArrayList;
import java.util.List;

/**
 * What a test opened, closed last first when the test ends: {@code @AutoClose private final Closing
 * closing = new Closing();}.
 */
final class Closing implements AutoCloseable {

  private final List<AutoCloseable> opened = new ArrayList<>();

  /** Closes {@code resource} when the test ends, and returns it. */
  <T extends AutoCloseable> T add(T resource) {
    opened.add(resource);
    return resource;
  }

  @Override
  public void close() throws Exception {
    for (AutoCloseable resource : opened.reversed()) {
      resource.close();
    }
  }
}
