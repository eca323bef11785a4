package dev.baton.cli.stack.internal;

import dev.baton.cli.stack.StackException;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A child process whose output goes to a log file, stopped with all its descendants.
 *
 * <p>{@code ChildProcess redis = ChildProcess.start("redis", List.of("redis-server"), dir,
 * dir.resolve("redis.log"));}
 */
public final class ChildProcess implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(ChildProcess.class);
  private static final Duration GRACEFUL_STOP = Duration.ofSeconds(10);
  private static final Duration FORCED_STOP = Duration.ofSeconds(5);
  private static final int LOG_TAIL_LINES = 30;

  private final String part;
  private final Process process;
  private final Path logFile;

  private ChildProcess(String part, Process process, Path logFile) {
    this.part = part;
    this.process = process;
    this.logFile = logFile;
  }

  /**
   * Starts {@code command} in {@code directory}, its stdout and stderr appended to {@code logFile}.
   */
  public static ChildProcess start(
      String part, List<String> command, Path directory, Path logFile) {
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .directory(directory.toFile())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
            .redirectInput(ProcessBuilder.Redirect.from(nullDevice()));
    try {
      Process process = builder.start();
      log.debug("{}: started pid {}: {}", part, process.pid(), command);
      return new ChildProcess(part, process, logFile);
    } catch (IOException e) {
      throw StackException.startFailed(part, "cannot run " + command.getFirst(), e);
    }
  }

  /** The process id. */
  public long pid() {
    return process.pid();
  }

  /** Whether the process still runs. */
  public boolean isAlive() {
    return process.isAlive();
  }

  /** Throws if the process has exited, with the end of its log in the message. */
  public void checkAlive() {
    if (!process.isAlive()) {
      throw StackException.exited(part, process.exitValue(), logFile, logTail());
    }
  }

  /** The last lines of the log, for error messages. */
  public String logTail() {
    try (Stream<String> lines = Files.lines(logFile, StandardCharsets.UTF_8)) {
      List<String> all = lines.toList();
      return String.join("\n", all.subList(Math.max(0, all.size() - LOG_TAIL_LINES), all.size()));
    } catch (IOException | UncheckedIOException e) {
      return "(log " + logFile + " unreadable: " + e.getMessage() + ")";
    }
  }

  /**
   * Asks the process and its descendants to stop (SIGTERM), waits, then kills what is left. Returns
   * when all of them have exited. Safe to call more than once.
   */
  @Override
  public void close() {
    List<ProcessHandle> family =
        Stream.concat(Stream.of(process.toHandle()), process.descendants()).toList();
    family.forEach(ProcessHandle::destroy);
    if (!awaitExit(family, GRACEFUL_STOP)) {
      log.warn("{}: did not stop within {}, killing it", part, GRACEFUL_STOP);
      family.forEach(ProcessHandle::destroyForcibly);
      if (!awaitExit(family, FORCED_STOP)) {
        log.error("{}: pid {} survived a kill", part, process.pid());
      }
    }
  }

  private static boolean awaitExit(List<ProcessHandle> family, Duration timeout) {
    CompletableFuture<?>[] exits =
        family.stream().map(ProcessHandle::onExit).toArray(CompletableFuture[]::new);
    try {
      CompletableFuture.allOf(exits).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      return true;
    } catch (TimeoutException | ExecutionException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private static File nullDevice() {
    boolean windows = System.getProperty("os.name", "").toLowerCase().startsWith("windows");
    return new File(windows ? "NUL" : "/dev/null");
  }
}
