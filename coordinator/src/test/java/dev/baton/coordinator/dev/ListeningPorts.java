package dev.baton.coordinator.dev;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** The TCP ports something listens on, read from Linux's {@code /proc/net/tcp} and {@code tcp6}. */
final class ListeningPorts {

  private static final List<Path> TABLES =
      List.of(Path.of("/proc/net/tcp"), Path.of("/proc/net/tcp6"));
  private static final String LISTEN = "0A";

  private ListeningPorts() {}

  static boolean supported() {
    return Files.isReadable(TABLES.getFirst());
  }

  static Set<Integer> current() {
    return TABLES.stream()
        .filter(Files::isReadable)
        .flatMap(ListeningPorts::listening)
        .collect(Collectors.toSet());
  }

  private static Stream<Integer> listening(Path table) {
    try {
      return Files.readAllLines(table).stream()
          .skip(1)
          .map(line -> line.trim().split("\\s+"))
          .filter(fields -> fields[3].equals(LISTEN))
          .map(fields -> Integer.parseInt(fields[1].substring(fields[1].indexOf(':') + 1), 16));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
