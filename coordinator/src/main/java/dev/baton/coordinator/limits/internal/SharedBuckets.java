package dev.baton.coordinator.limits.internal;

import dev.baton.coordinator.limits.Admission;
import dev.baton.coordinator.limits.SubmitLimit;

/** The submit buckets every coordinator instance shares. */
public interface SharedBuckets extends AutoCloseable {

  /** Buckets for limits that never reach them: tenant limits without a submit rate. */
  SharedBuckets NONE =
      new SharedBuckets() {
        @Override
        public Admission tryConsume(String tenant, SubmitLimit limit) {
          throw new IllegalStateException("no shared buckets: no tenant has a submit rate");
        }

        @Override
        public void close() {}
      };

  /**
   * Takes one submit from {@code tenant}'s bucket of {@code limit}, or says how long until it holds
   * one.
   *
   * @throws RuntimeException if the store does not answer within its timeout
   */
  Admission tryConsume(String tenant, SubmitLimit limit);

  @Override
  void close();
}
