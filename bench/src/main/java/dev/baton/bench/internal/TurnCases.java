package dev.baton.bench.internal;

import dev.baton.cli.example.EchoAgent;
import dev.baton.coordinator.topology.ProcessingMode;
import dev.baton.worker.AgentHandler;
import dev.baton.worker.WorkerOptions;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The cases that drive turns through a coordinator process: closed loop (through Kafka and through
 * HTTP), open loop, scale, profile; and what {@link RecordsCase} and {@link BreakdownCase} share.
 */
public final class TurnCases {

  private static final int START_ATTEMPTS = 3;

  /** How long a load waits for its last turns to end. */
  static final Duration DRAIN = Duration.ofSeconds(30);

  private static final Duration WARM_UP_BUDGET = Duration.ofSeconds(30);

  /** The most sessions a warm-up round runs at once. */
  private static final int WARM_UP_SESSIONS = 50;

  private static final int SCALE_BUDGET_FACTOR = 3;

  /** How many of the many-sessions load's sessions are sent one more turn afterwards. */
  static final int SESSIONS_AGAIN = 1000;

  /** The executor threads of the HTTP cases' client. */
  static final int HTTP_CLIENT_THREADS = 4;

  /** The runs of the warm case: the same sessions twice, then new ones. */
  private static final List<WarmRun> WARM_RUNS =
      List.of(
          new WarmRun("again", "first", "first run"),
          new WarmRun("again", "second", "second run"),
          new WarmRun("fresh", "third", "third run, new sessions"));

  private static final String[] TURN_COLUMNS = {
    "case",
    "turns",
    "turns/s",
    "p50 ms",
    "p95 ms",
    "p99 ms",
    "errors",
    "coord CPU cores",
    "coord RSS MB",
    "all CPU ms/turn"
  };

  private final Settings settings;

  /** The cases of a run with {@code settings}. */
  public TurnCases(Settings settings) {
    this.settings = settings;
  }

  /**
   * Case 1: N sessions each send M sequential turns, in both processing modes; with the CPU by
   * thread of the throughput shape under exactly-once.
   */
  public List<Table> closedLoop() throws IOException, InterruptedException {
    Table table = new Table("closed", "Closed loop: N sessions x M sequential turns", TURN_COLUMNS);
    List<Table> threadTables = new ArrayList<>();
    for (ProcessingMode mode : List.of(ProcessingMode.EXACTLY_ONCE, ProcessingMode.AT_LEAST_ONCE)) {
      for (Sizes.Shape shape : settings.sizes().closedLoop()) {
        String rowName = shape + " " + label(mode);
        try (Deployment deployment =
            deploy("c-" + shape + "-" + label(mode), mode, settings.workers(), List.of())) {
          warmUpCompiled(deployment, shape);
          ThreadCpuWindow threads = ThreadCpuWindow.begin(deployment);
          ProcessStats stats = deployment.coordinator().stats();
          stats.begin();
          TurnLoads.Result result = run(deployment, rowName.replace(' ', '-'), shape);
          addRow(table, rowName, result, stats.end());
          if (mode == ProcessingMode.EXACTLY_ONCE && shape.equals(settings.sizes().profiled())) {
            threadTables.add(
                threadTable(threads, "closed-threads-" + shape, "Closed loop, " + rowName, result));
          }
        }
      }
    }
    List<Table> tables = new ArrayList<>();
    tables.add(
        table.note(
            "Latency: from writing the SubmitTurn command to seeing the turn's TurnCompleted event"
                + " (read_committed). turns/s: completed turns over the time from the first send"
                + " to the last end. Coordinator CPU: CPU seconds of the coordinator process per"
                + " second of the window; RSS: its peak resident memory in the window. All CPU per"
                + " turn: the CPU time of every process of the benchmark in the window (the"
                + " coordinator; the broker, the workers and the driver in the benchmark's JVM;"
                + " Redis and the registry) over the completed turns."));
    tables.addAll(threadTables);
    return tables;
  }

  /**
   * Case 1b: the closed loop through the HTTP API, each turn one {@code POST ...?wait=30} answered
   * when the turn ended; the HTTP client's CPU beside the coordinator's.
   */
  public List<Table> httpLoop() throws IOException, InterruptedException {
    String[] columns = Arrays.copyOf(TURN_COLUMNS, TURN_COLUMNS.length + 1);
    columns[TURN_COLUMNS.length] = "client CPU cores";
    Table table =
        new Table("http", "Closed loop through HTTP: N sessions x M sequential turns", columns);
    List<Table> threadTables = new ArrayList<>();
    for (ProcessingMode mode : List.of(ProcessingMode.EXACTLY_ONCE, ProcessingMode.AT_LEAST_ONCE)) {
      for (Sizes.Shape shape : settings.sizes().httpLoop()) {
        String rowName = shape + " " + label(mode);
        try (Deployment deployment =
                deploy("w-" + shape + "-" + label(mode), mode, settings.workers(), List.of());
            HttpDeploymentRun http = HttpDeploymentRun.open(this, deployment, settings.runId())) {
          http.warmUpCompiled(shape);
          ThreadCpu client = http.clientCpu();
          ThreadCpuWindow threads = ThreadCpuWindow.begin(deployment);
          HttpDeploymentRun.Measured measured =
              http.measure(rowName.replace(' ', '-'), shape, client::begin);
          addRow(table, rowName, measured.result(), measured.window(), client.endCores());
          if (shape.sessions() == 1) {
            threadTables.add(
                threadTable(
                    threads,
                    "http-threads-" + shape + "-" + label(mode),
                    "Through HTTP, " + rowName,
                    measured.result()));
          }
        }
      }
    }
    List<Table> tables = new ArrayList<>();
    tables.add(httpNote(table));
    tables.addAll(threadTables);
    return tables;
  }

  private static Table httpNote(Table table) {
    return table.note(
        "Each turn is POST /v1/sessions/{id}/turns?wait="
            + HttpTurnDriver.WAIT.toSeconds()
            + " on the JDK's HTTP/1.1 client (one kept-alive connection per session in flight),"
            + " the session's next turn sent when the answer came back; a turn counts when its"
            + " answer is 200 with status COMPLETED. Latency: from sending the request to its"
            + " answer. Client CPU: CPU seconds of the HTTP client's threads (its selector and its "
            + HTTP_CLIENT_THREADS
            + " executor threads, which also run the loop) per second of the window. The warm-up"
            + " runs through HTTP too.");
  }

  /** Case 2: offered rates over a fixed set of sessions, latency from the intended send time. */
  public Table openLoop() throws IOException, InterruptedException {
    Table table =
        new Table(
            "open",
            "Open loop: offered rate over " + settings.sizes().openSessions() + " sessions (EOS)",
            TURN_COLUMNS);
    try (Deployment deployment =
        deploy("o", ProcessingMode.EXACTLY_ONCE, settings.workers(), List.of())) {
      warmUp(deployment);
      for (int rate : settings.sizes().openRates()) {
        ProcessStats stats = deployment.coordinator().stats();
        stats.begin();
        TurnLoads.Result result =
            loads(deployment)
                .openLoop(
                    "r" + rate,
                    settings.sizes().openSessions(),
                    rate,
                    settings.sizes().openDuration(),
                    "hello",
                    DRAIN);
        addRow(table, rate + "/s offered", result, stats.end());
      }
    }
    return table.note(
        "Each rate is offered for "
            + settings.sizes().openDuration().toSeconds()
            + " s, round-robin over the sessions with onBusy=ENQUEUE; latency runs from each"
            + " turn's intended send time (no coordinated omission); a turn with no end seen "
            + DRAIN.toSeconds()
            + " s after the last send counts as an error. One deployment serves all rates in"
            + " turn, lowest first.");
  }

  /**
   * Case 3b: the throughput shape under exactly-once twice on one warm coordinator through HTTP,
   * the second time new turns of the same sessions, so that events and history accumulate in its
   * stores and each session's history is twice as long: the figures of the second run against the
   * first show whether the instance slows as its state grows. A third run on new sessions tells the
   * stores' growth apart from the sessions' longer histories (and so longer step contexts).
   */
  public Table warmTwice() throws IOException, InterruptedException {
    Sizes.Shape shape = settings.sizes().profiled();
    Table table = new Table("warm", "The same load twice on one warm instance (EOS)", TURN_COLUMNS);
    try (Deployment deployment =
            deploy("t-" + shape, ProcessingMode.EXACTLY_ONCE, settings.workers(), List.of());
        HttpTurnDriver http =
            new HttpTurnDriver(deployment.coordinator().httpBase(), HTTP_CLIENT_THREADS)) {
      TurnLoads loads = new TurnLoads(http, settings.runId());
      warmUpCompiled(deployment, loads, shape);
      for (WarmRun run : WARM_RUNS) {
        ProcessStats stats = deployment.coordinator().stats();
        stats.begin();
        TurnLoads.Result result = run(loads, run.sessions(), run.round(), shape);
        addRow(table, shape + " EOS, " + run.row(), result, stats.end());
      }
    }
    return table.note(
        "One coordinator, driven through the HTTP API as in the http case: the warm-up, then the"
            + " shape, then the shape again: new turns of the same sessions, then the shape a third"
            + " time on new sessions, whose histories are as short as the first run's while the"
            + " stores hold both runs before; columns as in the closed loop.");
  }

  /** One run of {@link #warmTwice}: its sessions' name, its turn ids' round, and its row. */
  private record WarmRun(String sessions, String round, String row) {}

  /**
   * Case 3: many sessions of one turn each, then the oldest of them again, then many turns held in
   * flight at once.
   */
  public List<Table> scale() throws IOException, InterruptedException {
    Sizes sizes = settings.sizes();
    String[] columns = Arrays.copyOf(TURN_COLUMNS, TURN_COLUMNS.length + 4);
    columns[TURN_COLUMNS.length] = "coord heap MB after GC";
    columns[TURN_COLUMNS.length + 1] = "most steps in flight at once";
    columns[TURN_COLUMNS.length + 2] = "last assignment committed ms";
    columns[TURN_COLUMNS.length + 3] = "last step start ms";
    Table table = new Table("scale", "Scale (EOS)", columns);
    try (Deployment deployment =
        deploy("s", ProcessingMode.EXACTLY_ONCE, settings.workers(), List.of())) {
      ProcessStats stats = deployment.coordinator().stats();
      stats.begin();
      TurnLoads.Result result =
          loads(deployment)
              .closedLoop("one", "", sizes.scaleSessions(), 1, 1000, "hello", scaleBudget(), DRAIN);
      ProcessStats.Window window = stats.end();
      addRow(
          table,
          sizes.scaleSessions() + " sessions x 1 turn",
          result,
          window,
          heapMb(deployment),
          "",
          "",
          "");
      answerAgain(table, deployment, Math.min(SESSIONS_AGAIN, sizes.scaleSessions()));
    }
    TurnTimes times = new TurnTimes();
    Table threadTable;
    try (Deployment deployment =
        deploy("h", ProcessingMode.EXACTLY_ONCE, settings.holdWorkers(), List.of(), times)) {
      warmUpCompiled(deployment, new Sizes.Shape(sizes.heldTurns(), 1));
      ProcessStats stats = deployment.coordinator().stats();
      ThreadCpuWindow threads = ThreadCpuWindow.begin(deployment);
      String input = "sleep " + sizes.hold().toMillis() + " held";
      TurnLoads.Result result;
      try (TopicWatcher<?> committed =
          BreakdownCase.assignmentsCommitted(
              settings.stack().kafkaBootstrap(), deployment, times)) {
        stats.begin();
        result =
            loads(deployment)
                .closedLoop(
                    "held", "", sizes.heldTurns(), 1, sizes.heldTurns(), input, budget(), DRAIN);
      }
      List<long[]> held = times.of(settings.runId() + "-held-");
      addRow(
          table,
          sizes.heldTurns() + " in flight, held " + sizes.hold().toMillis() + " ms",
          result,
          stats.end(),
          "",
          HeldAtOnce.most(held),
          HeldAtOnce.lastMillis(held, TurnPoint.ASSIGNMENT_COMMITTED),
          HeldAtOnce.lastMillis(held, TurnPoint.HANDLER_STARTED));
      threadTable = threadTable(threads, "held-threads", "Held turns", result);
    }
    Deployment.Workers hold = settings.holdWorkers();
    return List.of(scaleNote(table, hold), threadTable);
  }

  private static Table scaleNote(Table table, Deployment.Workers hold) {
    return table.note(
        "Sessions: at most 1000 sessions' turns in flight at once, each session one turn;"
            + " RSS is the coordinator's peak while they ran. Held: every turn is submitted at once"
            + " and the echo agent sleeps in each step; "
            + hold.count()
            + " worker(s) with maxInFlight "
            + hold.maxInFlight()
            + " and "
            + hold.pollers()
            + " share consumers each, handOffAfter "
            + (hold.handOffAfter() == null
                ? WorkerOptions.DEFAULT_HAND_OFF_AFTER.toMillis()
                : hold.handOffAfter().toMillis())
            + " ms"
            + ". p50 includes the hold. Most steps in flight at once: the most agent"
            + " handlers of the held turns that had started and not returned at one instant."
            + " Last assignment committed and last step start: how long after the first send"
            + " the last held turn's assignment became readable to a read_committed consumer (the"
            + " coordinator's decisions and commits) and its agent handler started (then the"
            + " worker's polls).");
  }

  /**
   * The row of the first {@code sessions} sessions of the many-sessions load, the oldest, each sent
   * one more turn, 100 at a time: the sessions still answer once the coordinator holds them all.
   */
  private void answerAgain(Table table, Deployment deployment, int sessions)
      throws InterruptedException {
    ProcessStats stats = deployment.coordinator().stats();
    stats.begin();
    TurnLoads.Result result =
        loads(deployment)
            .closedLoop("one", "again", sessions, 1, 100, "hello again", budget(), DRAIN);
    addRow(table, againRow(sessions), result, stats.end(), "", "", "", "");
  }

  /** The row name of the sessions that answer again, e.g. {@code the first 1000 again}. */
  static String againRow(int sessions) {
    return "the first " + sessions + " again, 1 more turn each";
  }

  /** The coordinator's heap in use after a full collection, in MB, or "n/a" if jcmd fails. */
  private static Object heapMb(Deployment deployment) throws InterruptedException {
    try {
      return JvmHeap.usedAfterGcKb(deployment.coordinator().pid()) / 1024.0;
    } catch (IOException | IllegalStateException e) {
      return "n/a";
    }
  }

  /**
   * Case 6: the profiled shape under exactly-once again, with a flight recording of the
   * coordinator; the tables list where its CPU time went while turns ran.
   */
  public List<Table> profile() throws IOException, InterruptedException {
    Sizes.Shape shape = settings.sizes().profiled();
    Path recording = settings.workDir().resolve("coordinator-" + shape + ".jfr");
    String jfr =
        "-XX:StartFlightRecording=filename=" + recording + ",settings=profile,dumponexit=true";
    String depth = "-XX:FlightRecorderOptions:stackdepth=256";
    Table run = new Table("profiled", "Profiled run: " + shape + " EOS with JFR on", TURN_COLUMNS);
    Instant from;
    Instant to;
    try (Deployment deployment =
        deploy("p", ProcessingMode.EXACTLY_ONCE, settings.workers(), List.of(depth, jfr))) {
      warmUp(deployment);
      ProcessStats stats = deployment.coordinator().stats();
      stats.begin();
      from = Instant.now();
      TurnLoads.Result result = run(deployment, "prof", shape);
      to = Instant.now();
      addRow(run, shape + " EOS + JFR", result, stats.end());
    }
    List<Table> tables = new ArrayList<>();
    tables.add(run);
    tables.addAll(JfrProfile.read(recording, from, to).tables("Coordinator, " + shape + " EOS"));
    return tables;
  }

  private Deployment deploy(
      String name, ProcessingMode mode, Deployment.Workers workers, List<String> jvmOptions)
      throws IOException, InterruptedException {
    return deploy(name, mode, workers, jvmOptions, TurnTimes.NONE);
  }

  /** A deployment named {@code name} (unique in the run), started again if it failed to start. */
  Deployment deploy(
      String name,
      ProcessingMode mode,
      Deployment.Workers workers,
      List<String> jvmOptions,
      TurnTimes times)
      throws IOException, InterruptedException {
    return deploy(name, mode, workers, jvmOptions, times, new EchoAgent());
  }

  /** As above, its workers running {@code agent}. */
  Deployment deploy(
      String name,
      ProcessingMode mode,
      Deployment.Workers workers,
      List<String> jvmOptions,
      TurnTimes times,
      AgentHandler agent)
      throws IOException, InterruptedException {
    return deploy(name, mode, workers, jvmOptions, times, agent, Deployment.Extras.NONE);
  }

  /** An echo deployment with the run's workers and {@code extras}. */
  Deployment deploy(String name, ProcessingMode mode, Deployment.Extras extras)
      throws IOException, InterruptedException {
    return deploy(name, mode, settings.workers(), extras);
  }

  /** An echo deployment with {@code workers} and {@code extras}. */
  Deployment deploy(
      String name, ProcessingMode mode, Deployment.Workers workers, Deployment.Extras extras)
      throws IOException, InterruptedException {
    return deploy(name, mode, workers, List.of(), TurnTimes.NONE, new EchoAgent(), extras);
  }

  /** As above, with {@code extras} for the coordinator and the workers. */
  Deployment deploy(
      String name,
      ProcessingMode mode,
      Deployment.Workers workers,
      List<String> jvmOptions,
      TurnTimes times,
      AgentHandler agent,
      Deployment.Extras extras)
      throws IOException, InterruptedException {
    List<String> options = new ArrayList<>(settings.coordinatorJvmOptions());
    options.addAll(jvmOptions);
    String unique = "bench-" + settings.runId() + "-" + name.toLowerCase();
    for (int attempt = 1; ; attempt++) {
      try {
        return Deployment.start(
            settings.stack(),
            unique,
            settings.partitions(),
            mode,
            workers,
            settings.workDir(),
            options,
            times,
            agent,
            extras);
      } catch (IllegalStateException e) {
        // A loaded machine can make the coordinator's topic creation time out; it is idempotent.
        if (attempt == START_ATTEMPTS) {
          throw e;
        }
        System.out.println("The coordinator of " + unique + " did not start; again: " + e);
      }
    }
  }

  /** Every session of {@code shape} at once, each sending its turns in sequence. */
  TurnLoads.Result run(Deployment deployment, String name, Sizes.Shape shape)
      throws InterruptedException {
    return run(loads(deployment), name, "", shape);
  }

  /** As above, the turn ids tagged with {@code round} ({@link TurnLoads#closedLoop}). */
  TurnLoads.Result run(TurnLoads loads, String name, String round, Sizes.Shape shape)
      throws InterruptedException {
    return loads.closedLoop(
        name, round, shape.sessions(), shape.turns(), shape.sessions(), "hello", budget(), DRAIN);
  }

  private Duration budget() {
    return settings.sizes().budget();
  }

  /**
   * The budget of the many-sessions case: {@value #SCALE_BUDGET_FACTOR} times the closed loops' for
   * each started 100,000 sessions, since each 100,000 are five times as many turns as each closed
   * loop sends.
   */
  private Duration scaleBudget() {
    long hundredThousands = Math.max(1, (settings.sizes().scaleSessions() + 99_999) / 100_000);
    return budget().multipliedBy(SCALE_BUDGET_FACTOR * hundredThousands);
  }

  /**
   * The CPU by thread of {@code threads}' window, per turn of {@code result}: a table of this run
   * only, so its id and title name the run.
   */
  private Table threadTable(
      ThreadCpuWindow threads, String id, String title, TurnLoads.Result result)
      throws IOException, InterruptedException {
    return threads.table(
        id + "-" + settings.runId(),
        title + ": CPU by thread, run " + settings.runId(),
        result.completed(),
        "turn");
  }

  private TurnLoads loads(Deployment deployment) {
    return new TurnLoads(deployment.driver(), settings.runId());
  }

  /** The warm-up turns, through the deployment's Kafka driver; they are not measured. */
  void warmUp(Deployment deployment) throws InterruptedException {
    warmUp(loads(deployment));
  }

  /**
   * The warm-up through the deployment's Kafka driver, then rounds of about 200 more turns in the
   * concurrency of {@code shape} (at most 50 sessions) until the compilers are quiet ({@link
   * CompilerSettling}): a sequential load runs code a concurrent one compiled little of. None is
   * measured.
   */
  void warmUpCompiled(Deployment deployment, Sizes.Shape shape)
      throws IOException, InterruptedException {
    warmUpCompiled(deployment, loads(deployment), shape);
  }

  /** As above, through {@code loads}. */
  void warmUpCompiled(Deployment deployment, TurnLoads loads, Sizes.Shape shape)
      throws IOException, InterruptedException {
    warmUp(loads);
    int sessions = Math.min(WARM_UP_SESSIONS, shape.sessions());
    int turns = Math.max(1, 200 / sessions);
    CompilerSettling.Outcome outcome =
        CompilerSettling.settle(
            deployment.coordinator().pid(),
            round ->
                loads.closedLoop(
                    "settle" + round,
                    "",
                    sessions,
                    turns,
                    sessions,
                    "warm up",
                    WARM_UP_BUDGET,
                    DRAIN));
    System.out.println(deployment.layout().applicationId() + ": " + outcome.describe());
  }

  /** The warm-up turns through {@code loads}; they are not measured. */
  TurnLoads.Result warmUp(TurnLoads loads) throws InterruptedException {
    int sessions = WARM_UP_SESSIONS;
    int turns = Math.max(1, settings.sizes().warmUpTurns() / sessions);
    return loads.closedLoop(
        "warm", "", sessions, turns, sessions, "warm up", WARM_UP_BUDGET, DRAIN);
  }

  private static void addRow(
      Table table,
      String name,
      TurnLoads.Result result,
      ProcessStats.Window window,
      Object... moreCells) {
    List<Object> cells =
        new ArrayList<>(
            List.of(
                name,
                result.completed(),
                result.turnsPerSecond(),
                result.latencies().percentileMillis(50),
                result.latencies().percentileMillis(95),
                result.latencies().percentileMillis(99),
                result.errorCount(),
                window.cpuCores(),
                window.peakRssMb(),
                window.allCpuMillis() / Math.max(1, result.completed())));
    cells.addAll(Arrays.asList(moreCells));
    table.row(cells.toArray());
    if (result.errorCount() > 0) {
      table.note(name + ": errors " + result.errors() + ".");
    }
    if (result.cutByBudget()) {
      table.note(name + ": stopped sending at the time budget; the turns column is what ran.");
    }
  }

  /** EOS or ALOS. */
  static String label(ProcessingMode mode) {
    return mode == ProcessingMode.EXACTLY_ONCE ? "EOS" : "ALOS";
  }
}
