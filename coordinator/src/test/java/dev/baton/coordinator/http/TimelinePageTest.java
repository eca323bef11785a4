package dev.baton.coordinator.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.coordinator.http.ApiClient.Response;
import dev.baton.coordinator.session.SessionLimits;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The timeline page's files, served by the full API only. */
class TimelinePageTest {

  private final InMemoryApi api =
      InMemoryApi.start(SessionLimits.defaults(), HttpOptions.defaults());

  @AfterEach
  void close() {
    api.close();
  }

  @Test
  void shouldServeThePageItsScriptAndItsStyleSheet() {
    Response page = api.client().get("/ui/?session=s-1&turn=t-1");
    Response script = api.client().get("/ui/timeline.js");
    Response style = api.client().get("/ui/timeline.css");

    assertThat(page.status()).isEqualTo(200);
    assertThat(page.contentType()).startsWith("text/html");
    assertThat(page.body()).contains("/ui/timeline.js").contains("/ui/timeline.css");
    assertThat(page.header("Content-Security-Policy")).contains("script-src 'self'");
    assertThat(script.status()).isEqualTo(200);
    assertThat(script.contentType()).contains("javascript");
    assertThat(script.body()).contains("EventSource").doesNotContain("innerHTML");
    assertThat(style.status()).isEqualTo(200);
    assertThat(style.contentType()).startsWith("text/css");
  }

  @Test
  void shouldDrawTheCallsThatWaitForApprovalAndFollowTheirDecisions() {
    Response page = api.client().get("/ui/");
    Response script = api.client().get("/ui/timeline.js");
    Response style = api.client().get("/ui/timeline.css");

    assertThat(script.body())
        .contains("\"tool_call.awaiting_approval\", \"tool_call.approval_decided\"")
        .contains("case \"ToolCallAwaitingApproval\":")
        .contains("case \"ToolCallApprovalDecided\":")
        .contains("\"data-kind\": \"approval-wait\"")
        .contains("\"awaiting approval\"");
    assertThat(style.body()).contains(".track .approval");
    assertThat(page.body()).contains("<span class=\"swatch approval\"></span>");
  }

  @Test
  void shouldAnswerAnUnknownFileWithAProblem() {
    api.client().get("/ui/nope.js").assertProblem(404, "NOT_FOUND", null);
  }

  @Test
  void shouldServeNoPageFromTheHealthOnlyApi() {
    try (HttpApi health = HttpApi.start("127.0.0.1", 0, HealthChecks.none())) {
      assertThat(new ApiClient(health.port()).get("/ui/").status()).isEqualTo(404);
    }
  }
}
