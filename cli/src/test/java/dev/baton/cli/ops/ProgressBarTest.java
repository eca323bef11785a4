package dev.baton.cli.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ProgressBarTest {

  private static final long SECOND = 1_000_000_000L;

  @Test
  void shouldShowTheShareTheRateAndTheRecordsLeft() {
    assertThat(ProgressBar.render(500, 1000, 2 * SECOND))
        .isEqualTo("[##########----------]  50%  250 rec/s  500 left");
    assertThat(ProgressBar.render(12_345, 100_000, SECOND))
        .isEqualTo("[##------------------]  12%  12,345 rec/s  87,655 left");
  }

  @Test
  void shouldReadAnEmptyTopicAsComplete() {
    assertThat(ProgressBar.render(0, 0, 0))
        .isEqualTo("[####################] 100%  0 rec/s  0 left");
  }

  @Test
  void shouldNotClaimAHundredPercentBeforeTheEnd() {
    assertThat(ProgressBar.render(999, 1000, SECOND)).contains(" 99%").contains("1 left");
  }

  @Test
  void shouldRedrawInPlaceAtMostOncePerInterval() {
    AtomicLong clock = new AtomicLong(0);
    StringWriter text = new StringWriter();
    ProgressBar bar = new ProgressBar(new PrintWriter(text), clock::get, Duration.ofMillis(200));

    bar.progress(0, 100);
    clock.set(SECOND / 10);
    bar.progress(10, 100);
    clock.set(SECOND);
    bar.progress(50, 100);
    bar.finished();

    assertThat(text.toString())
        .isEqualTo(
            "\r[--------------------]   0%  0 rec/s  100 left"
                + "\r[##########----------]  50%  50 rec/s  50 left"
                + "\r[##########----------]  50%  50 rec/s  50 left"
                + System.lineSeparator());
  }
}
