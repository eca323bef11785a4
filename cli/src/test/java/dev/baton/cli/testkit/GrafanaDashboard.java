package dev.baton.cli.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Grafana dashboard kept in the repository ({@code deploy/grafana/dashboards/baton.json}): the
 * metric names its panels query, so that a test can check each is served.
 */
public final class GrafanaDashboard {

  /** The dashboard's path from the repository's root. */
  public static final Path PATH = Path.of("deploy", "grafana", "dashboards", "baton.json");

  private static final Pattern METRIC =
      Pattern.compile("\\b((?:baton|jvm|process|system|kafka)_[a-zA-Z0-9_]+)\\b");

  private GrafanaDashboard() {}

  /** Every metric name in the queries ({@code expr}) of the dashboard's panels. */
  public static Set<String> queriedMetrics() throws IOException {
    JsonNode dashboard = new ObjectMapper().readTree(Files.readString(find()));
    Set<String> names = new TreeSet<>();
    for (JsonNode expr : dashboard.findValues("expr")) {
      Matcher metric = METRIC.matcher(expr.asText());
      while (metric.find()) {
        names.add(metric.group(1));
      }
    }
    return names;
  }

  /** The dashboard, from the working directory or one of its parents (a module's directory). */
  private static Path find() throws IOException {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (Files.isRegularFile(dir.resolve(PATH))) {
        return dir.resolve(PATH);
      }
    }
    throw new IOException(PATH + " not found from " + Path.of("").toAbsolutePath());
  }
}
