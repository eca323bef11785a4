package dev.baton.cli.testkit;

import dev.baton.cli.stack.StackAddresses;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.common.config.ConfigResource;

/** Share group settings for tests of crashed workers. */
public final class ShareGroups {

  private ShareGroups() {}

  /**
   * Makes the records a dead member of {@code shareGroup} held, and its partitions, come back after
   * {@code recordLock} and {@code sessionTimeout} rather than the defaults (30 s and 45 s). The
   * embedded stack's broker allows a record lock from 1 s and a session timeout from 3 s.
   *
   * <pre>{@code
   * ShareGroups.shortenTimeouts(stack, ids.shareGroupId(), Duration.ofSeconds(3),
   *     Duration.ofSeconds(5));
   * }</pre>
   */
  public static void shortenTimeouts(
      StackAddresses stack, String shareGroup, Duration recordLock, Duration sessionTimeout) {
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", stack.kafkaBootstrap()))) {
      ConfigResource group = new ConfigResource(ConfigResource.Type.GROUP, shareGroup);
      List<AlterConfigOp> ops =
          List.of(
              set("share.record.lock.duration.ms", recordLock),
              set("share.session.timeout.ms", sessionTimeout));
      admin.incrementalAlterConfigs(Map.of(group, ops)).all().get(30, TimeUnit.SECONDS);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("could not configure share group " + shareGroup, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  private static AlterConfigOp set(String name, Duration value) {
    return new AlterConfigOp(
        new ConfigEntry(name, String.valueOf(value.toMillis())), AlterConfigOp.OpType.SET);
  }
}
