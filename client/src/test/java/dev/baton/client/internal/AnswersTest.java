package dev.baton.client.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import org.junit.jupiter.api.Test;

/** The two forms of {@code Retry-After}, and values that are neither. */
class AnswersTest {

  @Test
  void shouldReadRetryAfterInSeconds() {
    assertThat(Answers.retryAfter(" 3 ")).contains(Duration.ofSeconds(3));
    assertThat(Answers.retryAfter("0")).contains(Duration.ZERO);
  }

  @Test
  void shouldReadRetryAfterAsAnHttpDate() {
    String inAMinute =
        DateTimeFormatter.RFC_1123_DATE_TIME.format(
            ZonedDateTime.now(ZoneOffset.UTC).plusSeconds(60));
    assertThat(Answers.retryAfter(inAMinute))
        .hasValueSatisfying(
            wait -> assertThat(wait).isBetween(Duration.ofSeconds(55), Duration.ofSeconds(60)));
    assertThat(Answers.retryAfter("Wed, 21 Oct 2015 07:28:00 GMT")).contains(Duration.ZERO);
  }

  @Test
  void shouldIgnoreARetryAfterThatIsNeither() {
    assertThat(Answers.retryAfter("soon")).isEmpty();
    assertThat(Answers.retryAfter("-5")).isEmpty();
  }
}
