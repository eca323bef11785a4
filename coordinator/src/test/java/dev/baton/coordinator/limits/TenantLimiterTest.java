package dev.baton.coordinator.limits;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.coordinator.limits.internal.SharedBuckets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The limiter's decisions with shared buckets that answer, that fail (Redis down: this instance's
 * own buckets decide, bounded by the same limit, and the shared ones are asked again after the
 * retry interval), and its count of open streams.
 */
class TenantLimiterTest {

  private static final Rate ONE_PER_HOUR = Rate.parse("1/h");

  private final FakeShared shared = new FakeShared();
  private final Heard heard = new Heard();
  private final AtomicLong clock = new AtomicLong(-42);

  @Test
  void shouldAdmitEverySubmitOfATenantWithoutALimitWithoutAskingTheSharedBuckets() {
    TenantLimiter limiter = limiter(TenantLimits.defaults());

    for (int i = 0; i < 1000; i++) {
      assertThat(limiter.admitSubmit("acme")).isEqualTo(Admission.UNLIMITED);
    }
    assertThat(shared.calls).hasValue(0);
  }

  @Test
  void shouldTakeSubmitsFromTheSharedBucketAndCountItsRefusals() {
    shared.answer = new Admission(false, Duration.ofMillis(1500), true);
    TenantLimiter limiter = limiter(limited(3));

    Admission admission = limiter.admitSubmit("acme");

    assertThat(admission).isEqualTo(new Admission(false, Duration.ofMillis(1500), true));
    assertThat(shared.calls).hasValue(1);
    assertThat(heard.refused).containsExactly("acme");
    assertThat(heard.local).isEmpty();
  }

  @Test
  void shouldDecideWithThisInstancesOwnBucketOfTheSameLimitWhenRedisFails() {
    shared.down.set(true);
    TenantLimiter limiter = limiter(limited(3));

    List<Admission> admissions =
        IntStream.range(0, 10).mapToObj(i -> limiter.admitSubmit("acme")).toList();

    assertThat(admissions).filteredOn(Admission::admitted).hasSize(3);
    Admission refused = admissions.get(3);
    assertThat(refused.admitted()).isFalse();
    assertThat(refused.shared()).isFalse();
    assertThat(refused.retryAfter()).isBetween(Duration.ofMinutes(59), Duration.ofHours(1));
    assertThat(heard.local).hasSize(10);
    assertThat(heard.refused).hasSize(7);
    assertThat(limiter.decidingLocally()).isTrue();
    // Within the retry interval (an hour here) the failed Redis is asked once, not per submit.
    assertThat(shared.calls).hasValue(1);
  }

  @Test
  void shouldAskRedisAgainAfterTheRetryInterval() {
    shared.down.set(true);
    TenantLimits limits =
        TenantLimits.builder()
            .submitRate(Optional.of(ONE_PER_HOUR))
            .submitBurst(100)
            .redisRetryInterval(Duration.ofSeconds(1))
            .build();
    TenantLimiter limiter = limiter(limits);
    assertThat(limiter.admitSubmit("acme").shared()).isFalse();
    shared.down.set(false);
    clock.addAndGet(Duration.ofMillis(999).toNanos());
    assertThat(limiter.admitSubmit("acme").shared()).as("within the interval").isFalse();

    clock.addAndGet(Duration.ofMillis(1).toNanos());
    Admission admission = limiter.admitSubmit("acme");

    assertThat(admission.shared()).isTrue();
    assertThat(limiter.decidingLocally()).isFalse();
    assertThat(shared.calls).hasValue(2);
  }

  @Test
  void shouldKeepATenantsOwnBucketApartFromAnothers() {
    shared.down.set(true);
    TenantLimiter limiter = limiter(limited(2));

    limiter.admitSubmit("acme");
    limiter.admitSubmit("acme");

    assertThat(limiter.admitSubmit("acme").admitted()).isFalse();
    assertThat(limiter.admitSubmit("globex").admitted()).isTrue();
  }

  @Test
  void shouldGiveATenantItsMostStreamsAndFreeASlotOnceWhenAStreamCloses() {
    TenantLimiter limiter = limiter(TenantLimits.builder().maxStreams(OptionalInt.of(2)).build());

    StreamSlot first = limiter.openStream("acme").orElseThrow();
    limiter.openStream("acme").orElseThrow();

    assertThat(limiter.openStream("acme")).isEmpty();
    assertThat(limiter.openStream("globex")).isPresent();
    assertThat(heard.streamsRefused).containsExactly("acme");
    first.close();
    first.close();
    assertThat(limiter.openStreams("acme")).isEqualTo(1);
    assertThat(limiter.openStream("acme")).isPresent();
    assertThat(limiter.openStream("acme")).isEmpty();
  }

  @Test
  void shouldCountNoStreamOfATenantWithoutAStreamLimit() {
    TenantLimiter limiter = limiter(TenantLimits.defaults());

    for (int i = 0; i < 100; i++) {
      assertThat(limiter.openStream("acme")).contains(StreamSlot.UNCOUNTED);
    }
    assertThat(limiter.openStreams("acme")).isZero();
  }

  private TenantLimiter limiter(TenantLimits limits) {
    return new TenantLimiter(limits, shared, heard, clock::get);
  }

  /** A submit rate of one per hour with {@code burst}; Redis is asked again after an hour. */
  private static TenantLimits limited(long burst) {
    return TenantLimits.builder()
        .submitRate(Optional.of(ONE_PER_HOUR))
        .submitBurst(burst)
        .redisRetryInterval(Duration.ofHours(1))
        .build();
  }

  private static final class FakeShared implements SharedBuckets {
    final AtomicInteger calls = new AtomicInteger();
    final AtomicBoolean down = new AtomicBoolean();
    volatile Admission answer = new Admission(true, Duration.ZERO, true);

    @Override
    public Admission tryConsume(String tenant, SubmitLimit limit) {
      calls.incrementAndGet();
      if (down.get()) {
        throw new IllegalStateException("Redis is down");
      }
      return answer;
    }

    @Override
    public void close() {}
  }

  private static final class Heard implements LimitListener {
    final List<String> refused = new ArrayList<>();
    final List<Boolean> local = new ArrayList<>();
    final List<String> streamsRefused = new ArrayList<>();

    @Override
    public void submitRefused(String tenant) {
      refused.add(tenant);
    }

    @Override
    public void submitDecidedLocally(String tenant, boolean admitted) {
      local.add(admitted);
    }

    @Override
    public void streamRefused(String tenant) {
      streamsRefused.add(tenant);
    }
  }
}
