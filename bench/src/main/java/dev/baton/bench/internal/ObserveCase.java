package dev.baton.bench.internal;

import dev.baton.coordinator.topology.ProcessingMode;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import java.io.IOException;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * What metrics and tracing cost: the closed loop through HTTP (as the {@code http} case, EOS) on
 * four deployments in the same run: the coordinator's meters off and nothing traced; meters on and
 * scraped; every request, step and tool call traced and exported over OTLP to a sink in the
 * benchmark's JVM; and both. The ratios to the first row are taken within the run.
 */
public final class ObserveCase {

  /** How often the observed coordinator's {@code /metrics} is scraped. */
  static final Duration SCRAPE_INTERVAL = Duration.ofSeconds(5);

  private static final String[] COLUMNS =
      LoadCells.columns(
          "coord CPU cores", "coord RSS MB", "all CPU ms/turn", "turns/s on/off", "p99 on/off");

  private static final String[] EXPORT_COLUMNS = {
    "case",
    "turns traced",
    "coordinator spans",
    "worker spans",
    "spans/turn",
    "OTLP requests",
    "OTLP KB",
    "unreadable",
    "scrapes",
    "KB/scrape"
  };

  /**
   * The off deployment's coordinator environment: no tracing switch, whatever the benchmark's own
   * environment holds (a blank endpoint and the exporter {@code none} leave tracing off).
   */
  private static final Map<String, String> NO_TRACING =
      Map.of(
          "OTEL_EXPORTER_OTLP_ENDPOINT", "",
          "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "",
          "OTEL_TRACES_EXPORTER", "none");

  private final Settings settings;
  private final TurnCases turns;

  /** The case of a run with {@code settings}, deploying through {@code turns}. */
  public ObserveCase(Settings settings, TurnCases turns) {
    this.settings = settings;
    this.turns = turns;
  }

  /**
   * One load measured on one deployment.
   *
   * @param scrapes its {@code /metrics} scrapes answered 200 (0 if not scraped)
   * @param scrapeBytes their bytes
   */
  private record Load(
      TurnLoads.Result warmUp,
      HttpDeploymentRun.Measured measured,
      long scrapes,
      long scrapeBytes) {

    TurnLoads.Result result() {
      return measured.result();
    }
  }

  /** A load observed, and what its coordinator and workers exported. */
  private record ObservedLoad(
      Load load, OtlpSink.Received coordinator, OtlpSink.Received workers) {}

  /** What a deployment of the case keeps and exports. */
  enum Variant {
    OFF("off", false, false),
    METRICS("metrics", true, false),
    TRACES("traces", false, true),
    ON("on", true, true);

    private final String label;
    private final boolean metrics;
    private final boolean traced;

    Variant(String label, boolean metrics, boolean traced) {
      this.label = label;
      this.metrics = metrics;
      this.traced = traced;
    }
  }

  /**
   * Each shape on four deployments: off, metrics only, traces only, both; in that order in odd runs
   * and the reverse in even ones, so that neither the first nor the last place favours one. A turns
   * table and a table of what the traced deployments exported.
   */
  public List<Table> run() throws IOException, InterruptedException {
    Table table =
        new Table(
            "observe",
            "What metrics and tracing cost: closed loop through HTTP (EOS), off, each alone, both",
            COLUMNS);
    Table export =
        new Table("observe-export", "What the observed deployments exported", EXPORT_COLUMNS);
    for (Sizes.Shape shape : settings.sizes().observed()) {
      Map<Variant, ObservedLoad> loads = new EnumMap<>(Variant.class);
      for (Variant variant : RunOrder.of(Variant.class, settings.run())) {
        loads.put(variant, measure(shape, variant));
      }
      Load off = loads.get(Variant.OFF).load();
      for (Variant variant : Variant.values()) {
        Load load = loads.get(variant).load();
        String name = shape + " " + variant.label;
        if (variant == Variant.OFF) {
          addRow(table, name, load, "-", "-");
        } else {
          addRow(
              table,
              name,
              load,
              load.result().turnsPerSecond() / off.result().turnsPerSecond(),
              p99(load) / p99(off));
        }
        if (variant.traced || variant.metrics) {
          addExportRow(export, name, loads.get(variant));
        }
      }
    }
    table.note(
        "Each shape on four fresh coordinators in the same run: off, metrics only, traces only and"
            + " both (on), in that order in odd runs and the reverse in even runs; each driven"
            + " through the HTTP API as in the http case (the warm-up, then the shape). Off: the"
            + " coordinator started with --metrics=false and no OpenTelemetry setting, its workers"
            + " with no OpenTelemetry. Metrics: the coordinator with its meters (the default) and"
            + " GET /metrics scraped every "
            + SCRAPE_INTERVAL.toSeconds()
            + " s from the start of the deployment to its end. Traces: the coordinator started with"
            + " OTEL_EXPORTER_OTLP_ENDPOINT set, so that every API request is a server span; its"
            + " workers built with an OpenTelemetry SDK (a batch span processor and an OTLP/HTTP"
            + " span exporter, OpenTelemetry's defaults), so that every step and tool call is a"
            + " span; both export over OTLP/HTTP (protobuf) to a sink in the benchmark's JVM that"
            + " reads and counts each request and answers 200. The ratios divide a row by the off"
            + " row of the same run (median of the runs' ratios). Columns otherwise as in the"
            + " closed loop.");
    export.note(
        "Per metered or traced deployment, over its whole life (the warm-up and the shape),"
            + " counted by the sink after the workers' SDK and the coordinator closed (both flush"
            + " their spans): spans parsed from each export request's protobuf; unreadable:"
            + " requests whose body could not be parsed. Turns traced: completed turns of the"
            + " warm-up and the shape. Scrapes: GET /metrics answered 200.");
    return List.of(table, export);
  }

  private ObservedLoad measure(Sizes.Shape shape, Variant variant)
      throws IOException, InterruptedException {
    String name = "obs-" + shape + "-" + variant.label;
    if (!variant.traced) {
      Load load = measure(name, shape, extras(variant, null, OpenTelemetry.noop()), variant);
      return new ObservedLoad(load, OtlpSink.Received.NONE, OtlpSink.Received.NONE);
    }
    try (OtlpSink sink = OtlpSink.start()) {
      OpenTelemetrySdk workerTelemetry = workerTelemetry(sink);
      Load load;
      try {
        load = measure(name, shape, extras(variant, sink, workerTelemetry), variant);
      } finally {
        workerTelemetry.close(); // flushes the workers' last spans
      }
      // The coordinator flushed its spans when it stopped.
      return new ObservedLoad(load, sink.coordinator(), sink.workers());
    }
  }

  /**
   * The warm-up and {@code shape} through HTTP on a fresh deployment, its {@code /metrics} scraped
   * meanwhile if the variant keeps meters.
   */
  private Load measure(String name, Sizes.Shape shape, Deployment.Extras extras, Variant variant)
      throws IOException, InterruptedException {
    try (Deployment deployment = turns.deploy(name, ProcessingMode.EXACTLY_ONCE, extras);
        HttpDeploymentRun http = HttpDeploymentRun.open(turns, deployment, settings.runId());
        MetricsScraper scraper =
            variant.metrics
                ? MetricsScraper.start(deployment.coordinator().httpBase(), SCRAPE_INTERVAL)
                : null) {
      TurnLoads.Result warmUp = http.warmUp();
      HttpDeploymentRun.Measured measured = http.measure(name, shape);
      return scraper == null
          ? new Load(warmUp, measured, 0, 0)
          : new Load(warmUp, measured, scraper.scrapes(), scraper.bytes());
    }
  }

  /** The coordinator's settings and the workers' telemetry of {@code variant}. */
  private static Deployment.Extras extras(
      Variant variant, OtlpSink sink, OpenTelemetry workerTelemetry) {
    return new Deployment.Extras(
        new CoordinatorProcess.Extras(
            List.of("--metrics=" + variant.metrics),
            variant.traced ? Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", sink.endpoint()) : NO_TRACING),
        workerTelemetry);
  }

  /** The workers' SDK: every span batched and exported over OTLP/HTTP to {@code sink}. */
  static OpenTelemetrySdk workerTelemetry(OtlpSink sink) {
    OtlpHttpSpanExporter exporter =
        OtlpHttpSpanExporter.builder().setEndpoint(sink.workersTracesEndpoint()).build();
    Resource resource =
        Resource.getDefault()
            .merge(
                Resource.create(
                    Attributes.of(AttributeKey.stringKey("service.name"), "baton-bench-worker")));
    return OpenTelemetrySdk.builder()
        .setTracerProvider(
            SdkTracerProvider.builder()
                .setResource(resource)
                .addSpanProcessor(BatchSpanProcessor.builder(exporter).build())
                .build())
        .build();
  }

  private static double p99(Load load) {
    return load.result().latencies().percentileMillis(99);
  }

  private static void addRow(
      Table table, String name, Load load, Object turnsRatio, Object p99Ratio) {
    HttpDeploymentRun.Measured measured = load.measured();
    ProcessStats.Window window = measured.window();
    List<Object> cells = LoadCells.figures(name, measured.result());
    cells.addAll(
        List.of(
            window.cpuCores(),
            window.peakRssMb(),
            measured.allCpuMillisPerTurn(),
            turnsRatio,
            p99Ratio));
    table.row(cells.toArray());
    LoadCells.noteProblems(table, name, measured.result());
  }

  private static void addExportRow(Table export, String name, ObservedLoad on) {
    Load load = on.load();
    OtlpSink.Received coordinator = on.coordinator();
    OtlpSink.Received workers = on.workers();
    long traced = load.warmUp().completed() + load.result().completed();
    export.row(
        name,
        traced,
        coordinator.spans(),
        workers.spans(),
        (coordinator.spans() + workers.spans()) / (double) Math.max(1, traced),
        coordinator.requests() + workers.requests(),
        (coordinator.bytes() + workers.bytes()) / 1024.0,
        coordinator.unreadable() + workers.unreadable(),
        load.scrapes(),
        load.scrapes() == 0 ? Double.NaN : load.scrapeBytes() / 1024.0 / load.scrapes());
  }
}
