package dev.baton.worker.lock.internal;

import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.netty.util.Timeout;
import io.netty.util.Timer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The lock's Lua scripts, loaded once with {@code SCRIPT LOAD} and run with {@code EVALSHA}; a
 * script the server has forgotten ({@code NOSCRIPT}, after a restart or {@code SCRIPT FLUSH}) is
 * loaded again and the call repeated. Each run is timed out on the client's {@link Timer} (a hashed
 * wheel: scheduling and cancelling cost no thread wake-up, the price is its tick's precision).
 */
final class LockScripts {

  /** The scripts, each prefixed with {@code common.lua}. */
  enum Script {
    ACQUIRE("acquire.lua"),
    RENEW("renew.lua"),
    RELEASE("release.lua"),
    RECORD("record.lua");

    private final String source;
    private final String sha;

    Script(String file) {
      this.source = resource("common.lua") + "\n" + resource(file);
      this.sha = sha1(source);
    }
  }

  private final RedisAsyncCommands<String, String> redis;
  private final Timer timer;
  private final long timeoutMillis;

  private LockScripts(RedisAsyncCommands<String, String> redis, Timer timer, Duration timeout) {
    this.redis = redis;
    this.timer = timer;
    this.timeoutMillis = timeout.toMillis();
  }

  /** Loads every script into the server; completes when they are loaded. */
  static CompletableFuture<LockScripts> load(
      RedisAsyncCommands<String, String> redis, Timer timer, Duration timeout) {
    LockScripts scripts = new LockScripts(redis, timer, timeout);
    CompletableFuture<?>[] loads = new CompletableFuture<?>[Script.values().length];
    for (Script script : Script.values()) {
      loads[script.ordinal()] = scripts.load(script);
    }
    return CompletableFuture.allOf(loads).thenApply(ignored -> scripts);
  }

  /**
   * Runs {@code script} on {@code keys}; fails with the Redis error or a {@link TimeoutException}.
   * The command is dispatched on the connection before this returns, so a command dispatched after
   * it returns reaches Redis after it (unless it must be loaded again, {@code NOSCRIPT}); a command
   * rejected at once (a disconnected client that rejects commands, a closed connection) comes back
   * already failed.
   */
  CompletableFuture<Reply> run(Script script, StepKeys keys, String... args) {
    CompletableFuture<Reply> reply = new CompletableFuture<>();
    Timeout timeout =
        timer.newTimeout(
            t ->
                reply.completeExceptionally(
                    new TimeoutException("No answer from Redis within " + timeoutMillis + " ms")),
            timeoutMillis,
            TimeUnit.MILLISECONDS);
    evalsha(script, keys, args)
        .exceptionallyCompose(
            e ->
                unwrap(e) instanceof RedisNoScriptException
                    ? load(script).thenCompose(ignored -> evalsha(script, keys, args))
                    : CompletableFuture.failedFuture(unwrap(e)))
        .whenComplete(
            (table, error) -> {
              timeout.cancel();
              if (error != null) {
                reply.completeExceptionally(unwrap(error));
              } else {
                complete(reply, table);
              }
            });
    return reply;
  }

  private static void complete(CompletableFuture<Reply> reply, List<Object> table) {
    try {
      reply.complete(Reply.of(table));
    } catch (RuntimeException e) {
      reply.completeExceptionally(e);
    }
  }

  private CompletableFuture<List<Object>> evalsha(Script script, StepKeys keys, String... args) {
    return redis
        .<List<Object>>evalsha(script.sha, ScriptOutputType.MULTI, keys.asArray(), args)
        .toCompletableFuture();
  }

  private CompletableFuture<String> load(Script script) {
    return redis.scriptLoad(script.source).toCompletableFuture();
  }

  /** The cause of a failed stage, without {@link CompletionException} wrappers. */
  static Throwable unwrap(Throwable e) {
    Throwable t = e;
    while (t instanceof CompletionException && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }

  private static String resource(String name) {
    try (InputStream in = LockScripts.class.getResourceAsStream("/dev/baton/worker/lock/" + name)) {
      if (in == null) {
        throw new IllegalStateException("Lock script " + name + " is missing from the classpath");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read lock script " + name, e);
    }
  }

  private static String sha1(String source) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-1");
      return HexFormat.of().formatHex(digest.digest(source.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-1 is not available", e);
    }
  }
}
