package dev.baton.client.internal;

import dev.baton.client.BatonClientException;
import dev.baton.client.ClientOptions;
import dev.baton.client.ProblemException;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Counts the failed attempts in a row of one request or stream, waits before the next one
 * (exponential backoff with jitter, and at least what a problem's {@code Retry-After} asked for),
 * and gives up after {@link ClientOptions#maxRetries()}.
 */
final class Retries {

  private final ClientOptions options;
  private final String what;
  private int failures;

  Retries(ClientOptions options, String what) {
    this.options = options;
    this.what = what;
  }

  /** The attempt succeeded: the next failure is the first again. */
  void reset() {
    failures = 0;
  }

  /**
   * An attempt failed with {@code cause}: waits before the next one, or throws when no retry is
   * left.
   *
   * @param lastEventId where a stream would resume, or null
   * @throws BatonClientException a retryable one naming the attempts and the cause when none is
   *     left, the cause itself when it asks for a longer wait than {@link
   *     ClientOptions#maxBackoff()}, or the interruption of the wait
   */
  void failed(Throwable cause, String lastEventId) {
    failures++;
    Duration wait = backoff(failures);
    if (cause instanceof ProblemException problem && problem.retryAfter().isPresent()) {
      Duration asked = problem.retryAfter().get();
      if (asked.compareTo(options.maxBackoff()) > 0) {
        throw problem; // longer than this client waits on its own: the caller decides
      }
      wait = asked.compareTo(wait) > 0 ? asked : wait;
    }
    if (failures > options.maxRetries()) {
      throw BatonClientException.gaveUp(what, failures, lastEventId, cause);
    }
    try {
      Thread.sleep(wait);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw BatonClientException.interrupted(what);
    }
  }

  /** Half the doubled backoff of the {@code failure}th failure, plus a random part of the rest. */
  private Duration backoff(int failure) {
    long initial = options.initialBackoff().toMillis();
    long max = options.maxBackoff().toMillis();
    long doubled = initial << Math.min(failure - 1, 30);
    long millis = doubled < 0 ? max : Math.min(max, doubled);
    long half = millis / 2;
    return Duration.ofMillis(half + ThreadLocalRandom.current().nextLong(millis - half + 1));
  }
}
