package dev.baton.bench.internal;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Scrapes a coordinator's {@code GET /metrics} at a fixed interval, as Prometheus would, so that
 * rendering its meters costs what it costs in production; counts the scrapes and their bytes.
 */
final class MetricsScraper implements AutoCloseable {

  private final HttpClient http = HttpClient.newHttpClient();
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(
          r -> Thread.ofPlatform().daemon().name("bench-scrape").unstarted(r));
  private final HttpRequest request;
  private final AtomicLong scrapes = new AtomicLong();
  private final AtomicLong bytes = new AtomicLong();
  private final AtomicLong failures = new AtomicLong();

  private MetricsScraper(URI base) {
    this.request =
        HttpRequest.newBuilder(base.resolve("/metrics")).timeout(Duration.ofSeconds(10)).build();
  }

  /** Scrapes the coordinator at {@code base} now and every {@code interval} until closed. */
  static MetricsScraper start(URI base, Duration interval) {
    MetricsScraper scraper = new MetricsScraper(base);
    scraper.timer.scheduleAtFixedRate(
        scraper::scrape, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    return scraper;
  }

  private void scrape() {
    try {
      HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
      if (response.statusCode() == 200) {
        scrapes.incrementAndGet();
        bytes.addAndGet(response.body().length);
      } else {
        failures.incrementAndGet();
      }
    } catch (IOException e) {
      failures.incrementAndGet();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Scrapes answered 200. */
  long scrapes() {
    return scrapes.get();
  }

  /** The bytes of their bodies. */
  long bytes() {
    return bytes.get();
  }

  /** Scrapes that failed or were answered otherwise. */
  long failures() {
    return failures.get();
  }

  @Override
  public void close() throws InterruptedException {
    timer.shutdownNow();
    timer.awaitTermination(15, TimeUnit.SECONDS);
    http.shutdownNow();
  }
}
