package dev.baton.cli.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TestIdsTest {

  @Test
  void shouldGiveEveryTestDistinctLegalNames() {
    TestIds first = TestIds.forTest("shouldDoIt(StackAddresses)");
    TestIds second = TestIds.forTest("shouldDoIt(StackAddresses)");

    assertThat(first.applicationId()).isNotEqualTo(second.applicationId());
    assertThat(first.topic("x")).matches("[A-Za-z0-9._-]+").startsWith(first.topicPrefix());
    assertThat(first.layout(2).commands()).startsWith(first.topicPrefix());
    assertThat(first.sessionId()).isNotEqualTo(first.sessionId());
  }
}
