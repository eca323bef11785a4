package dev.baton.cli.stack.internal;

import dev.baton.cli.stack.StackException;
import dev.baton.cli.stack.TempDirs;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The life cycle of a stack part that runs as a child process: a temporary working directory, the
 * process with its log file, a readiness probe, and a close that stops the process and deletes the
 * directory. {@link #close()} may run while {@link #start} waits; the start then fails.
 */
public final class ProcessPart implements AutoCloseable {

  private final String part;
  private final Duration startTimeout;
  private Path workDir;
  private ChildProcess process;
  private boolean started;
  private boolean closed;

  /**
   * A part named {@code part} (for logs and errors) that must be ready within {@code startTimeout}.
   */
  public ProcessPart(String part, Duration startTimeout) {
    this.part = part;
    this.startTimeout = startTimeout;
  }

  /**
   * Runs the command built for the working directory, then waits until {@code probe} reports ready.
   * Closes the part and throws {@link StackException} when the process exits or the probe times
   * out.
   */
  public void start(Function<Path, List<String>> command, Supplier<Optional<String>> probe) {
    ChildProcess running = launch(command);
    try {
      Poll.until(part, startTimeout, () -> checkRunning(running).or(probe));
    } catch (RuntimeException e) {
      close();
      throw e;
    }
  }

  /** The working directory; the log file is {@code <part>.log} in it. */
  public synchronized Path workDir() {
    return workDir;
  }

  /** The process, once started. */
  public synchronized Optional<ChildProcess> process() {
    return Optional.ofNullable(process);
  }

  /** Stops the process and its descendants and deletes the working directory. Idempotent. */
  @Override
  public synchronized void close() {
    closed = true;
    if (process != null) {
      process.close();
      process = null;
    }
    TempDirs.delete(workDir);
    workDir = null;
  }

  private synchronized ChildProcess launch(Function<Path, List<String>> command) {
    if (started || closed) {
      throw new IllegalStateException(part + " can be started once");
    }
    started = true;
    workDir = TempDirs.create(part);
    try {
      process =
          ChildProcess.start(part, command.apply(workDir), workDir, workDir.resolve(part + ".log"));
      return process;
    } catch (RuntimeException e) {
      close();
      throw e;
    }
  }

  private synchronized Optional<String> checkRunning(ChildProcess running) {
    if (closed) {
      throw StackException.startFailed(part, "it was closed while starting", null);
    }
    running.checkAlive();
    return Optional.empty();
  }
}
