package dev.baton.cli.acceptance;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A headless Chromium run as a subprocess, for tests of the coordinator's web page: the DOM a page
 * has once its scripts ran, or a screenshot of it. Scripts get {@link #VIRTUAL_TIME_BUDGET} of
 * virtual time, which does not pass while the page waits for the network.
 *
 * <pre>{@code
 * Optional<HeadlessChromium> chromium = HeadlessChromium.find(profileDir);
 * String dom = chromium.orElseThrow().dumpDom("http://127.0.0.1:8080/ui/");
 * }</pre>
 */
final class HeadlessChromium {

  /** The names a Chromium binary has on the machines tests run on (Debian's first). */
  static final List<String> BINARIES = List.of("chromium", "chromium-browser", "google-chrome");

  /** How long, in the page's virtual time, its scripts may run before the DOM is taken. */
  static final Duration VIRTUAL_TIME_BUDGET = Duration.ofSeconds(10);

  /** How long one run of the browser may take in real time. */
  static final Duration RUN_TIMEOUT = Duration.ofSeconds(120);

  private final Path binary;
  private final Path workDir;

  private HeadlessChromium(Path binary, Path workDir) {
    this.binary = binary;
    this.workDir = workDir;
  }

  /** The first Chromium on {@code PATH}, with its profile and output under {@code workDir}. */
  static Optional<HeadlessChromium> find(Path workDir) {
    String path = System.getenv().getOrDefault("PATH", "");
    return Stream.of(path.split(File.pathSeparator))
        .filter(dir -> !dir.isEmpty())
        .flatMap(dir -> BINARIES.stream().map(name -> Path.of(dir, name)))
        .filter(Files::isExecutable)
        .findFirst()
        .map(binary -> new HeadlessChromium(binary, workDir));
  }

  /** The page's DOM, serialized, once its scripts ran. */
  String dumpDom(String url) throws IOException, InterruptedException {
    Path dom = workDir.resolve("dom.html");
    run(dom, "--dump-dom", url);
    return Files.readString(dom);
  }

  /** Saves a PNG of the page at {@code width} by {@code height} pixels to {@code file}. */
  void screenshot(String url, Path file, int width, int height)
      throws IOException, InterruptedException {
    Files.createDirectories(file.toAbsolutePath().getParent());
    run(
        workDir.resolve("screenshot.out"),
        "--screenshot=" + file.toAbsolutePath(),
        "--window-size=" + width + "," + height,
        url);
  }

  private void run(Path stdout, String... arguments) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(binary.toString());
    command.addAll(
        List.of(
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--user-data-dir=" + workDir.resolve("profile"),
            "--virtual-time-budget=" + VIRTUAL_TIME_BUDGET.toMillis()));
    command.addAll(List.of(arguments));
    Path stderr = workDir.resolve("chromium.log");
    Process process =
        new ProcessBuilder(command)
            .redirectOutput(stdout.toFile())
            .redirectError(ProcessBuilder.Redirect.appendTo(stderr.toFile()))
            .start();
    if (!process.waitFor(RUN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
      process.destroyForcibly();
      throw new IllegalStateException(binary + " took longer than " + RUN_TIMEOUT + ": " + command);
    }
    if (process.exitValue() != 0) {
      throw new IllegalStateException(
          binary + " exited " + process.exitValue() + "; its log: " + Files.readString(stderr));
    }
  }
}
