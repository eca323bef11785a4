package dev.baton.client;

import java.time.Duration;
import java.util.Objects;

/**
 * How a turn is submitted: what to do when the session is busy, and how long {@link
 * BatonClient#submit} waits for the turn to end.
 *
 * <pre>{@code
 * SubmitOptions options =
 *     SubmitOptions.builder().onBusy(OnBusy.ENQUEUE).waitFor(Duration.ofSeconds(30)).build();
 * }</pre>
 */
public final class SubmitOptions {

  /** Default of {@link #onBusy()}. */
  public static final OnBusy DEFAULT_ON_BUSY = OnBusy.REJECT;

  /** Default of {@link #waitFor()}: answer once the coordinator has accepted the turn. */
  public static final Duration DEFAULT_WAIT = Duration.ZERO;

  /** Default of {@link #debounce()}: none, the turn's first step goes out at once. */
  public static final Duration DEFAULT_DEBOUNCE = Duration.ZERO;

  /** The longest {@link #debounce()} the coordinator takes: one minute. */
  public static final Duration MAX_DEBOUNCE = Duration.ofMinutes(1);

  /** Every setting at its default. */
  public static final SubmitOptions DEFAULTS = builder().build();

  private final OnBusy onBusy;
  private final Duration waitFor;
  private final Duration debounce;

  private SubmitOptions(Builder builder) {
    this.onBusy = builder.onBusy;
    this.waitFor = builder.waitFor;
    this.debounce = builder.debounce;
  }

  /** A builder with every setting at its default. */
  public static Builder builder() {
    return new Builder();
  }

  /** What to do when the session already runs a turn. */
  public OnBusy onBusy() {
    return onBusy;
  }

  /**
   * How long {@link BatonClient#submit} waits for the turn to end ({@code ?wait=}, whole seconds;
   * the coordinator cuts it to its maximum, 5 minutes by default); zero answers at once with {@code
   * RUNNING} or {@code QUEUED}. A stream lasts until the turn ends whatever this is.
   */
  public Duration waitFor() {
    return waitFor;
  }

  /**
   * How long a turn that starts at once holds its first step ({@code debounceMs}), so that the
   * inputs sent meanwhile with {@link OnBusy#MERGE} or {@link OnBusy#STEER} reach that step too,
   * each as a user message of its own; zero for none.
   */
  public Duration debounce() {
    return debounce;
  }

  @Override
  public String toString() {
    return "SubmitOptions{onBusy="
        + onBusy
        + ", waitFor="
        + waitFor
        + ", debounce="
        + debounce
        + "}";
  }

  /** Builds {@link SubmitOptions}. */
  public static final class Builder {

    private OnBusy onBusy = DEFAULT_ON_BUSY;
    private Duration waitFor = DEFAULT_WAIT;
    private Duration debounce = DEFAULT_DEBOUNCE;

    private Builder() {}

    /**
     * See {@link SubmitOptions#debounce()}; 0 to {@link #MAX_DEBOUNCE}, in whole milliseconds.
     *
     * @throws IllegalArgumentException if it is negative or longer than {@link #MAX_DEBOUNCE}
     */
    public Builder debounce(Duration debounce) {
      Objects.requireNonNull(debounce, "debounce");
      if (debounce.isNegative() || debounce.compareTo(MAX_DEBOUNCE) > 0) {
        throw new IllegalArgumentException(
            "debounce must be from 0 to " + MAX_DEBOUNCE + ", got " + debounce);
      }
      this.debounce = debounce;
      return this;
    }

    /** See {@link SubmitOptions#onBusy()}. */
    public Builder onBusy(OnBusy onBusy) {
      this.onBusy = Objects.requireNonNull(onBusy, "onBusy");
      return this;
    }

    /** See {@link SubmitOptions#waitFor()}; 0 or more, in whole seconds (rounded up). */
    public Builder waitFor(Duration waitFor) {
      Objects.requireNonNull(waitFor, "waitFor");
      if (waitFor.isNegative()) {
        throw new IllegalArgumentException("waitFor must not be negative, got " + waitFor);
      }
      this.waitFor = waitFor;
      return this;
    }

    /** The options. */
    public SubmitOptions build() {
      return new SubmitOptions(this);
    }
  }
}
