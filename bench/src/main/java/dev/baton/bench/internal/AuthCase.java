package dev.baton.bench.internal;

import dev.baton.bench.internal.HttpDeploymentRun.Measured;
import dev.baton.coordinator.auth.Scope;
import dev.baton.coordinator.auth.TokenAdmin;
import dev.baton.coordinator.topology.ProcessingMode;
import dev.baton.schemas.SchemaRegistryClient;
import dev.baton.schemas.Topics;
import io.opentelemetry.api.OpenTelemetry;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What API tokens and tenant limits cost: the closed loop through HTTP (as the {@code http} case,
 * EOS) on two deployments in the same run, one with {@code --auth=off} and no limit, one with
 * {@code --auth=tokens}, every request carrying a token, and a submit rate per tenant high enough
 * never to refuse (so that every submit takes a token from the tenant's bucket in Redis). The order
 * of the two alternates between runs.
 */
public final class AuthCase {

  /** A rate no load here reaches: every submit is admitted, after a round trip to Redis. */
  static final String UNREACHED_RATE = "1000000/s";

  private static final String[] COLUMNS =
      LoadCells.columns(
          "coord CPU cores", "all CPU ms/turn", "turns/s on/off", "p50 on/off", "p99 on/off");

  /** Whether a deployment asks for tokens and limits submits. */
  enum Variant {
    OFF("off", List.of("--auth=off")),
    ON(
        "on",
        List.of(
            "--auth=tokens",
            "--tenant-submit-rate=" + UNREACHED_RATE,
            "--tenant-submit-burst=1000000"));

    private final String label;
    private final List<String> arguments;

    Variant(String label, List<String> arguments) {
      this.label = label;
      this.arguments = arguments;
    }
  }

  private final Settings settings;
  private final TurnCases turns;

  /** The case of a run with {@code settings}, deploying through {@code turns}. */
  public AuthCase(Settings settings, TurnCases turns) {
    this.settings = settings;
    this.turns = turns;
  }

  /** Each shape off and on, in an order that alternates between runs. */
  public List<Table> run() throws IOException, InterruptedException {
    Table table =
        new Table(
            "auth", "What tokens and tenant limits cost: closed loop through HTTP (EOS)", COLUMNS);
    for (Sizes.Shape shape : settings.sizes().observed()) {
      Map<Variant, Measured> loads = new EnumMap<>(Variant.class);
      for (Variant variant : RunOrder.of(Variant.class, settings.run())) {
        loads.put(variant, measure(shape, variant));
      }
      Measured off = loads.get(Variant.OFF);
      Measured on = loads.get(Variant.ON);
      addRow(table, shape + " off", off, LoadCells.NO_RATIOS);
      addRow(table, shape + " on", on, LoadCells.ratios(on.result(), off.result()));
    }
    table.note(
        "Each shape on two fresh coordinators in the same run, off then on in odd runs and the"
            + " reverse in even runs, each driven through the HTTP API as in the http case (the"
            + " warm-up, then the shape). Off: --auth=off, no tenant limit. On: --auth=tokens, a"
            + " token of the default tenant (turns:write) created before the load and sent with"
            + " every request, and --tenant-submit-rate="
            + UNREACHED_RATE
            + " so that every submit takes a token from the tenant's bucket in Redis (Bucket4j)"
            + " and none is refused. The ratios divide the on row by the off row of the same run"
            + " (median of the runs' ratios).");
    return List.of(table);
  }

  private Measured measure(Sizes.Shape shape, Variant variant)
      throws IOException, InterruptedException {
    String name = "auth-" + shape + "-" + variant.label;
    Deployment.Extras extras =
        new Deployment.Extras(
            new CoordinatorProcess.Extras(variant.arguments, Map.of()), OpenTelemetry.noop());
    try (Deployment deployment = turns.deploy(name, ProcessingMode.EXACTLY_ONCE, extras)) {
      String token = variant == Variant.ON ? token(deployment) : null;
      try (HttpDeploymentRun http =
          HttpDeploymentRun.open(turns, deployment, settings.runId(), token)) {
        http.warmUp();
        return http.measure(name, shape);
      }
    }
  }

  /** A token for the deployment, once its coordinator knows it (a session not used is a 404). */
  private String token(Deployment deployment) throws IOException, InterruptedException {
    URI base = deployment.coordinator().httpBase();
    String token;
    try (SchemaRegistryClient registry =
            SchemaRegistryClient.create(settings.stack().registryUrl());
        TokenAdmin admin =
            TokenAdmin.connect(
                settings.stack().kafkaBootstrap(),
                Topics.create(deployment.layout(), registry).tokens())) {
      token =
          admin.create("default", Set.of(Scope.TURNS_WRITE, Scope.SESSIONS_READ), "bench").token();
    }
    try (HttpClient client = HttpClient.newHttpClient()) {
      HttpRequest probe =
          HttpRequest.newBuilder(base.resolve("/v1/sessions/auth-probe"))
              .header("Authorization", "Bearer " + token)
              .build();
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (client.send(probe, HttpResponse.BodyHandlers.discarding()).statusCode() != 404) {
        if (System.nanoTime() > deadline) {
          throw new IOException("the coordinator did not know the new token within 30 s");
        }
        Thread.sleep(50);
      }
    }
    return token;
  }

  private static void addRow(Table table, String name, Measured load, List<Object> ratios) {
    List<Object> cells = LoadCells.figures(name, load.result());
    cells.addAll(List.of(load.window().cpuCores(), load.allCpuMillisPerTurn()));
    cells.addAll(ratios);
    table.row(cells.toArray());
    LoadCells.noteErrors(table, name, load.result());
  }
}
