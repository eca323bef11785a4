package dev.baton.coordinator.topology.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StreamsMembersTest {

  @Test
  void shouldNameAnInstanceByItsAdvertisedEndpointInTheCharactersKafkaAllows() {
    assertThat(StreamsMembers.instanceId("coordinator-1.baton.svc", 8080))
        .isEqualTo("baton-coordinator-1.baton.svc-8080");
    assertThat(StreamsMembers.instanceId("fe80::1", 8080)).isEqualTo("baton-fe80__1-8080");
  }

  @Test
  void shouldTellTheStreamThreadsOfAnInstanceFromThoseOfAnother() {
    String instance = StreamsMembers.instanceId("10.0.0.1", 8080);

    assertThat(StreamsMembers.isThreadOf(instance + "-1", instance)).isTrue();
    assertThat(StreamsMembers.isThreadOf(instance + "-12", instance)).isTrue();
    assertThat(StreamsMembers.isThreadOf(instance, instance)).isFalse();
    assertThat(StreamsMembers.isThreadOf(instance + "-", instance)).isFalse();
    assertThat(StreamsMembers.isThreadOf(instance + "0-1", instance)).isFalse();
    assertThat(StreamsMembers.isThreadOf("baton-10.0.0.1-80801-1", instance)).isFalse();
  }

  @Test
  void shouldGiveTheTransactionalIdOfAStreamThreadsProducerFromItsConsumersClientId() {
    String process = "6b5c8c1e-0d52-4b5f-9a57-7c1f0e4b2a11";

    assertThat(
            StreamsMembers.transactionalId(
                "baton-app", "baton-app-" + process + "-StreamThread-2-consumer"))
        .contains("baton-app-" + process + "-2");
    assertThat(StreamsMembers.transactionalId("baton-app", "other-app-StreamThread-1-consumer"))
        .isEmpty();
    assertThat(StreamsMembers.transactionalId("baton-app", "baton-app-" + process + "-producer"))
        .isEmpty();
  }
}
