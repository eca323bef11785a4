package dev.baton.coordinator;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BrokerSettingsTest {

  @Test
  void shouldAdviseLoweringKafkasDefaultBackoff() {
    assertThat(BrokerSettings.advice("3", 20))
        .hasValueSatisfying(
            advice ->
                assertThat(advice)
                    .startsWith("Broker 3 has add.partitions.to.txn.retry.backoff.ms=20:")
                    .contains("set it to 1 on the brokers"));
  }

  @Test
  void shouldAcceptBackoffsUpToTheAdvisedMost() {
    assertThat(BrokerSettings.advice("1", 1)).isEmpty();
    assertThat(
            BrokerSettings.advice("1", BrokerSettings.ADVISED_MAX_ADD_PARTITIONS_RETRY_BACKOFF_MS))
        .isEmpty();
    assertThat(
            BrokerSettings.advice(
                "1", BrokerSettings.ADVISED_MAX_ADD_PARTITIONS_RETRY_BACKOFF_MS + 1))
        .isPresent();
  }
}
