package dev.baton.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.schemas.InMemorySchemaRegistryClient;
import dev.baton.schemas.KafkaConnection;
import dev.baton.schemas.RegistryAuth;
import dev.baton.worker.lock.LockOptions;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class WorkerOptionsTest {

  private WorkerOptions.Builder valid() {
    return WorkerOptions.builder().kafka("broker:9092").schemaRegistry("http://registry:8080");
  }

  @Test
  void shouldUseTheDefaults() {
    WorkerOptions options = valid().build();

    assertThat(options.shareGroup()).isEqualTo(WorkerOptions.DEFAULT_SHARE_GROUP);
    assertThat(options.topicPrefix()).isEqualTo(WorkerOptions.DEFAULT_TOPIC_PREFIX);
    assertThat(options.maxInFlight()).isEqualTo(WorkerOptions.DEFAULT_MAX_IN_FLIGHT);
    assertThat(options.pollers()).isEqualTo(options.maxInFlight());
    assertThat(options.pollTimeout()).isEqualTo(WorkerOptions.DEFAULT_POLL_TIMEOUT);
    assertThat(options.registerSchemas()).isEqualTo(WorkerOptions.DEFAULT_REGISTER_SCHEMAS);
    assertThat(options.workerId()).startsWith("worker-");
    assertThat(options.topicLayout().assignments()).isEqualTo("baton.assignments");
    assertThat(options.leaseRenewInterval()).isEmpty();
    assertThat(options.handOffAfter()).contains(WorkerOptions.DEFAULT_HAND_OFF_AFTER);
    assertThat(WorkerOptions.DEFAULT_HAND_OFF_AFTER).isEqualTo(Duration.ofSeconds(1));
    assertThat(options.deliveryLimit())
        .isEqualTo(WorkerOptions.DEFAULT_DELIVERY_LIMIT)
        .isEqualTo(5);
    assertThat(options.cancelGrace())
        .isEqualTo(WorkerOptions.DEFAULT_CANCEL_GRACE)
        .isEqualTo(Duration.ofSeconds(5));
  }

  @Test
  void shouldTakeACancelGraceThatIsPositiveAndAtMostAnHour() {
    assertThat(valid().cancelGrace(Duration.ofMillis(1)).build().cancelGrace())
        .isEqualTo(Duration.ofMillis(1));
    assertThat(valid().cancelGrace(Duration.ofHours(1)).build().cancelGrace())
        .isEqualTo(Duration.ofHours(1));
    assertThatThrownBy(() -> valid().cancelGrace(Duration.ZERO))
        .isInstanceOf(WorkerException.class)
        .hasMessageContaining("cancelGrace=PT0S");
    assertThatThrownBy(() -> valid().cancelGrace(Duration.ofMinutes(61)))
        .isInstanceOf(WorkerException.class)
        .hasMessageContaining("at most PT1H");
  }

  @Test
  void shouldTakeAFixedLeaseRenewIntervalAndADeliveryLimit() {
    WorkerOptions options =
        valid().leaseRenewInterval(Duration.ofMillis(250)).deliveryLimit(3).build();

    assertThat(options.leaseRenewInterval()).contains(Duration.ofMillis(250));
    assertThat(options.deliveryLimit()).isEqualTo(3);
  }

  @Test
  void shouldLingerOnDeltas20MsByDefaultAndTakeZeroUpTo10Seconds() {
    assertThat(valid().build().deltaLinger())
        .isEqualTo(WorkerOptions.DEFAULT_DELTA_LINGER)
        .isEqualTo(Duration.ofMillis(20));
    assertThat(valid().deltaLinger(Duration.ZERO).build().deltaLinger()).isZero();
    assertThat(valid().deltaLinger(Duration.ofSeconds(10)).build().deltaLinger())
        .isEqualTo(Duration.ofSeconds(10));
    assertThatThrownBy(() -> valid().deltaLinger(Duration.ofMillis(-1)))
        .isInstanceOf(WorkerException.class)
        .hasMessageContaining("deltaLinger=PT-0.001S")
        .hasMessageContaining("from 0 to 10 s");
    assertThatThrownBy(() -> valid().deltaLinger(Duration.ofMillis(10_001)))
        .isInstanceOf(WorkerException.class)
        .hasMessageContaining("deltaLinger");
  }

  @Test
  void shouldTakeAHandOffDelayOfZeroOrMoreOnly() {
    assertThat(valid().handOffAfter(Duration.ZERO).build().handOffAfter()).contains(Duration.ZERO);
    assertThatThrownBy(() -> valid().handOffAfter(Duration.ofMillis(-1)))
        .isInstanceOf(WorkerException.class)
        .hasMessageContaining("handOffAfter");
    assertThat(valid().neverHandOff().build().handOffAfter()).isEmpty();
    assertThat(valid().neverHandOff().handOffAfter(Duration.ofSeconds(2)).build().handOffAfter())
        .contains(Duration.ofSeconds(2));
  }

  @Test
  void shouldRefuseALeaseRenewIntervalBelow100Ms() {
    assertThatThrownBy(() -> valid().leaseRenewInterval(Duration.ofMillis(99)))
        .isInstanceOf(WorkerException.class)
        .hasMessageContaining("leaseRenewInterval=PT0.099S")
        .hasMessageContaining("at least 100 ms");
  }

  @Test
  void shouldRefuseADeliveryLimitOutOfRange() {
    assertThatThrownBy(() -> valid().deliveryLimit(0))
        .isInstanceOf(WorkerException.class)
        .hasMessageContaining("deliveryLimit=0");
    assertThatThrownBy(() -> valid().deliveryLimit(101))
        .isInstanceOf(WorkerException.class)
        .hasMessageContaining("an integer from 1 to 100");
  }

  @Test
  void shouldNameTheOptionTheValueAndWhatIsAllowedWhenMaxInFlightIsOutOfRange() {
    assertThatThrownBy(() -> valid().maxInFlight(0))
        .isInstanceOf(WorkerException.class)
        .hasMessage(
            "Worker option maxInFlight=0 is not allowed: expected an integer from 1 to 10000");
  }

  @Test
  void shouldRefuseMorePollersThanMaxInFlight() {
    assertThatThrownBy(() -> valid().maxInFlight(2).pollers(3).build())
        .isInstanceOf(WorkerException.class)
        .hasMessageContaining("pollers=3")
        .hasMessageContaining("at most maxInFlight (2)");
  }

  @Test
  void shouldUseFewerDefaultPollersWhenMaxInFlightIsSmaller() {
    assertThat(valid().maxInFlight(2).build().pollers()).isEqualTo(2);
  }

  @Test
  void shouldRequireKafka() {
    assertThatThrownBy(() -> WorkerOptions.builder().schemaRegistry("http://r").build())
        .isInstanceOf(WorkerException.class)
        .hasMessageContaining("kafka");
  }

  @Test
  void shouldRequireASchemaRegistry() {
    assertThatThrownBy(() -> WorkerOptions.builder().kafka("broker:9092").build())
        .isInstanceOf(WorkerException.class)
        .hasMessageContaining("schemaRegistry");
  }

  @Test
  void shouldKeepOnlyTheLastSchemaRegistryGiven() {
    var client = new InMemorySchemaRegistryClient();

    WorkerOptions options = valid().schemaRegistry(client).build();

    assertThat(options.schemaRegistryClient()).contains(client);
    assertThat(options.schemaRegistryUrl()).isEmpty();
  }

  @Test
  void shouldRefuseAKafkaPropertyTheSdkOwns() {
    assertThatThrownBy(() -> valid().kafkaProperty("share.acknowledgement.mode", "implicit"))
        .isInstanceOf(WorkerException.class)
        .hasMessageContaining("kafkaProperty=share.acknowledgement.mode");
  }

  @Test
  void shouldTakeTheBootstrapServersAndClientConfigsOfAConnection() {
    KafkaConnection kafka =
        KafkaConnection.builder("b-1:9093")
            .property("security.protocol", "SASL_SSL")
            .property("sasl.mechanism", "PLAIN")
            .build();

    WorkerOptions options = valid().kafka(kafka).build();

    assertThat(options.bootstrapServers()).isEqualTo("b-1:9093");
    assertThat(options.kafkaProperties())
        .containsEntry("security.protocol", "SASL_SSL")
        .containsEntry("sasl.mechanism", "PLAIN");
  }

  @Test
  void shouldRefuseAKafkaPropertyKafkaDoesNotKnowOrRefusesWithoutShowingASecret() {
    assertThatThrownBy(() -> valid().kafkaProperty("sasl.mechansim", "PLAIN"))
        .isInstanceOf(WorkerException.class)
        .hasMessageContaining("sasl.mechansim is none");
    assertThatThrownBy(
            () -> valid().kafkaProperty("sasl.jaas.config", "PlainLoginModule password=s3cret"))
        .isInstanceOf(WorkerException.class)
        .message()
        .doesNotContain("s3cret");
  }

  @Test
  void shouldTakeTheRegistrysCredentialsFromItsUrlOrItsOptions() {
    WorkerOptions fromUrl = valid().schemaRegistry("https://baton:s3cret@registry/ccompat").build();

    assertThat(fromUrl.schemaRegistryOptions().orElseThrow().auth())
        .isEqualTo(RegistryAuth.basic("baton", "s3cret"));
    assertThat(fromUrl.schemaRegistryUrl()).contains("https://registry/ccompat/");
    assertThatThrownBy(() -> valid().schemaRegistry("ftp://baton:s3cret@registry"))
        .isInstanceOf(WorkerException.class)
        .message()
        .doesNotContain("s3cret");
  }

  @Test
  void shouldRefuseAFetchMaxWaitThatIsNotAWholeNumberOfMilliseconds() {
    assertThatThrownBy(() -> valid().kafkaProperty("fetch.max.wait.ms", "half a second"))
        .isInstanceOf(WorkerException.class)
        .hasMessageContaining("kafkaProperty fetch.max.wait.ms=half a second");
    assertThat(valid().kafkaProperty("fetch.max.wait.ms", "250").build().kafkaProperties())
        .containsEntry("fetch.max.wait.ms", "250");
  }

  @Test
  void shouldRefuseABlankWorkerIdAndANonPositiveTimeout() {
    assertThatThrownBy(() -> valid().workerId(" ")).isInstanceOf(WorkerException.class);
    assertThatThrownBy(() -> valid().pollTimeout(Duration.ZERO))
        .isInstanceOf(WorkerException.class);
    assertThatThrownBy(() -> valid().shareGroup(null)).isInstanceOf(NullPointerException.class);
  }

  @Test
  void shouldCarryTheRedisUriAndLockOptions() {
    LockOptions lockOptions = LockOptions.builder().acquireTimeout(Duration.ofSeconds(1)).build();
    WorkerOptions options =
        WorkerOptions.builder()
            .kafka("b:9092")
            .schemaRegistry("http://r")
            .redis("redis://r:6379")
            .lockOptions(lockOptions)
            .build();

    assertThat(options.redisUri()).contains("redis://r:6379");
    assertThat(options.lockOptions()).isSameAs(lockOptions);
  }

  @Test
  void shouldRejectABlankRedisUri() {
    assertThatThrownBy(() -> WorkerOptions.builder().redis(" "))
        .isInstanceOf(WorkerException.class)
        .hasMessageContaining("redis");
  }
}
