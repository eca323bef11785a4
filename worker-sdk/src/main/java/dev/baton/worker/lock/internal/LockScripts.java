package dev.baton.worker.lock.internal;

import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.async.RedisAsyncCommands;
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

/**
 * The lock's Lua scripts, loaded once with {@code SCRIPT LOAD} and run with {@code EVALSHA}; a
 * script the server has forgotten ({@code NOSCRIPT}, after a restart or {@code SCRIPT FLUSH}) is
 * loaded again and the call repeated.
 */
final class LockScripts {

  /** The scripts, each prefixed with {@code common.lua}. */
  enum Script {
    ACQUIRE("acquire.lua"),
    RENEW("renew.lua"),
    RELEASE("release.lua");

    private final String source;
    private final String sha;

    Script(String file) {
      this.source = resource("common.lua") + "\n" + resource(file);
      this.sha = sha1(source);
    }
  }

  private final RedisAsyncCommands<String, String> redis;
  private final Duration timeout;

  private LockScripts(RedisAsyncCommands<String, String> redis, Duration timeout) {
    this.redis = redis;
    this.timeout = timeout;
  }

  /** Loads every script into the server; completes when they are loaded. */
  static CompletableFuture<LockScripts> load(
      RedisAsyncCommands<String, String> redis, Duration timeout) {
    LockScripts scripts = new LockScripts(redis, timeout);
    CompletableFuture<?>[] loads = new CompletableFuture<?>[Script.values().length];
    for (Script script : Script.values()) {
      loads[script.ordinal()] = scripts.load(script);
    }
    return CompletableFuture.allOf(loads).thenApply(ignored -> scripts);
  }

  /** Runs {@code script} on {@code keys}; fails with the Redis error or a timeout. */
  CompletableFuture<Reply> run(Script script, StepKeys keys, String... args) {
    return evalsha(script, keys, args)
        .exceptionallyCompose(
            e ->
                unwrap(e) instanceof RedisNoScriptException
                    ? load(script).thenCompose(ignored -> evalsha(script, keys, args))
                    : CompletableFuture.failedFuture(unwrap(e)))
        .orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
        .thenApply(Reply::of);
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
