package dev.baton.cli.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Temporary working directories of the embedded parts. */
public final class TempDirs {

  private static final Logger log = LoggerFactory.getLogger(TempDirs.class);

  private TempDirs() {}

  /** Creates a directory {@code baton-<part>-*} under {@code java.io.tmpdir}. */
  public static Path create(String part) {
    try {
      return Files.createTempDirectory("baton-" + part + "-");
    } catch (IOException e) {
      throw StackException.startFailed(part, "cannot create a temporary directory", e);
    }
  }

  /** Deletes {@code dir} and everything in it; logs what it could not delete. */
  public static void delete(Path dir) {
    if (dir == null || !Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(TempDirs::deleteOne);
    } catch (IOException | UncheckedIOException e) {
      log.warn("Could not delete {}: {}", dir, e.toString());
    }
  }

  private static void deleteOne(Path path) {
    try {
      Files.deleteIfExists(path);
    } catch (IOException e) {
      log.warn("Could not delete {}: {}", path, e.toString());
    }
  }
}
