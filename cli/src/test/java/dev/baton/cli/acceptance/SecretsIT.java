package dev.baton.cli.acceptance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.cli.stack.EmbeddedRedis;
import dev.baton.cli.stack.StackAddresses;
import dev.baton.cli.testkit.BatonProcess;
import dev.baton.cli.testkit.BatonStackTest;
import dev.baton.cli.testkit.TestIds;
import dev.baton.schemas.TopicLayout;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A coordinator, a worker and {@code baton dev} started with a Redis URI that holds a password (to
 * a Redis that requires it) run tool turns, and no banner or log line of theirs shows the password:
 * the dev banner shows the address with {@code ***}.
 */
@BatonStackTest
class SecretsIT {

  private static final Duration START = Duration.ofSeconds(180);

  @Test
  void shouldPrintNoPasswordInAnyBannerOrLog(StackAddresses stack, TestIds ids, @TempDir Path dir)
      throws Exception {
    String password = "redis-s3cret-" + UUID.randomUUID();
    try (EmbeddedRedis redis = new EmbeddedRedis().requiringPassword(password).start()) {
      StackAddresses secret =
          new StackAddresses(stack.kafkaBootstrap(), stack.registryUrl(), redis.uri());
      assertThat(secret.redisUri()).contains(password);
      TopicLayout layout = ids.layout(2);
      try (BatonProcess coordinator =
              BatonProcess.coordinator("c-1", secret, layout, ids.shareGroupId(), dir);
          BatonProcess worker =
              BatonProcess.worker(
                  "w-1", secret, layout, ids.shareGroupId(), dir, "--tool-delay=PT0S");
          BatonProcess dev =
              BatonProcess.dev(
                  "dev",
                  dir,
                  "--kafka=" + secret.kafkaBootstrap(),
                  "--registry=" + secret.registryUrl(),
                  "--redis=" + secret.redisUri(),
                  "--topic-prefix=" + ids.layout(2).prefix() + "dev.",
                  "--application-id=" + layout.applicationId() + "-dev",
                  "--partitions=2",
                  "--workers=1")) {
        coordinator.awaitHealthy(START);
        BatonApi.Reply turn =
            new BatonApi(coordinator.httpPort())
                .submitUntilDecided(ids.sessionId(), "t-1", "tools: write a=x, read a", null, 60);
        assertThat(turn.turnStatus()).as(turn + worker.logTail()).isEqualTo("COMPLETED");
        dev.awaitHealthy(START);
        BatonApi.Reply devTurn =
            new BatonApi(dev.httpPort())
                .submitUntilDecided(ids.sessionId(), "t-1", "tools: write b=y, read b", null, 60);
        assertThat(devTurn.turnStatus()).as(devTurn + dev.logTail()).isEqualTo("COMPLETED");
        dev.awaitLogLine("redis://:***@", START); // the banner's Redis line
        for (BatonProcess process : List.of(coordinator, worker, dev)) {
          assertThat(process.log()).as("the log of %s", process.name()).doesNotContain(password);
        }
      }
    }
  }
}
