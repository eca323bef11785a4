package dev.baton.bench.internal;

import dev.baton.coordinator.http.HttpOptions;
import dev.baton.coordinator.topology.ProcessingMode;
import dev.baton.schemas.avro.OnBusy;
import io.opentelemetry.api.OpenTelemetry;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;

/**
 * The streams case: many turns streamed live to a client each at once, then many idle sessions'
 * feeds held open; each on a fresh coordinator (exactly-once) whose workers run the {@link
 * StreamingAgent}. A stream that misses, repeats or reorders a delta, or is cut or closed, fails
 * the case: it adds a table that says so under its figures.
 */
public final class StreamsCase {

  private static final int CLIENT_THREADS = 2;
  private static final Duration GATE_TIMEOUT = Duration.ofSeconds(180);
  private static final Duration GATE_PROGRESS = Duration.ofSeconds(10);
  private static final Duration SESSIONS_BUDGET = Duration.ofSeconds(180);
  private static final int WARM_UP_STREAMS = 100;
  private static final int WARM_UP_DELTAS = 100;
  private static final int REQUESTS_AT_ONCE = 64;
  private static final int ACTIVE_FEEDS = 10;
  private static final int ACTIVE_DELTAS = 20;
  private static final int CONNECTION_HEADROOM = 100;

  /** How long after the last feed opened the case waits for heartbeats: one, and some slack. */
  private static final Duration HEARTBEAT_WAIT =
      HttpOptions.DEFAULT_STREAM_HEARTBEAT.plusSeconds(15);

  private final Settings settings;
  private final TurnCases turns;
  private final Sizes.Streams sizes;
  private final List<String> failures = new ArrayList<>();

  /** The case of a run with {@code settings}, deploying through {@code turns}. */
  public StreamsCase(Settings settings, TurnCases turns) {
    this.settings = settings;
    this.turns = turns;
    this.sizes = settings.sizes().streams();
  }

  /**
   * The live streams' table, where their CPU went, the idle feeds' table, and one naming the
   * failures if any.
   */
  public List<Table> run() throws IOException, InterruptedException {
    List<Table> tables = new ArrayList<>();
    tables.addAll(live());
    if (sizes.idle() > 0) {
      tables.add(idle());
    }
    if (!failures.isEmpty()) {
      String all = String.join("; ", failures);
      System.out.println("THE STREAMS CASE FAILED: " + all);
      tables.add(BenchRun.failure("streams", all));
    }
    return tables;
  }

  /** The live streams' table and the table of where their CPU went. */
  private List<Table> live() throws IOException, InterruptedException {
    Table table =
        new Table(
            "streams-live",
            "Live streams: concurrent turns, each streamed to its own SSE client",
            "case",
            "streams",
            "complete",
            "deltas",
            "deltas/s",
            "p50 ms",
            "p95 ms",
            "p99 ms",
            "max ms",
            "open s",
            "coord CPU cores",
            "coord CPU us/delta",
            "coord RSS MB",
            "client CPU cores",
            "all CPU cores");
    StreamGate gate = new StreamGate(sizes.live());
    Deployment.Workers workers = liveWorkers();
    Table threads;
    try (Deployment deployment = deploy("st-live", workers, gate);
        SseClient client = new SseClient(CLIENT_THREADS)) {
      URI base = deployment.coordinator().httpBase();
      warmUp(client, base, deployment.coordinator().pid());
      LiveStreams live =
          LiveStreams.start(
              client,
              base,
              sessionIds("live", sizes.live()),
              new StreamingAgent.Plan(sizes.deltas(), sizes.interval(), true),
              gate,
              REQUESTS_AT_ONCE);
      if (!awaitGate(gate)) {
        gate.open();
        fail(
            "live",
            "after "
                + GATE_TIMEOUT.toSeconds()
                + " s only "
                + gate.started()
                + " of "
                + sizes.live()
                + " streams had read step.started; the deltas started anyway");
      }
      ProcessStats stats = deployment.coordinator().stats();
      ThreadCpu clientCpu = client.cpu();
      stats.begin();
      clientCpu.begin();
      long start = System.nanoTime();
      ThreadCpuWindow threadCpu = ThreadCpuWindow.begin(deployment);
      live.awaitOver(sizes.interval().multipliedBy(sizes.deltas()).plus(TurnCases.DRAIN));
      ProcessStats.Window window = stats.end();
      double clientCores = clientCpu.endCores();
      double seconds = (System.nanoTime() - start) / 1e9;
      LiveStreams.Result result = live.result();
      threads =
          threadCpu.table(
              "streams-threads-" + settings.runId(),
              "Live streams: CPU by thread, run " + settings.runId(),
              result.deltas(),
              "delta");
      double deltaSeconds = Math.max(1e-9, (live.lastReadNanos() - start) / 1e9);
      table.row(
          sizes.liveRow(),
          result.streams(),
          result.complete(),
          result.deltas(),
          result.deltas() / deltaSeconds,
          result.latencies().percentileMillis(50),
          result.latencies().percentileMillis(95),
          result.latencies().percentileMillis(99),
          result.latencies().maxMillis(),
          result.openSeconds(),
          window.cpuCores(),
          window.cpuCores() * seconds * 1e6 / Math.max(1, result.deltas()),
          window.peakRssMb(),
          clientCores,
          window.allCpuMillis() / 1000 / seconds);
      if (gate.late() > 0) {
        table.note(
            sizes.liveRow()
                + ": "
                + gate.late()
                + " agent steps reached the handler after the gate opened, the last "
                + String.format(Locale.ROOT, "%.1f", gate.mostLateSeconds())
                + " s after; their deltas overlapped the others' less.");
      }
      if (result.complete() < result.streams()) {
        fail(
            "live",
            (result.streams() - result.complete())
                + " of "
                + result.streams()
                + " streams did not get every delta once and in order: "
                + result.failures()
                + "; first of each kind: "
                + result.examples());
      }
    }
    table.note(
        "Each session submits one turn with POST /v1/sessions/{id}/turns and Accept:"
            + " text/event-stream ("
            + REQUESTS_AT_ONCE
            + " waiting for their answer at a time) and reads the answer, the turn's stream, on the"
            + " JDK's HttpClient (HTTP/1.1, one connection per stream, "
            + CLIENT_THREADS
            + " executor threads and its selector thread for all). The benchmark's agent waits"
            + " until every stream has read step.started, then emits "
            + sizes.deltas()
            + " deltas "
            + sizes.interval().toMillis()
            + " ms apart in each turn ("
            + Math.round(sizes.offeredPerSecond())
            + " deltas/s offered), each stamped with System.nanoTime() at the emit; latency: to"
            + " when the client's line reader got the delta's data line (workers and clients share"
            + " the benchmark's JVM and clock). Complete: streams that got every delta once and in"
            + " order, then turn.ended COMPLETED. deltas/s: deltas read over the time from the"
            + " start of the deltas to the last one read. open s: from the first submit to the"
            + " last stream's 200. CPU and RSS: the coordinator's, from the start of the deltas"
            + " to the end of the last stream; us/delta is its CPU time over the deltas read."
            + " Client CPU: the HTTP client's threads; all CPU: every process of the benchmark"
            + " (the coordinator; the broker, the worker and the clients in the benchmark's JVM;"
            + " Redis, the registry), in cores. Before it, "
            + WARM_UP_STREAMS
            + " streams of "
            + WARM_UP_DELTAS
            + " deltas warm the coordinator up, then more rounds of them until the JIT compilers"
            + " are quiet, as in the closed loops. Workers: "
            + workers.count()
            + ", maxInFlight "
            + workers.maxInFlight()
            + " (every turn's step runs at once), "
            + workers.pollers()
            + " share consumers each, handOffAfter 0 (a share consumer takes no new step while"
            + " one of its last poll runs unless the step is handed over to its lease).");
    return List.of(table, threads);
  }

  /** Waits up to {@link #GATE_TIMEOUT} for the gate to open, saying every 10 s how far it is. */
  private static boolean awaitGate(StreamGate gate) throws InterruptedException {
    long deadline = System.nanoTime() + GATE_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      if (gate.awaitOpen(GATE_PROGRESS)) {
        return true;
      }
      System.out.printf(
          "Live streams: %d have read step.started, %d agent steps wait at the gate%n",
          gate.started(), gate.arrived());
    }
    return false;
  }

  /**
   * The echo workers' shape, with room for every live turn's step at once, and handing each step
   * over to its lease at once: without, a share consumer takes no new step while one of its last
   * poll runs, so a few streaming steps would hold back the rest.
   */
  private Deployment.Workers liveWorkers() {
    Deployment.Workers workers = settings.workers();
    return new Deployment.Workers(
        workers.count(),
        Math.max(workers.maxInFlight(), sizes.live()),
        workers.pollers(),
        Duration.ZERO);
  }

  /**
   * A few streams, not measured, not gated; then rounds of them until the JIT compilers are quiet,
   * as the closed loops warm up: without it the coordinator's compilers took half a core through
   * the measured window, a quarter of the machine.
   */
  private void warmUp(SseClient client, URI base, long coordinatorPid)
      throws IOException, InterruptedException {
    warmUpRound(client, base, "warm");
    CompilerSettling.Outcome settled =
        CompilerSettling.settle(
            coordinatorPid, round -> warmUpRound(client, base, "warm-" + round));
    System.out.println(settings.runId() + " live streams: " + settled.describe());
  }

  private void warmUpRound(SseClient client, URI base, String name) throws InterruptedException {
    LiveStreams.start(
            client,
            base,
            sessionIds(name, WARM_UP_STREAMS),
            new StreamingAgent.Plan(WARM_UP_DELTAS, sizes.interval(), false),
            new StreamGate(WARM_UP_STREAMS),
            REQUESTS_AT_ONCE)
        .awaitOver(TurnCases.DRAIN);
  }

  private Table idle() throws IOException, InterruptedException {
    Table table =
        new Table(
            "streams-idle",
            "Idle feeds: sessions' feeds held open at once",
            "case",
            "feeds open",
            "open s",
            "coord RSS MB before",
            "RSS MB after",
            "RSS KB/feed",
            "heap MB before",
            "heap MB after",
            "heap KB/feed",
            "coord threads before",
            "threads after",
            "with heartbeat",
            "active feeds ok");
    int count = sizes.idle();
    try (Deployment deployment = deployIdle(count);
        SseClient client = new SseClient(CLIENT_THREADS);
        HttpTurnDriver http = new HttpTurnDriver(deployment.coordinator().httpBase(), 1)) {
      URI base = deployment.coordinator().httpBase();
      long pid = deployment.coordinator().pid();
      createSessions(deployment, count);
      requireDescriptors(pid, count);
      List<String> sessionIds = sessionIds("idle", count);
      Path histograms = settings.workDir().resolve(deployment.layout().applicationId());
      Memory before = Memory.of(pid, histograms.resolve("histogram-before-feeds.txt"));
      IdleFeeds feeds = IdleFeeds.open(client, base, sessionIds, REQUESTS_AT_ONCE);
      Memory after = Memory.of(pid, histograms.resolve("histogram-with-feeds.txt"));
      StreamingAgent.Plan active = new StreamingAgent.Plan(ACTIVE_DELTAS, sizes.interval(), false);
      int actives = Math.min(ACTIVE_FEEDS, count);
      Map<String, String> submitEnds = new ConcurrentHashMap<>();
      for (int i = 0; i < actives; i++) {
        feeds.expectTurn(i, ACTIVE_DELTAS);
        String sessionId = sessionIds.get(i);
        http.submit(
            sessionId,
            sessionId + "-active",
            active.input(),
            OnBusy.REJECT,
            0,
            outcome -> submitEnds.put(sessionId, outcome.end()));
      }
      long deadline = System.nanoTime() + HEARTBEAT_WAIT.toNanos();
      while ((!feeds.settled() || submitEnds.size() < actives) && System.nanoTime() < deadline) {
        Thread.sleep(
            200); // waits for a condition (heartbeats, turns seen, answers), with a deadline
      }
      IdleFeeds.Result result = feeds.result();
      checkActiveSubmits(sessionIds.subList(0, actives), submitEnds);
      table.row(
          sizes.idleRow(),
          result.opened(),
          result.openSeconds(),
          before.rssKb() / 1024,
          after.rssKb() / 1024,
          (after.rssKb() - before.rssKb()) / (double) Math.max(1, result.opened()),
          before.heapKb() / 1024,
          after.heapKb() / 1024,
          (after.heapKb() - before.heapKb()) / (double) Math.max(1, result.opened()),
          before.threads(),
          after.threads(),
          result.withHeartbeat(),
          result.activeComplete() + " of " + result.active());
      checkIdle(result);
    }
    return table.note(
        "Sessions are created with one turn each through Kafka, then each one's feed GET"
            + " /v1/sessions/{id}/stream is opened on the JDK's HttpClient (one connection per"
            + " feed, "
            + REQUESTS_AT_ONCE
            + " requests waiting for their answer at a time) and held open; a feed counts open at"
            + " its 200. open s: from the first request to the last answer. Before and after"
            + " opening them: the coordinator's RSS, its heap in use after a full collection"
            + " (jcmd GC.run, then GC.heap_info; class histograms in the work directory) and its"
            + " kernel threads; per feed: the growth over"
            + " the feeds open, one-time costs of the first feeds included. Then "
            + ACTIVE_FEEDS
            + " of the sessions get a turn of "
            + ACTIVE_DELTAS
            + " deltas, submitted through the HTTP API (?wait=30), which must answer each turn"
            + " COMPLETED and whose feeds must show it whole; with heartbeat: feeds that read a"
            + " heartbeat within "
            + HEARTBEAT_WAIT.toSeconds()
            + " s of the last open (one every "
            + HttpOptions.DEFAULT_STREAM_HEARTBEAT.toSeconds()
            + " s without events).");
  }

  /** Gives each idle session its one turn, so that it exists. */
  private void createSessions(Deployment deployment, int count) throws InterruptedException {
    TurnLoads.Result created =
        new TurnLoads(deployment.driver(), settings.runId())
            .closedLoop("idle", "", count, 1, 1000, "hello", SESSIONS_BUDGET, TurnCases.DRAIN);
    if (created.completed() < count) {
      fail("idle", "only " + created.completed() + " of " + count + " sessions were created");
    }
  }

  /** Fails the case at once if this JVM or the coordinator cannot hold {@code feeds} sockets. */
  private static void requireDescriptors(long coordinatorPid, int feeds) {
    long own = ProcessStats.openFilesLimit(ProcessHandle.current().pid());
    long coordinator = ProcessStats.openFilesLimit(coordinatorPid);
    long margin = 2000;
    if (Math.min(own, coordinator) < feeds + margin) {
      throw new IllegalStateException(
          "the open files limit (benchmark JVM "
              + own
              + ", coordinator "
              + coordinator
              + ") is below "
              + (feeds + margin)
              + " for "
              + feeds
              + " feeds; raise ulimit -n (hard limit) before the run");
    }
  }

  /**
   * Each active turn's submit was answered with its turn completed: a refused or failed submit is
   * an error of the case by itself, whatever its feed showed.
   */
  private void checkActiveSubmits(List<String> sessionIds, Map<String, String> submitEnds) {
    for (String sessionId : sessionIds) {
      String end = submitEnds.getOrDefault(sessionId, "no-answer");
      if (!end.equals("completed")) {
        fail("idle", "the active turn of " + sessionId + " was answered " + end);
      }
    }
  }

  private void checkIdle(IdleFeeds.Result result) {
    List<String> problems = new ArrayList<>();
    if (result.opened() < result.feeds()) {
      problems.add((result.feeds() - result.opened()) + " feeds not opened: " + result.refused());
    }
    if (result.closedEarly() > 0) {
      problems.add(result.closedEarly() + " feeds closed by the server or failed");
    }
    if (result.withHeartbeat() < result.opened()) {
      problems.add((result.opened() - result.withHeartbeat()) + " open feeds read no heartbeat");
    }
    if (result.activeComplete() < result.active()) {
      problems.add(
          (result.active() - result.activeComplete())
              + " of "
              + result.active()
              + " active feeds did not show their turn whole: "
              + result.activeFailures());
    }
    problems.forEach(problem -> fail("idle", problem));
  }

  /**
   * The coordinator's memory and threads at one moment; its class histogram after the collection
   * goes to {@code histogram}, to see what a feed holds.
   */
  private record Memory(long rssKb, long heapKb, long threads) {
    static Memory of(long pid, Path histogram) throws IOException, InterruptedException {
      long heap = JvmHeap.usedAfterGcKb(pid);
      JvmHeap.writeHistogram(pid, histogram);
      return new Memory(ProcessStats.rssKb(pid), heap, ProcessStats.threads(pid));
    }
  }

  private Deployment deploy(String name, Deployment.Workers workers, StreamGate gate)
      throws IOException, InterruptedException {
    return turns.deploy(
        name,
        ProcessingMode.EXACTLY_ONCE,
        workers,
        List.of(),
        TurnTimes.NONE,
        new StreamingAgent(gate));
  }

  /**
   * The idle feeds' deployment, its coordinator allowed {@link #CONNECTION_HEADROOM} connections
   * beyond the {@code feeds}, so that the active turns' submits and the case's own requests find
   * one while every feed is open (a coordinator's default {@code --http-max-connections} is {@value
   * HttpOptions#DEFAULT_MAX_CONNECTIONS}).
   */
  private Deployment deployIdle(int feeds) throws IOException, InterruptedException {
    CoordinatorProcess.Extras room =
        new CoordinatorProcess.Extras(
            List.of("--http-max-connections=" + (feeds + CONNECTION_HEADROOM)), Map.of());
    return turns.deploy(
        "st-idle",
        ProcessingMode.EXACTLY_ONCE,
        settings.workers(),
        List.<String>of(),
        TurnTimes.NONE,
        new StreamingAgent(new StreamGate(0)),
        new Deployment.Extras(room, OpenTelemetry.noop()));
  }

  private List<String> sessionIds(String name, int count) {
    return IntStream.range(0, count)
        .mapToObj(i -> TurnLoads.sessionId(settings.runId(), name, i))
        .toList();
  }

  private void fail(String part, String problem) {
    failures.add(part + ": " + problem);
  }
}
