package dev.baton.bench.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs a diagnostic command in another JVM of the benchmark with the JDK's {@code jcmd}. */
final class Jcmd {

  private static final long TIMEOUT_SECONDS = 60;

  private Jcmd() {}

  /**
   * The output of {@code jcmd <pid> <command>}, with the {@code jcmd} of the JDK this JVM runs on.
   *
   * @throws IllegalStateException if it fails or does not end within a minute
   */
  static String run(long pid, String command) throws IOException, InterruptedException {
    Path java = Path.of(ProcessHandle.current().info().command().orElse("java"));
    Path jcmd = java.resolveSibling("jcmd");
    Process process =
        new ProcessBuilder(List.of(jcmd.toString(), Long.toString(pid), command))
            .redirectErrorStream(true)
            .start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS) || process.exitValue() != 0) {
      process.destroyForcibly();
      throw new IllegalStateException(jcmd + " " + pid + " " + command + " failed: " + output);
    }
    return output;
  }
}
