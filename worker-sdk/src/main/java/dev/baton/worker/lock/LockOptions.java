package dev.baton.worker.lock;

import dev.baton.worker.WorkerException;
import java.time.Duration;
import java.util.Objects;

/**
 * How {@link TurnLocks} waits for, holds and renews turn locks. Immutable; built with {@link
 * #builder()}.
 *
 * <pre>{@code
 * LockOptions options = LockOptions.builder()
 *     .acquireTimeout(Duration.ofSeconds(2))
 *     .ttl(Duration.ofSeconds(15))
 *     .build();
 * }</pre>
 */
public final class LockOptions {

  /** The default longest wait for a lock; then the call fails as retryable, not started. */
  public static final Duration DEFAULT_ACQUIRE_TIMEOUT = Duration.ofSeconds(5);

  /** The default time a held lock lives without renewal; a crashed holder's lock ends after it. */
  public static final Duration DEFAULT_TTL = Duration.ofSeconds(10);

  /** The default backstop: a waiter checks again this often even if it hears no wake-up. */
  public static final Duration DEFAULT_BACKSTOP_POLL = Duration.ofSeconds(1);

  /** The default longest wait for one Redis command; then Redis counts as unavailable. */
  public static final Duration DEFAULT_COMMAND_TIMEOUT = Duration.ofSeconds(2);

  /** The default time a step's keys are kept after their last change. */
  public static final Duration DEFAULT_KEY_RETENTION = Duration.ofHours(1);

  /** The shortest {@link #ttl()} allowed. */
  public static final Duration MIN_TTL = Duration.ofMillis(100);

  private final Duration acquireTimeout;
  private final Duration ttl;
  private final Duration renewEvery;
  private final Duration backstopPoll;
  private final Duration commandTimeout;
  private final Duration keyRetention;

  private LockOptions(Builder b, Duration renewEvery) {
    this.acquireTimeout = b.acquireTimeout;
    this.ttl = b.ttl;
    this.renewEvery = renewEvery;
    this.backstopPoll = b.backstopPoll;
    this.commandTimeout = b.commandTimeout;
    this.keyRetention = b.keyRetention;
  }

  /** Returns a builder with the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** The defaults. */
  public static LockOptions defaults() {
    return builder().build();
  }

  /** The longest wait for a lock. */
  public Duration acquireTimeout() {
    return acquireTimeout;
  }

  /** How long a held lock lives without renewal. */
  public Duration ttl() {
    return ttl;
  }

  /** How often a held lock is renewed. */
  public Duration renewEvery() {
    return renewEvery;
  }

  /** How often a waiter checks again without a wake-up. */
  public Duration backstopPoll() {
    return backstopPoll;
  }

  /** The longest wait for one Redis command. */
  public Duration commandTimeout() {
    return commandTimeout;
  }

  /** How long a step's keys are kept after their last change. */
  public Duration keyRetention() {
    return keyRetention;
  }

  @Override
  public String toString() {
    return "LockOptions[acquireTimeout=%s, ttl=%s, renewEvery=%s, backstopPoll=%s, commandTimeout=%s, keyRetention=%s]"
        .formatted(acquireTimeout, ttl, renewEvery, backstopPoll, commandTimeout, keyRetention);
  }

  /** Builds {@link LockOptions}. */
  public static final class Builder {
    private Duration acquireTimeout = DEFAULT_ACQUIRE_TIMEOUT;
    private Duration ttl = DEFAULT_TTL;
    private Duration renewEvery;
    private Duration backstopPoll = DEFAULT_BACKSTOP_POLL;
    private Duration commandTimeout = DEFAULT_COMMAND_TIMEOUT;
    private Duration keyRetention = DEFAULT_KEY_RETENTION;

    private Builder() {}

    /** Sets the longest wait for a lock; {@link #DEFAULT_ACQUIRE_TIMEOUT} by default. */
    public Builder acquireTimeout(Duration acquireTimeout) {
      this.acquireTimeout = requirePositive("acquireTimeout", acquireTimeout);
      return this;
    }

    /**
     * Sets how long a held lock lives without renewal, at least {@link #MIN_TTL}; {@link
     * #DEFAULT_TTL} by default.
     */
    public Builder ttl(Duration ttl) {
      requirePositive("ttl", ttl);
      if (ttl.compareTo(MIN_TTL) < 0) {
        throw WorkerException.invalidOption("ttl", ttl, "a duration of at least " + MIN_TTL);
      }
      this.ttl = ttl;
      return this;
    }

    /** Sets how often a held lock is renewed, less than the TTL; a third of the TTL by default. */
    public Builder renewEvery(Duration renewEvery) {
      this.renewEvery = requirePositive("renewEvery", renewEvery);
      return this;
    }

    /**
     * Sets how often a waiter checks again when it hears no wake-up (a wake-up lost while the
     * pub/sub connection reconnects); {@link #DEFAULT_BACKSTOP_POLL} by default.
     */
    public Builder backstopPoll(Duration backstopPoll) {
      this.backstopPoll = requirePositive("backstopPoll", backstopPoll);
      return this;
    }

    /** Sets the longest wait for one Redis command; {@link #DEFAULT_COMMAND_TIMEOUT} by default. */
    public Builder commandTimeout(Duration commandTimeout) {
      this.commandTimeout = requirePositive("commandTimeout", commandTimeout);
      return this;
    }

    /**
     * Sets how long a step's keys are kept after their last change, longer than the TTL; {@link
     * #DEFAULT_KEY_RETENTION} by default.
     */
    public Builder keyRetention(Duration keyRetention) {
      this.keyRetention = requirePositive("keyRetention", keyRetention);
      return this;
    }

    /** Checks the options that depend on each other and returns them. */
    public LockOptions build() {
      Duration renew = renewEvery != null ? renewEvery : ttl.dividedBy(3);
      if (renew.compareTo(ttl) >= 0) {
        throw WorkerException.invalidOption(
            "renewEvery", renew, "a duration shorter than ttl (" + ttl + ")");
      }
      if (keyRetention.compareTo(ttl) <= 0) {
        throw WorkerException.invalidOption(
            "keyRetention", keyRetention, "a duration longer than ttl (" + ttl + ")");
      }
      return new LockOptions(this, renew);
    }

    private static Duration requirePositive(String option, Duration value) {
      Objects.requireNonNull(value, option);
      if (value.isNegative() || value.isZero()) {
        throw WorkerException.invalidOption(option, value, "a positive duration");
      }
      return value;
    }
  }
}
