package dev.baton.cli.acceptance;

import static dev.baton.worker.OperationClass.READ;
import static dev.baton.worker.OperationClass.WRITE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.cli.example.ApprovalTool;
import dev.baton.cli.stack.StackAddresses;
import dev.baton.cli.testkit.BatonStackTest;
import dev.baton.cli.testkit.TestIds;
import dev.baton.coordinator.auth.AuthMode;
import dev.baton.worker.OperationClass;
import dev.baton.worker.Step;
import dev.baton.worker.StepResult;
import dev.baton.worker.ToolCall;
import dev.baton.worker.ToolInvocation;
import dev.baton.worker.ToolResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The timeline page in a real browser: one turn whose step asks for {@code [READ, READ, WRITE,
 * READ]}, each tool working {@link #TOOL_WORK}, drawn by headless Chromium from a coordinator's
 * {@code /ui/}, which needs an API token: without one the page asks for it; with one in the
 * address's fragment it draws the turn. The bars the page draws show the turn lock's order: the two
 * reads side by side in time, the write alone, the last read after it; every bar is placed on the
 * time axis, which has its tick labels. A turn whose two calls wait for approval, one denied and
 * one approved, shows each wait and what came of it: the denied call never ran, the approved one
 * ran after its approval. Skipped where no Chromium is installed.
 */
@BatonStackTest
class TimelinePageIT {

  private static final List<OperationClass> CLASSES = List.of(READ, READ, WRITE, READ);

  /** The worker's share consumers and handler slots: one for each call and one more. */
  private static final int CONSUMERS = CLASSES.size() + 1;

  private static final Duration TOOL_WORK = Duration.ofMillis(300);

  /** Where the screenshot is saved, in the module's build directory. */
  private static final Path SCREENSHOT = Path.of("target", "timeline-page.png");

  /** Where the screenshot of the turn whose calls waited for approval is saved. */
  private static final Path APPROVAL_SCREENSHOT = Path.of("target", "timeline-page-approval.png");

  /** The input of the turn whose two calls wait for approval. */
  private static final String APPROVALS = "two calls that wait for approval";

  private static final Set<String> ENDED = Set.of("COMPLETED", "FAILED", "CANCELLED");

  private static final String DENIED_TEXT = "deploy to prod";
  private static final String APPROVED_TEXT = "deploy to staging";

  private static final Pattern ELEMENT =
      Pattern.compile("<[a-z]+\\s[^>]*data-kind=\"[^\"]*\"[^>]*>");
  private static final Pattern ATTRIBUTE = Pattern.compile("([a-z-]+)=\"([^\"]*)\"");
  private static final Pattern TICK = Pattern.compile("<span class=\"tick\"([^>]*)>([^<]*)<");

  /** An element's {@code left} and {@code width} in its style, in percent of the axis. */
  private static final Pattern LEFT = Pattern.compile("(?:^|[\\s;])left:\\s*([^;%]+)%");

  private static final Pattern WIDTH = Pattern.compile("(?:^|[\\s;])width:\\s*([^;%]+)%");

  /**
   * A bar of the page: its kind, its {@code data-*} attributes, without the prefix, and its style.
   */
  private record Bar(Map<String, String> data, String style) {

    String kind() {
      return data.get("kind");
    }

    long startMs() {
      return Long.parseLong(data.get("start-ms"));
    }

    long endMs() {
      return Long.parseLong(data.get("end-ms"));
    }

    int index() {
      return Integer.parseInt(data.get("index"));
    }

    boolean overlaps(Bar other) {
      return startMs() < other.endMs() && other.startMs() < endMs();
    }

    double left() {
      return placed(LEFT, style);
    }

    double width() {
      return placed(WIDTH, style);
    }
  }

  /** A label of the time axis. */
  private record Tick(String label, String style) {

    double left() {
      return placed(LEFT, style);
    }
  }

  @TempDir Path dir;

  @Test
  void shouldDrawParallelReadsSideBySideAndTheWriteAlone(StackAddresses stack, TestIds ids)
      throws Exception {
    HeadlessChromium chromium = chromium();
    try (BatonFleet fleet = fleet(stack, ids)) {
      String sessionId = ids.sessionId();
      BatonApi.Reply reply =
          fleet.api(0).submitUntilDecided(sessionId, "t-1", "four calls", null, 60);
      assertThat(reply.turnStatus()).as(reply.toString()).isEqualTo("COMPLETED");

      String url = "http://" + fleet.address(0) + "/ui/?session=" + sessionId + "&turn=t-1";
      String withoutToken = chromium.dumpDom(url);
      assertThat(withoutToken).as(withoutToken).contains("data-state=\"error\"");
      assertThat(withoutToken).contains("<form id=\"token-form\">");
      url += "#token=" + fleet.operatorToken();
      String dom = chromium.dumpDom(url);
      chromium.screenshot(url, SCREENSHOT, 1200, 800);

      assertThat(dom).as(dom).contains("data-state=\"ready\"");
      List<Bar> bars = bars(dom);
      assertDrawnOnTheAxis(dom, bars);
      List<Bar> tools =
          bars.stream()
              .filter(bar -> bar.kind().equals("tool"))
              .sorted(Comparator.comparingInt(Bar::index))
              .toList();
      assertThat(tools)
          .extracting(bar -> bar.data().get("class"))
          .containsExactly("READ", "READ", "WRITE", "READ");
      assertThat(bars).filteredOn(bar -> bar.kind().equals("step")).hasSize(2);
      assertThat(bars)
          .filteredOn(bar -> bar.kind().equals("turn-end"))
          .singleElement()
          .satisfies(end -> assertThat(end.data().get("status")).isEqualTo("COMPLETED"));
      Bar write = tools.get(2);
      assertThat(tools.get(0).overlaps(tools.get(1)))
          .as("the first reads overlap: %s", tools)
          .isTrue();
      assertThat(tools)
          .filteredOn(bar -> bar != write)
          .allSatisfy(
              other -> assertThat(write.overlaps(other)).as("%s and %s", write, other).isFalse());
      assertThat(tools.get(3).startMs())
          .as("the last read after the write")
          .isGreaterThanOrEqualTo(write.endMs());
      assertThat(tools.get(3).left())
          .as("the last read drawn after the write")
          .isGreaterThanOrEqualTo(write.left() + write.width() - 0.01);
      assertThat(SCREENSHOT).isNotEmptyFile();
    }
  }

  @Test
  void shouldDrawTheWaitForApprovalThenTheApprovedCallAndTheDeniedOneThatNeverRan(
      StackAddresses stack, TestIds ids) throws Exception {
    HeadlessChromium chromium = chromium();
    try (BatonFleet fleet = fleet(stack, ids)) {
      String sessionId = ids.sessionId();
      BatonApi api = fleet.api(0);
      assertThat(api.submitUntilDecided(sessionId, "t-1", APPROVALS, null, 0).status())
          .isEqualTo(202);
      Map<String, String> waiting = awaitWaitingCalls(api, sessionId);
      assertThat(
              api.decideApproval(sessionId, "t-1", waiting.get(DENIED_TEXT), "deny", null).status())
          .isEqualTo(200);
      assertThat(
              api.decideApproval(sessionId, "t-1", waiting.get(APPROVED_TEXT), "approve", null)
                  .status())
          .isEqualTo(200);
      BatonApi.Reply done =
          await()
              .atMost(Duration.ofSeconds(60))
              .until(() -> api.turn(sessionId, "t-1"), reply -> ENDED.contains(reply.turnStatus()));
      assertThat(done.turnStatus()).as(done.toString()).isEqualTo("COMPLETED");

      String url =
          "http://"
              + fleet.address(0)
              + "/ui/?session="
              + sessionId
              + "&turn=t-1#token="
              + fleet.operatorToken();
      String dom = chromium.dumpDom(url);
      chromium.screenshot(url, APPROVAL_SCREENSHOT, 1200, 500);

      assertThat(dom).as(dom).contains("data-state=\"ready\"").contains("awaiting approval");
      List<Bar> bars = bars(dom);
      assertDrawnOnTheAxis(dom, bars);
      Bar deniedWait = approvalWait(bars, waiting.get(DENIED_TEXT));
      Bar approvedWait = approvalWait(bars, waiting.get(APPROVED_TEXT));
      assertThat(deniedWait.data()).containsEntry("decision", "DENIED").containsEntry("index", "0");
      assertThat(approvedWait.data())
          .containsEntry("decision", "APPROVED")
          .containsEntry("index", "1");
      assertThat(approvedWait.endMs()).isGreaterThanOrEqualTo(approvedWait.startMs());
      assertThat(bars)
          .filteredOn(bar -> bar.kind().equals("tool"))
          .as("only the approved call ran")
          .singleElement()
          .satisfies(
              ran -> {
                assertThat(ran.data())
                    .containsEntry("call-id", waiting.get(APPROVED_TEXT))
                    .containsEntry("class", "WRITE");
                assertThat(ran.startMs())
                    .as("it ran after its approval")
                    .isGreaterThanOrEqualTo(approvedWait.endMs());
                assertThat(ran.left())
                    .as("it is drawn after its wait for approval")
                    .isGreaterThanOrEqualTo(approvedWait.left() + approvedWait.width() - 0.01);
              });
      assertThat(bars)
          .filteredOn(bar -> bar.kind().equals("mark"))
          .as("the denial is marked where it was decided")
          .singleElement()
          .satisfies(
              mark ->
                  assertThat(mark.data().get("at-ms")).isEqualTo(deniedWait.data().get("end-ms")));
      assertThat(APPROVAL_SCREENSHOT).isNotEmptyFile();
    }
  }

  private HeadlessChromium chromium() throws IOException {
    Optional<HeadlessChromium> found =
        HeadlessChromium.find(Files.createDirectories(dir.resolve("chromium")));
    Assumptions.assumeTrue(found.isPresent(), "no Chromium on PATH: " + HeadlessChromium.BINARIES);
    return found.orElseThrow();
  }

  /** A coordinator with API tokens on, and a worker with this test's agent and tools. */
  private BatonFleet fleet(StackAddresses stack, TestIds ids) {
    // One partition: the share group gives it to all of the worker's consumers, so the calls of
    // the one session can run at once.
    BatonFleet fleet =
        BatonFleet.builder(stack, ids, dir.resolve("fleet"))
            .partitions(1)
            .workers(0)
            .auth(AuthMode.TOKENS)
            .start();
    try {
      fleet.startWorker(
          "tools",
          b ->
              ApprovalTool.register(
                  b.maxInFlight(CONSUMERS)
                      .redis(stack.redisUri())
                      .agent(TimelinePageIT::step)
                      .tool("read_slowly", READ, TimelinePageIT::work)
                      .tool("write_slowly", WRITE, TimelinePageIT::work)));
      // Each call is one record for one consumer: parallel reads need consumers that fetch.
      fleet.awaitShareConsumersAssigned("tools", CONSUMERS);
      return fleet;
    } catch (RuntimeException | Error e) {
      fleet.close();
      throw e;
    }
  }

  /**
   * Step 0 asks for the four calls, or for the two calls that wait for approval when the input is
   * {@link #APPROVALS}; step 1 answers.
   */
  private static StepResult step(Step step) {
    if (step.number() == 0 && step.input().equals(APPROVALS)) {
      return StepResult.callTools(
          List.of(
              ToolCall.of(ApprovalTool.NAME, ApprovalTool.arguments(DENIED_TEXT)),
              ToolCall.of(ApprovalTool.NAME, ApprovalTool.arguments(APPROVED_TEXT))));
    }
    if (step.number() == 0) {
      return StepResult.callTools(
          CLASSES.stream()
              .map(c -> ToolCall.of(c == READ ? "read_slowly" : "write_slowly", "{}"))
              .toList());
    }
    return StepResult.answer("done");
  }

  /** A tool whose work takes {@link #TOOL_WORK}. */
  private static ToolResult work(ToolInvocation call) throws InterruptedException {
    Thread.sleep(TOOL_WORK);
    return ToolResult.ok(call.name() + "#" + call.index());
  }

  /** The ids of the two calls that wait for approval, by the text of their arguments. */
  private static Map<String, String> awaitWaitingCalls(BatonApi api, String sessionId) {
    Map<String, String> callIds = new LinkedHashMap<>();
    await()
        .atMost(Duration.ofSeconds(60))
        .ignoreExceptions()
        .untilAsserted(
            () -> {
              JsonNode waiting = api.awaitingApproval(sessionId);
              assertThat(waiting).hasSize(2);
              waiting.forEach(
                  call ->
                      callIds.put(
                          call.get("arguments").get("text").asText(), call.get("callId").asText()));
            });
    return callIds;
  }

  /** The wait for approval of call {@code callId}. */
  private static Bar approvalWait(List<Bar> bars, String callId) {
    return bars.stream()
        .filter(
            bar -> bar.kind().equals("approval-wait") && callId.equals(bar.data().get("call-id")))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no wait for approval of " + callId + ": " + bars));
  }

  /**
   * Asserts that the page labelled its time axis and placed every one of {@code bars} on it, as
   * lengths the browser takes: a position it cannot use (such as {@code NaN%}) is dropped, and the
   * element is drawn at the left edge of its track.
   */
  private static void assertDrawnOnTheAxis(String dom, List<Bar> bars) {
    List<Tick> ticks = ticks(dom);
    assertThat(ticks).as("the axis's tick labels in %s", dom).hasSizeGreaterThan(1);
    assertThat(ticks.get(0).label()).isEqualTo("0 ms");
    assertThat(ticks)
        .allSatisfy(tick -> assertThat(tick.left()).as("%s", tick).isBetween(0.0, 100.0))
        .extracting(Tick::left)
        .isSorted();
    assertThat(bars)
        .allSatisfy(
            bar -> {
              assertThat(bar.left()).as("left of %s", bar).isBetween(0.0, 100.0);
              if (!bar.kind().equals("mark")) {
                assertThat(bar.width()).as("width of %s", bar).isBetween(0.0, 100.0);
              }
            });
  }

  /** The labels of the time axis in {@code dom}. */
  private static List<Tick> ticks(String dom) {
    Matcher tick = TICK.matcher(dom);
    List<Tick> ticks = new ArrayList<>();
    while (tick.find()) {
      ticks.add(new Tick(tick.group(2), attributes(tick.group(1)).getOrDefault("style", "")));
    }
    return ticks;
  }

  /** The elements of {@code dom} that carry a {@code data-kind}, with their data attributes. */
  private static List<Bar> bars(String dom) {
    Matcher element = ELEMENT.matcher(dom);
    List<Bar> bars = new ArrayList<>();
    while (element.find()) {
      Map<String, String> attributes = attributes(element.group());
      Map<String, String> data = new LinkedHashMap<>();
      attributes.forEach(
          (name, value) -> {
            if (name.startsWith("data-")) {
              data.put(name.substring("data-".length()), value);
            }
          });
      bars.add(new Bar(data, attributes.getOrDefault("style", "")));
    }
    return bars;
  }

  /** Where an element is on the axis, in percent; NaN when the page left it unset. */
  private static double placed(Pattern property, String style) {
    Matcher value = property.matcher(style);
    return value.find() ? Double.parseDouble(value.group(1)) : Double.NaN;
  }

  /** The attributes in {@code tag}, by name. */
  private static Map<String, String> attributes(String tag) {
    Map<String, String> attributes = new LinkedHashMap<>();
    Matcher attribute = ATTRIBUTE.matcher(tag);
    while (attribute.find()) {
      attributes.put(attribute.group(1), attribute.group(2));
    }
    return attributes;
  }
}
