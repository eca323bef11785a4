package dev.baton.cli.stack;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RedactionTest {

  @Test
  void shouldMaskThePasswordOfEveryUriAndKeepTheRest() {
    assertThat(Redaction.uri("redis://default:s3cret@redis:6379/0"))
        .isEqualTo("redis://default:***@redis:6379/0");
    assertThat(Redaction.uri("rediss://:s3cret@redis:6380")).isEqualTo("rediss://:***@redis:6380");
    assertThat(Redaction.uri("redis://s3cret@redis:6379"))
        .as("a Redis URI reads user information without a colon as a password")
        .isEqualTo("redis://***@redis:6379");
    assertThat(Redaction.uri("http://baton:p@ss@registry:8081/apis/ccompat/v7"))
        .isEqualTo("http://baton:***@registry:8081/apis/ccompat/v7");
    assertThat(Redaction.uri("connect with --redis redis://u:a@h:1 --registry http://v:b@g:2"))
        .isEqualTo("connect with --redis redis://u:***@h:1 --registry http://v:***@g:2");
  }

  @Test
  void shouldLeaveAddressesWithoutUserInformationAsTheyAre() {
    assertThat(Redaction.uri("redis://127.0.0.1:6379")).isEqualTo("redis://127.0.0.1:6379");
    assertThat(Redaction.uri("broker-1:9092,broker-2:9092"))
        .isEqualTo("broker-1:9092,broker-2:9092");
    assertThat(Redaction.uri("http://registry:8081/path?a=b@c"))
        .isEqualTo("http://registry:8081/path?a=b@c");
    assertThat(new StackAddresses("k:9092", "http://r:8081", "redis://:pw@h:1").redacted())
        .isEqualTo(new StackAddresses("k:9092", "http://r:8081", "redis://:***@h:1"));
    assertThat(new StackAddresses("k:9092", "http://r:8081", "redis://:pw@h:1").toString())
        .as("a log of the record")
        .contains("redis://:***@h:1")
        .doesNotContain("pw");
  }
}
