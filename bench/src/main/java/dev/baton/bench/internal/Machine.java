package dev.baton.bench.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/** What the figures were measured on: the machine, the software and how busy the machine was. */
public final class Machine {

  private Machine() {}

  /** Markdown bullet lines describing this machine and the software under test. */
  public static List<String> describe() {
    return List.of(
        "CPU: " + cpuModel() + ", " + Runtime.getRuntime().availableProcessors() + " cores",
        "Memory: " + memTotalMb() + " MB",
        "OS: " + osName() + " (kernel " + System.getProperty("os.version") + ")",
        "JDK: "
            + System.getProperty("java.vm.vendor")
            + " "
            + System.getProperty("java.vm.name")
            + " "
            + System.getProperty("java.runtime.version"),
        "Kafka: " + kafkaVersion() + " (clients, Streams and the embedded broker)",
        "Baton: commit " + commit());
  }

  /** The 1, 5 and 15 minute load averages, or "unknown". */
  public static String loadAverage() {
    try {
      String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
      return parts[0] + " " + parts[1] + " " + parts[2];
    } catch (IOException e) {
      return "unknown";
    }
  }

  private static String kafkaVersion() {
    Properties props = new Properties();
    try (var in =
        Machine.class.getClassLoader().getResourceAsStream("kafka/kafka-version.properties")) {
      if (in != null) {
        props.load(in);
      }
    } catch (IOException e) {
      return "unknown";
    }
    return props.getProperty("version", "unknown");
  }

  private static String cpuModel() {
    return firstValue("/proc/cpuinfo", "model name", ':').orElse(System.getProperty("os.arch"));
  }

  private static long memTotalMb() {
    return firstValue("/proc/meminfo", "MemTotal:", ':')
        .map(kb -> Long.parseLong(kb.replaceAll("[^0-9]", "")) / 1024)
        .orElse(-1L);
  }

  private static String osName() {
    return firstValue("/etc/os-release", "PRETTY_NAME=", '=')
        .map(name -> name.replace("\"", ""))
        .orElse(System.getProperty("os.name"));
  }

  /**
   * The text after {@code separator} on the first line of {@code file} starting with {@code key}.
   */
  private static Optional<String> firstValue(String file, String key, char separator) {
    try {
      return Files.readAllLines(Path.of(file)).stream()
          .filter(line -> line.startsWith(key))
          .map(line -> line.substring(line.indexOf(separator) + 1).trim())
          .findFirst();
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /** {@code git describe --always --dirty} of the working directory, or "unknown". */
  static String commit() {
    try {
      Process git =
          new ProcessBuilder("git", "describe", "--always", "--dirty")
              .redirectErrorStream(true)
              .start();
      String out = new String(git.getInputStream().readAllBytes()).trim();
      return git.waitFor(10, TimeUnit.SECONDS) && git.exitValue() == 0 ? out : "unknown";
    } catch (IOException e) {
      return "unknown";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "unknown";
    }
  }
}
