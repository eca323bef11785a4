package dev.baton.cli.stack;

import dev.baton.cli.stack.internal.FreePorts;
import dev.baton.cli.stack.internal.JavaRuntimes;
import dev.baton.cli.stack.internal.PortRaces;
import dev.baton.cli.stack.internal.ProcessAttempts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Apicurio Registry, a Confluent-compatible Schema Registry, run as a child process from its
 * ready-to-run distribution (the directory holding {@code quarkus-run.jar}) on a Java 21+ runtime,
 * with in-memory storage, its HTTP and management interfaces on free ports of 127.0.0.1. Ready when
 * {@code GET <url>/subjects} answers 200.
 *
 * <pre>{@code
 * try (EmbeddedRegistry registry = new EmbeddedRegistry(Path.of("target/apicurio")).start()) {
 *   String url = registry.url();   // http://127.0.0.1:<port>/apis/ccompat/v7
 * }
 * }</pre>
 */
public final class EmbeddedRegistry implements AutoCloseable {

  /** The name this part has in logs and errors. */
  public static final String PART = "registry";

  /** How long {@link #start()} waits for the registry by default. */
  public static final Duration DEFAULT_START_TIMEOUT = Duration.ofSeconds(90);

  /** The Java feature version Apicurio Registry 3.3 needs. */
  public static final int MINIMUM_JAVA = 21;

  /** The path of the Confluent-compatible API below the registry's root. */
  public static final String CCOMPAT_PATH = "/apis/ccompat/v7";

  /**
   * JVM options of the registry process, tuned for a fast start and a small footprint: the C1
   * compiler only, the serial collector and a small heap. Measured on 2 cores: ready in about 2 s,
   * about 220 MB resident.
   */
  public static final List<String> DEFAULT_JVM_OPTIONS =
      List.of(
          "-XX:TieredStopAtLevel=1",
          "-XX:+UseSerialGC",
          "-Xms32m",
          "-Xmx192m",
          "-XX:+ExitOnOutOfMemoryError");

  private static final String LAUNCHER_JAR = "quarkus-run.jar";

  private final Path distribution;
  private final int port;
  private final ProcessAttempts attempts;
  private volatile String url;

  /** A registry run from {@code distribution} with the default start timeout. */
  public EmbeddedRegistry(Path distribution) {
    this(distribution, DEFAULT_START_TIMEOUT);
  }

  /** A registry run from {@code distribution} that must answer within {@code startTimeout}. */
  public EmbeddedRegistry(Path distribution, Duration startTimeout) {
    this(distribution, startTimeout, 0);
  }

  /**
   * A registry run from {@code distribution} whose HTTP API listens on {@code port} of 127.0.0.1,
   * or on a free port if it is 0.
   */
  public EmbeddedRegistry(Path distribution, Duration startTimeout, int port) {
    this.distribution = Objects.requireNonNull(distribution, "distribution");
    this.attempts = new ProcessAttempts(PART, startTimeout);
    this.port = port;
  }

  /**
   * Starts the registry and waits until its Confluent-compatible API answers; again on new ports if
   * another process took a picked one first ({@link PortRaces}).
   */
  public EmbeddedRegistry start() {
    Path launcher = distribution.resolve(LAUNCHER_JAR);
    if (!Files.isRegularFile(launcher)) {
      throw StackException.startFailed(
          PART,
          "no "
              + LAUNCHER_JAR
              + " in "
              + distribution.toAbsolutePath()
              + "; build the coordinator module (it unpacks Apicurio Registry there) or set the"
              + " registry distribution",
          null);
    }
    Path java = JavaRuntimes.find(MINIMUM_JAVA);
    url = PortRaces.retry(PART, () -> startOnce(java, launcher));
    return this;
  }

  private String startOnce(Path java, Path launcher) {
    int httpPort = FreePorts.pickOr(port, PART);
    int managementPort = FreePorts.pick();
    String address = "http://" + FreePorts.LOOPBACK + ":" + httpPort + CCOMPAT_PATH;
    attempts
        .next()
        .start(
            dir -> command(java, launcher, dir, httpPort, managementPort),
            () -> Probes.registry(address));
    return address;
  }

  /** The URL Schema Registry clients use, {@code http://127.0.0.1:<port>/apis/ccompat/v7}. */
  public String url() {
    String current = url;
    if (current == null) {
      throw new IllegalStateException("registry is not running");
    }
    return current;
  }

  /** Stops the registry and its descendants and deletes its working directory. Idempotent. */
  @Override
  public void close() {
    url = null;
    attempts.close();
  }

  private static List<String> command(
      Path java, Path launcher, Path dir, int httpPort, int managementPort) {
    List<String> command = new ArrayList<>();
    command.add(java.toString());
    command.addAll(DEFAULT_JVM_OPTIONS);
    command.add("-Djava.io.tmpdir=" + dir);
    command.add("-Dquarkus.http.host=" + FreePorts.LOOPBACK);
    command.add("-Dquarkus.http.port=" + httpPort);
    command.add("-Dquarkus.management.host=" + FreePorts.LOOPBACK);
    command.add("-Dquarkus.management.port=" + managementPort);
    command.add("-Dquarkus.http.access-log.enabled=false");
    command.add("-Dapicurio.storage.snapshot.location=" + dir);
    command.add("-Dapicurio.import.work-dir=" + dir);
    command.add("-jar");
    command.add(launcher.toString());
    return command;
  }
}
