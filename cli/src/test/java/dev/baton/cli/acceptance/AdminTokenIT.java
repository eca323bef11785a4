package dev.baton.cli.acceptance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.cli.stack.StackAddresses;
import dev.baton.cli.testkit.BatonProcess;
import dev.baton.cli.testkit.BatonStackTest;
import dev.baton.cli.testkit.TestIds;
import dev.baton.schemas.TopicLayout;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code baton coordinator --create-admin-token}, as docker compose runs it: on a fleet with no API
 * token, the first coordinator creates a {@code fleet:admin} token and logs it once; the session
 * endpoints then answer that token and refuse requests without one; a second coordinator, finding a
 * token, creates none.
 */
@BatonStackTest
class AdminTokenIT {

  private static final Duration START = Duration.ofSeconds(180);
  private static final Pattern TOKEN = Pattern.compile("baton_[0-9a-f]{16}_[A-Za-z0-9_-]+");

  @Test
  void shouldCreateOneAdminTokenForAFleetWithNone(
      StackAddresses stack, TestIds ids, @TempDir Path dir) throws Exception {
    TopicLayout layout = ids.layout(2);
    String[] tokens = {"--auth=tokens", "--create-admin-token=true"};
    try (BatonProcess first =
        BatonProcess.coordinator("c-1", stack, layout, ids.shareGroupId(), dir, tokens)) {
      first.awaitLogLine("No API token existed", START);
      first.awaitHealthy(START);
      Matcher token = TOKEN.matcher(first.log());
      assertThat(token.find()).as(first.logTail()).isTrue();
      BatonApi api = new BatonApi(first.httpPort());

      assertThat(api.session(ids.sessionId()).status()).isEqualTo(401);
      assertThat(api.withToken(token.group()).session(ids.sessionId()).status()).isEqualTo(404);

      try (BatonProcess second =
          BatonProcess.coordinator("c-2", stack, layout, ids.shareGroupId(), dir, tokens)) {
        second.awaitLogLine("API tokens exist", START);
        assertThat(second.log()).doesNotContain("No API token existed");
      }
    }
  }
}
