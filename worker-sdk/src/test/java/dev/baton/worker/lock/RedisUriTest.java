package dev.baton.worker.lock;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.RedisURI;
import org.junit.jupiter.api.Test;

/**
 * The Redis URIs Baton documents, as Lettuce reads them when {@link TurnLocks#create(String,
 * LockOptions)} (and the coordinator's health check) builds its client from one.
 */
class RedisUriTest {

  @Test
  void shouldLogInAsTheAclUserOfTheUri() {
    RedisURI uri = RedisURI.create("redis://baton-worker:s3cret@redis.internal:6379/0");

    assertThat(uri.getUsername()).isEqualTo("baton-worker");
    assertThat(uri.getPassword()).containsExactly("s3cret".toCharArray());
    assertThat(uri.isSsl()).isFalse();
    assertThat(uri.getHost()).isEqualTo("redis.internal");
  }

  @Test
  void shouldConnectWithTlsForRediss() {
    RedisURI uri = RedisURI.create("rediss://baton-worker:s3cret@redis.internal:6380");

    assertThat(uri.isSsl()).isTrue();
    assertThat(uri.isVerifyPeer()).as("the server's certificate is checked").isTrue();
    assertThat(uri.getUsername()).isEqualTo("baton-worker");
    assertThat(uri.getPassword()).containsExactly("s3cret".toCharArray());
    assertThat(uri.getPort()).isEqualTo(6380);
  }

  @Test
  void shouldReadAPasswordAloneAsTheDefaultUsersPassword() {
    RedisURI uri = RedisURI.create("redis://:s3cret@redis.internal:6379");

    assertThat(uri.getUsername()).isNull();
    assertThat(uri.getPassword()).containsExactly("s3cret".toCharArray());
  }
}
