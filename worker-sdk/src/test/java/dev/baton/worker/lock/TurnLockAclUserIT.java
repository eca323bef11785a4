package dev.baton.worker.lock;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.output.StatusOutput;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.CommandType;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The turn lock as a Redis ACL user that may touch only Baton's keys and channels and run only what
 * the lock needs: the rule docs/operations.md (Security) gives.
 */
@Tag("integration")
class TurnLockAclUserIT {

  /** The rule of docs/operations.md, after {@code ACL SETUSER <user>}. */
  static final String[] RULE = {
    "on",
    "resetkeys",
    "~baton:*",
    "resetchannels",
    "&baton:*",
    "-@all",
    "+@read",
    "+@write",
    "+@scripting",
    "+@pubsub",
    "+@connection",
    "+time"
  };

  @Test
  void shouldLockAndWakeWaitersAsAnAclUserLimitedToBatonsKeys() {
    TestRedis redis = TestRedis.shared();
    String user = "baton-" + UUID.randomUUID().toString().substring(0, 8);
    String password = "pw-" + UUID.randomUUID();
    redis
        .admin()
        .dispatch(
            CommandType.ACL,
            new StatusOutput<>(StringCodec.UTF8),
            new CommandArgs<>(StringCodec.UTF8)
                .add("SETUSER")
                .add(user)
                .add(">" + password)
                .addValues(RULE));
    String uri = redis.uri().replace("redis://", "redis://" + user + ":" + password + "@");

    try (TurnLocks locks = TurnLocks.create(uri, LockOptions.defaults())) {
      Steps step = Steps.of("WW");
      CallLock first = locks.acquire(step.call(0));
      CompletableFuture<CallLock> second = locks.acquireAsync(step.call(1));
      TurnLockOrderIT.assertWaiting(second);
      first.release(); // publishes the wake-up the waiter subscribed to
      second.join().release();
    }
  }

  @Test
  void shouldRefuseAWrongPasswordWithoutShowingIt() {
    TestRedis redis = TestRedis.shared();
    String uri = redis.uri().replace("redis://", "redis://nobody:wr0ng-s3cret@");

    assertThatThrownBy(() -> TurnLocks.create(uri, LockOptions.defaults()))
        .isInstanceOf(LockUnavailableException.class)
        .hasMessageContaining("redis://nobody:***@")
        .message()
        .doesNotContain("wr0ng-s3cret");
  }
}
