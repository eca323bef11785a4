package dev.baton.cli.stack;

import dev.baton.cli.stack.internal.FreePorts;
import dev.baton.cli.stack.internal.PortRaces;
import dev.baton.cli.stack.internal.ProcessAttempts;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import redis.embedded.core.ExecutableProvider;
import redis.embedded.model.OsArchitecture;

/**
 * A real Redis server, the {@code redis-server} binary shipped in {@code
 * com.github.codemonstur:embedded-redis}, run as a child process bound to 127.0.0.1 on a free port,
 * without persistence unless {@link #persistingIn(Path)} names a data directory. Ready when it
 * answers {@code PING}.
 *
 * <pre>{@code
 * try (EmbeddedRedis redis = new EmbeddedRedis().start()) {
 *   RedisClient client = RedisClient.create(redis.uri());   // redis://127.0.0.1:<port>
 * }
 * }</pre>
 */
public final class EmbeddedRedis implements AutoCloseable {

  /** The name this part has in logs and errors. */
  public static final String PART = "redis";

  /** How long {@link #start()} waits for the server by default. */
  public static final Duration DEFAULT_START_TIMEOUT = Duration.ofSeconds(30);

  private final ProcessAttempts attempts;
  private volatile String uri;
  private Path dataDir;
  private String password;

  /** A server with the default start timeout. */
  public EmbeddedRedis() {
    this(DEFAULT_START_TIMEOUT);
  }

  /** A server that must answer within {@code startTimeout}. */
  public EmbeddedRedis(Duration startTimeout) {
    this.attempts = new ProcessAttempts(PART, startTimeout);
  }

  /**
   * Keeps the server's data in {@code dataDir} (an append-only file, written through at every
   * command), so that a server started again on the same directory has every write acknowledged
   * before it stopped. Call before starting.
   */
  public EmbeddedRedis persistingIn(Path dataDir) {
    this.dataDir = dataDir;
    return this;
  }

  /**
   * Makes the server require {@code password} ({@code requirepass}); its {@link #uri()} then
   * carries it, {@code redis://:<password>@127.0.0.1:<port>}. Call before starting.
   */
  public EmbeddedRedis requiringPassword(String password) {
    this.password = password;
    return this;
  }

  /**
   * Starts the server on a free port and waits until it answers {@code PING}; again on another port
   * if another process took the picked one first ({@link PortRaces}).
   */
  public EmbeddedRedis start() {
    uri = PortRaces.retry(PART, () -> startOnce(FreePorts.pick()));
    return this;
  }

  /**
   * Starts the server on {@code port} and waits until it answers {@code PING}; for example on the
   * port of a server that was stopped, so that its clients reconnect to this one.
   */
  public EmbeddedRedis start(int port) {
    uri = startOnce(port);
    return this;
  }

  private String startOnce(int port) {
    String userInfo = password == null ? "" : ":" + password + "@";
    String address = "redis://" + userInfo + FreePorts.LOOPBACK + ":" + port;
    attempts
        .next()
        .start(dir -> command(dir, port, dataDir, password), () -> Probes.redis(address));
    return address;
  }

  /** The port the server listens on. */
  public int port() {
    return URI.create(uri()).getPort();
  }

  /**
   * The URI clients connect with, {@code redis://127.0.0.1:<port>} (with the password, if it
   * requires one).
   */
  public String uri() {
    String current = uri;
    if (current == null) {
      throw new IllegalStateException("redis is not running");
    }
    return current;
  }

  /** Stops the server and deletes its working directory. Safe to call more than once. */
  @Override
  public void close() {
    uri = null;
    attempts.close();
  }

  private static List<String> command(Path dir, int port, Path dataDir, String password) {
    List<String> command = new ArrayList<>(command(dir, port, dataDir));
    if (password != null) {
      command.addAll(List.of("--requirepass", password));
    }
    return command;
  }

  private static List<String> command(Path dir, int port, Path dataDir) {
    boolean persist = dataDir != null;
    return List.of(
        extractBinary(dir).toString(),
        "--port",
        String.valueOf(port),
        "--bind",
        FreePorts.LOOPBACK,
        "--dir",
        (persist ? dataDir : dir).toString(),
        "--save",
        "",
        "--appendonly",
        persist ? "yes" : "no",
        "--appendfsync",
        "always",
        "--daemonize",
        "no");
  }

  /** Copies the binary for this OS and CPU out of the embedded-redis jar into {@code dir}. */
  private static Path extractBinary(Path dir) {
    OsArchitecture platform = OsArchitecture.detectOSandArchitecture();
    String resource = ExecutableProvider.newProvidedVersionsMap().get(platform);
    Path binary = dir.resolve("redis-server");
    try (InputStream in =
        resource == null ? null : ExecutableProvider.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw StackException.startFailed(
            PART,
            "embedded-redis ships no redis-server for " + platform + "; pass a redis URI",
            null);
      }
      Files.copy(in, binary);
    } catch (IOException e) {
      throw StackException.startFailed(PART, "cannot extract redis-server to " + dir, e);
    }
    if (!binary.toFile().setExecutable(true)) {
      throw StackException.startFailed(PART, "cannot make " + binary + " executable", null);
    }
    return binary;
  }
}
