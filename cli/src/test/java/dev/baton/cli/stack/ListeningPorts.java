package dev.baton.cli.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The TCP ports that given processes listen on, read from Linux's {@code /proc/net/tcp} and {@code
 * tcp6} (port and socket inode) and {@code /proc/<pid>/fd} (which process holds which socket), so
 * that other processes on the machine do not disturb a test.
 */
final class ListeningPorts {

  private static final List<Path> TABLES =
      List.of(Path.of("/proc/net/tcp"), Path.of("/proc/net/tcp6"));
  private static final String LISTEN = "0A";

  private ListeningPorts() {}

  static boolean supported() {
    return Files.isReadable(TABLES.getFirst()) && Files.isDirectory(Path.of("/proc/self/fd"));
  }

  /** The ports that the processes {@code pids} listen on now. */
  static Set<Integer> of(Collection<Long> pids) {
    Set<String> inodes = new HashSet<>();
    pids.forEach(pid -> inodes.addAll(socketInodes(pid)));
    return TABLES.stream()
        .filter(Files::isReadable)
        .flatMap(ListeningPorts::rows)
        .filter(fields -> fields[3].equals(LISTEN) && inodes.contains(fields[9]))
        .map(fields -> Integer.parseInt(fields[1].substring(fields[1].indexOf(':') + 1), 16))
        .collect(Collectors.toSet());
  }

  private static Stream<String[]> rows(Path table) {
    try {
      return Files.readAllLines(table).stream().skip(1).map(line -> line.trim().split("\\s+"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Set<String> socketInodes(long pid) {
    try (Stream<Path> fds = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
      return fds.map(ListeningPorts::linkTarget)
          .filter(target -> target.startsWith("socket:["))
          .map(target -> target.substring("socket:[".length(), target.length() - 1))
          .collect(Collectors.toSet());
    } catch (IOException | UncheckedIOException e) {
      return Set.of(); // the process has ended
    }
  }

  private static String linkTarget(Path fd) {
    try {
      return Files.readSymbolicLink(fd).toString();
    } catch (IOException e) {
      return ""; // the descriptor closed meanwhile
    }
  }
}
