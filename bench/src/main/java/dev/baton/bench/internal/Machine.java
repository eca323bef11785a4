package dev.baton.bench.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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
        "Baton: commit " + gitCommit());
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
    try {
      return Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
          .filter(line -> line.startsWith("model name"))
          .map(line -> line.substring(line.indexOf(':') + 1).trim())
          .findFirst()
          .orElse(System.getProperty("os.arch"));
    } catch (IOException e) {
      return System.getProperty("os.arch");
    }
  }

  private static long memTotalMb() {
    try {
      return Files.readAllLines(Path.of("/proc/meminfo")).stream()
              .filter(line -> line.startsWith("MemTotal:"))
              .mapToLong(line -> Long.parseLong(line.replaceAll("[^0-9]", "")))
              .findFirst()
              .orElse(-1024)
          / 1024;
    } catch (IOException e) {
      return -1;
    }
  }

  private static String osName() {
    try {
      return Files.readAllLines(Path.of("/etc/os-release")).stream()
          .filter(line -> line.startsWith("PRETTY_NAME="))
          .map(line -> line.substring("PRETTY_NAME=".length()).replace("\"", ""))
          .findFirst()
          .orElse(System.getProperty("os.name"));
    } catch (IOException e) {
      return System.getProperty("os.name");
    }
  }

  private static String gitCommit() {
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
