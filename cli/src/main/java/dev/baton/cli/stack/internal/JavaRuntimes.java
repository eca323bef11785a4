package dev.baton.cli.stack.internal;

import dev.baton.cli.stack.StackException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * Finds a {@code java} executable of a minimum feature version: the running JVM, then {@code
 * JAVA_HOME}, then the usual install locations of Linux, macOS and SDKMAN.
 *
 * <p>{@code Path java = JavaRuntimes.find(21);}
 */
public final class JavaRuntimes {

  private JavaRuntimes() {}

  /** A JDK or JRE home and its feature version (21 for 21.0.8). */
  record Runtime(Path home, int feature) {
    Path java() {
      boolean windows = System.getProperty("os.name", "").toLowerCase().startsWith("windows");
      return home.resolve("bin").resolve(windows ? "java.exe" : "java");
    }
  }

  /**
   * Returns the {@code java} executable of a runtime whose feature version is at least {@code
   * minimum}, preferring the running JVM, then {@code JAVA_HOME}, then the newest one installed.
   *
   * @throws StackException listing the places searched when there is none
   */
  public static Path find(int minimum) {
    Optional<Runtime> found =
        current()
            .filter(r -> r.feature() >= minimum)
            .or(() -> javaHome().filter(r -> r.feature() >= minimum))
            .or(() -> installed().stream().filter(r -> r.feature() >= minimum).findFirst());
    return found
        .map(Runtime::java)
        .orElseThrow(() -> StackException.noJava(minimum, searchRoots()));
  }

  private static Optional<Runtime> current() {
    Path home = Path.of(System.getProperty("java.home"));
    return Optional.of(new Runtime(home, java.lang.Runtime.version().feature()));
  }

  private static Optional<Runtime> javaHome() {
    return Optional.ofNullable(System.getenv("JAVA_HOME")).map(Path::of).flatMap(JavaRuntimes::at);
  }

  /** Installed runtimes, newest first. */
  private static List<Runtime> installed() {
    List<Runtime> runtimes = new ArrayList<>();
    for (Path root : searchRoots()) {
      try (Stream<Path> homes = Files.list(root)) {
        homes
            .flatMap(h -> Stream.of(h, h.resolve("Contents/Home")))
            .map(JavaRuntimes::at)
            .flatMap(Optional::stream)
            .forEach(runtimes::add);
      } catch (IOException | UncheckedIOException e) {
        // An unreadable location holds no usable runtime.
      }
    }
    runtimes.sort(Comparator.comparingInt(Runtime::feature).reversed());
    return runtimes;
  }

  private static List<Path> searchRoots() {
    String userHome = System.getProperty("user.home", "");
    return Stream.of(
            Path.of("/usr/lib/jvm"),
            Path.of("/usr/java"),
            Path.of("/opt/java"),
            Path.of("/Library/Java/JavaVirtualMachines"),
            Path.of(userHome, ".sdkman", "candidates", "java"),
            Path.of(userHome, ".jdks"))
        .filter(Files::isDirectory)
        .toList();
  }

  /** The runtime installed at {@code home}, read from its {@code release} file. */
  private static Optional<Runtime> at(Path home) {
    Path release = home.resolve("release");
    if (!Files.isRegularFile(release) || !Files.isRegularFile(new Runtime(home, 0).java())) {
      return Optional.empty();
    }
    Properties properties = new Properties();
    try (var in = Files.newInputStream(release)) {
      properties.load(in);
    } catch (IOException e) {
      return Optional.empty();
    }
    return featureOf(properties.getProperty("JAVA_VERSION", "")).map(f -> new Runtime(home, f));
  }

  /**
   * The feature version of a {@code JAVA_VERSION} value such as {@code "21.0.8"} or {@code
   * "1.8.0_402"}.
   */
  static Optional<Integer> featureOf(String javaVersion) {
    String version = javaVersion.replace("\"", "").trim();
    if (version.startsWith("1.")) {
      version = version.substring(2);
    }
    String feature = version.split("[.+_-]", 2)[0];
    try {
      return Optional.of(Integer.parseInt(feature));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }
}
