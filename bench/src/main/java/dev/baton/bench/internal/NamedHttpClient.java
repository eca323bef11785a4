package dev.baton.bench.internal;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The JDK's HTTP/1.1 client on an executor of named threads, so that {@link #cpu()} measures what
 * the client costs apart from the rest of the benchmark's JVM: its executor's threads and its
 * selector thread (the JDK names it {@code HttpClient-<id>-SelectorManager}).
 */
final class NamedHttpClient implements AutoCloseable {

  /** The id the JDK's client shows at the end of its {@code toString()}, e.g. {@code ...(3)}. */
  private static final Pattern CLIENT_ID = Pattern.compile("\\((\\d+)\\)$");

  private final String threadPrefix;
  private final ExecutorService executor;
  private final HttpClient http;

  /** A client whose executor has {@code threads} threads named {@code threadPrefix<n>}. */
  NamedHttpClient(String threadPrefix, int threads, Duration connectTimeout) {
    this.threadPrefix = threadPrefix;
    this.executor =
        Executors.newFixedThreadPool(threads, Thread.ofPlatform().name(threadPrefix, 0).factory());
    this.http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(connectTimeout)
            .executor(executor)
            .build();
  }

  /** The client. */
  HttpClient http() {
    return http;
  }

  /** The CPU time of the client's threads: its executor's and its selector's. */
  ThreadCpu cpu() {
    return new ThreadCpu(name -> name.startsWith(threadPrefix) || selector(http).test(name));
  }

  /**
   * Which thread names are {@code client}'s selector: its own if its id can be read, else any
   * client's.
   */
  static Predicate<String> selector(Object client) {
    Matcher id = CLIENT_ID.matcher(String.valueOf(client));
    if (id.find()) {
      String name = "HttpClient-" + id.group(1) + "-SelectorManager";
      return name::equals;
    }
    return name -> name.startsWith("HttpClient-") && name.endsWith("SelectorManager");
  }

  /** Closes every connection and stops the client's threads. */
  @Override
  public void close() {
    http.shutdownNow();
    executor.shutdownNow();
  }
}
