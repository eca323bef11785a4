package dev.baton.coordinator.telemetry;

import dev.baton.coordinator.limits.LimitListener;
import dev.baton.coordinator.topology.DecisionListener;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.KafkaStreams;

/**
 * The meters of one coordinator process, in a Prometheus registry served at {@code GET /metrics}:
 * the session model's decisions ({@link #decisions()}), task handoffs ({@link #handoffs()}), HTTP
 * requests ({@link #requestServed}), tenant limits ({@link #tenantLimits()}), and the JVM's, Kafka
 * Streams' and Kafka clients' own metrics through Micrometer's binders. The names and what to alert
 * on are in {@code docs/operations.md}.
 *
 * <pre>{@code
 * CoordinatorMeters meters = CoordinatorMeters.create();
 * Topology topology = CoordinatorTopology.build(layout, registry, options, meters.decisions());
 * KafkaStreams streams = new KafkaStreams(topology, props);
 * meters.bindStreams(streams);
 * streams.setStateListener(meters.handoffs());
 * String text = meters.scrape();
 * }</pre>
 */
public final class CoordinatorMeters implements AutoCloseable {

  /** The content type of {@link #scrape()}: Prometheus' text format. */
  public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  /**
   * The prefix of Kafka Streams' per-store meters (RocksDB properties and the like, a few dozen per
   * store and task), which are left out: at 12 partitions they were 5,100 of 7,100 series and most
   * of a 1.3 MB scrape. They stay available over JMX.
   */
  static final String STORE_METERS = "kafka.stream.state";

  private final PrometheusMeterRegistry registry;
  private final DecisionMeters decisions;
  private final StreamsHandoffs handoffs;
  private final StoreRestores restores;
  private final SessionGauges sessions;
  private final TenantLimitMeters tenantLimits;
  private final List<AutoCloseable> binders = new ArrayList<>();

  private CoordinatorMeters(PrometheusMeterRegistry registry) {
    this.registry = registry;
    this.decisions = new DecisionMeters(registry);
    this.handoffs = new StreamsHandoffs(registry);
    this.restores = new StoreRestores(registry);
    this.sessions = new SessionGauges(registry);
    this.tenantLimits = new TenantLimitMeters(registry);
  }

  /** A registry with the JVM's meters bound. */
  public static CoordinatorMeters create() {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    registry.config().meterFilter(MeterFilter.denyNameStartsWith(STORE_METERS));
    CoordinatorMeters meters = new CoordinatorMeters(registry);
    new ClassLoaderMetrics().bindTo(registry);
    new JvmMemoryMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
    JvmGcMetrics gc = new JvmGcMetrics();
    gc.bindTo(registry);
    meters.binders.add(gc);
    return meters;
  }

  /** The registry, for meters of other parts of the process. */
  public MeterRegistry registry() {
    return registry;
  }

  /** Hears the session model's decisions; give it to the topology. */
  public DecisionListener decisions() {
    return decisions;
  }

  /** Hears the tenant limits' refusals and fallbacks; give it to the tenant limiter. */
  public LimitListener tenantLimits() {
    return tenantLimits;
  }

  /**
   * Counts Kafka Streams' state changes into rebalances and times how long the instance could not
   * serve its sessions; set it as (or call it from) the streams' state listener.
   */
  public KafkaStreams.StateListener handoffs() {
    return handoffs;
  }

  /**
   * Binds Kafka Streams' metrics (its threads, tasks, stores and clients, and Baton's own) and
   * follows its state restores; call it before the streams start.
   */
  public void bindStreams(KafkaStreams streams) {
    streams.setGlobalStateRestoreListener(restores);
    sessions.watch(streams);
    KafkaStreamsMetrics metrics = new KafkaStreamsMetrics(streams);
    metrics.bindTo(registry);
    binders.add(metrics);
  }

  /**
   * Times an HTTP request: {@code route} is the matched path template (such as {@code
   * /v1/sessions/{id}/turns}), never the path itself.
   */
  public void requestServed(String method, String route, int status, Duration took) {
    Timer.builder("baton.http.requests")
        .description("HTTP requests served, by method, route template and status")
        .tags("method", method, "route", route, "status", Integer.toString(status))
        .register(registry)
        .record(took);
  }

  /** Every meter in Prometheus' text format. */
  public String scrape() {
    return registry.scrape();
  }

  @Override
  public void close() {
    sessions.close();
    for (AutoCloseable binder : binders) {
      try {
        binder.close();
      } catch (Exception e) {
        // closing the process's meters; nothing depends on it
      }
    }
    registry.close();
  }
}
