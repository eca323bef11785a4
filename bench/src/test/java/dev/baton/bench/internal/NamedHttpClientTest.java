package dev.baton.bench.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class NamedHttpClientTest {

  @Test
  void shouldMeasureOnlyItsOwnSelectorWhenItsIdCanBeRead() {
    assertThat(NamedHttpClient.selector("jdk.internal.net.http.HttpClientImpl@2925bf5b(12)"))
        .accepts("HttpClient-12-SelectorManager")
        .rejects("HttpClient-1-SelectorManager", "HttpClient-12-Worker-0");
    assertThat(NamedHttpClient.selector("some client"))
        .accepts("HttpClient-1-SelectorManager", "HttpClient-12-SelectorManager")
        .rejects("bench-sse-0");
  }

  @Test
  void shouldReadTheIdOfTheJdksClient() {
    try (NamedHttpClient client = new NamedHttpClient("test-", 1, Duration.ofSeconds(1));
        NamedHttpClient other = new NamedHttpClient("test-", 1, Duration.ofSeconds(1))) {
      assertThat(NamedHttpClient.selector(client.http()))
          .rejects("HttpClient-0-SelectorManager", selectorName(other.http().toString()));
    }
  }

  private static String selectorName(String client) {
    String id = client.substring(client.lastIndexOf('(') + 1, client.length() - 1);
    return "HttpClient-" + id + "-SelectorManager";
  }
}
