package dev.baton.coordinator.topology;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * Whether an instance's local Kafka Streams state is worth opening at start. Under exactly-once,
 * Kafka Streams trusts a task's local stores only if the instance closed cleanly (it then wrote the
 * stores' changelog offsets); after a crash each non-empty store is opened, found without offsets,
 * declared corrupted, wiped and restored from its changelog, and opening and wiping every store
 * left behind took a restarted instance about ten seconds. So a clean close leaves a marker beside
 * the state, and a start that finds none discards the state (by {@code KafkaStreams.cleanUp()})
 * before Kafka Streams looks at it. Under at-least-once the stores keep their offsets even after a
 * crash, and the state is always kept.
 *
 * <pre>{@code
 * LocalState local = LocalState.of(config.streams());
 * if (local.discardAtStart()) { streams.cleanUp(); }
 * streams.start();
 * ...
 * if (streams.close(...)) { local.closedCleanly(); }
 * }</pre>
 */
public final class LocalState {

  private final Path state;
  private final Path marker;
  private final ProcessingMode mode;

  private LocalState(Path state, Path marker, ProcessingMode mode) {
    this.state = state;
    this.marker = marker;
    this.mode = mode;
  }

  /** The local state of the instance that {@code options} describe. */
  public static LocalState of(StreamsOptions options) {
    return new LocalState(
        options.stateDir().resolve(options.applicationId()),
        options.stateDir().resolve(options.applicationId() + ".closed-cleanly"),
        options.processingMode());
  }

  /**
   * Whether the state must be discarded before Kafka Streams starts: under exactly-once, if there
   * is any (Kafka Streams keeps a directory per task in a directory named after the application id,
   * beside files of its own that a new instance writes at once) and the last instance on it did not
   * close cleanly. Consumes the marker, so a crash of this instance counts.
   */
  public boolean discardAtStart() {
    try {
      boolean clean = Files.deleteIfExists(marker);
      return mode == ProcessingMode.EXACTLY_ONCE && !clean && holdsTasks();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the marker " + marker, e);
    }
  }

  private boolean holdsTasks() throws IOException {
    if (!Files.isDirectory(state)) {
      return false;
    }
    try (Stream<Path> entries = Files.list(state)) {
      return entries.anyMatch(Files::isDirectory);
    }
  }

  /** Kafka Streams closed cleanly: the next start may use the state. */
  public void closedCleanly() {
    try {
      Files.createDirectories(marker.getParent());
      Files.writeString(marker, "");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the marker " + marker, e);
    }
  }
}
