package dev.baton.cli.testkit;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A scrape of a {@code /metrics} endpoint in Prometheus' text format, as samples: {@code
 * name{label="value",...} number}. Only what the tests need: sums of a metric's samples whose
 * labels include given ones.
 *
 * <pre>{@code
 * PrometheusText metrics = PrometheusText.scrape(URI.create("http://127.0.0.1:8080/metrics"));
 * double completed = metrics.sum("baton_turns_ended_total", Map.of("status", "completed"));
 * }</pre>
 */
public final class PrometheusText {

  private static final Pattern SAMPLE =
      Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(.*)})?\\s+(\\S+)$");
  private static final Pattern LABEL =
      Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

  /** One sample: its metric name, its labels and its value. */
  public record Sample(String name, Map<String, String> labels, double value) {}

  private final String text;
  private final List<Sample> samples;

  private PrometheusText(String text, List<Sample> samples) {
    this.text = text;
    this.samples = samples;
  }

  /** Parses {@code text}; comment lines are skipped. */
  public static PrometheusText parse(String text) {
    List<Sample> samples = new ArrayList<>();
    for (String line : text.split("\n")) {
      Matcher sample = SAMPLE.matcher(line.strip());
      if (line.startsWith("#") || !sample.matches()) {
        continue;
      }
      Map<String, String> labels = new LinkedHashMap<>();
      if (sample.group(2) != null) {
        Matcher label = LABEL.matcher(sample.group(2));
        while (label.find()) {
          labels.put(label.group(1), label.group(2));
        }
      }
      samples.add(new Sample(sample.group(1), labels, Double.parseDouble(sample.group(3))));
    }
    return new PrometheusText(text, List.copyOf(samples));
  }

  /** GETs {@code url} and parses the answer; fails unless it is a 200. */
  public static PrometheusText scrape(URI url) throws IOException, InterruptedException {
    try (HttpClient client = HttpClient.newHttpClient()) {
      HttpResponse<String> response =
          client.send(
              HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(10)).build(),
              HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        throw new IOException(url + " answered " + response.statusCode() + ": " + response.body());
      }
      return parse(response.body());
    }
  }

  /** The sum of the samples of {@code name} whose labels include all of {@code labels}. */
  public double sum(String name, Map<String, String> labels) {
    return samples.stream()
        .filter(s -> s.name().equals(name))
        .filter(s -> s.labels().entrySet().containsAll(labels.entrySet()))
        .mapToDouble(Sample::value)
        .sum();
  }

  /** The sum of every sample of {@code name}. */
  public double sum(String name) {
    return sum(name, Map.of());
  }

  /** The samples of {@code name}, one per combination of its labels. */
  public List<Sample> samples(String name) {
    return samples.stream().filter(s -> s.name().equals(name)).toList();
  }

  /** Whether a sample of {@code name} is served. */
  public boolean hasMetric(String name) {
    return samples.stream().anyMatch(s -> s.name().equals(name));
  }

  /** Whether any sample's name starts with {@code prefix}. */
  public boolean hasMetricStartingWith(String prefix) {
    return samples.stream().anyMatch(s -> s.name().startsWith(prefix));
  }

  /** The text as scraped, for failure messages. */
  @Override
  public String toString() {
    return text;
  }
}
