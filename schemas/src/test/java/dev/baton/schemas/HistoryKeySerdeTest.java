package dev.baton.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.schemas.avro.RecordRejectionReason;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class HistoryKeySerdeTest {

  private static final String TOPIC = "baton-coordinator-history-changelog";
  private static final Comparator<byte[]> UNSIGNED_BYTES = Arrays::compareUnsigned;

  private final HistoryKeySerde serde = new HistoryKeySerde();

  @Test
  void shouldRoundTripKeys() {
    for (HistoryKey key :
        List.of(
            new HistoryKey("s", 0),
            new HistoryKey("session-1", 42),
            HistoryKey.last("A.b:c-d_9".replace('_', '-')))) {
      assertThat(serde.deserialize(TOPIC, serde.serialize(TOPIC, key))).isEqualTo(key);
    }
  }

  @Test
  void shouldEncodeSessionIdThenZeroThenBigEndianSeq() {
    byte[] bytes = serde.serialize(TOPIC, new HistoryKey("ab", 258));

    assertThat(bytes).containsExactly('a', 'b', 0, 0, 0, 0, 0, 0, 0, 1, 2);
  }

  @Test
  void shouldOrderBytesBySessionIdThenSeq() {
    Random random = new Random(7);
    List<HistoryKey> keys = new ArrayList<>();
    for (String session : List.of("a", "a.b", "a-", "a0", "ab", "b", "A", "a:z", "aa")) {
      for (long seq : List.of(0L, 1L, 127L, 128L, 255L, 256L, 65_535L, Long.MAX_VALUE)) {
        keys.add(new HistoryKey(session, seq));
      }
      keys.add(new HistoryKey(session, random.nextLong(0, Long.MAX_VALUE)));
    }

    List<HistoryKey> byBytes =
        keys.stream()
            .sorted(Comparator.comparing(key -> serde.serialize(TOPIC, key), UNSIGNED_BYTES))
            .toList();

    assertThat(byBytes).isEqualTo(keys.stream().sorted().toList());
  }

  @Test
  void shouldKeepSessionKeysContiguousBetweenFirstAndLast() {
    byte[] first = serde.serialize(TOPIC, HistoryKey.first("a"));
    byte[] last = serde.serialize(TOPIC, HistoryKey.last("a"));

    for (HistoryKey other :
        List.of(HistoryKey.first("a.b"), HistoryKey.first("a0"), HistoryKey.last("A"))) {
      byte[] bytes = serde.serialize(TOPIC, other);
      boolean inside =
          UNSIGNED_BYTES.compare(first, bytes) <= 0 && UNSIGNED_BYTES.compare(bytes, last) <= 0;
      assertThat(inside).as("%s inside the range of session a", other).isFalse();
    }
  }

  @Test
  void shouldMapNullToNullForTombstones() {
    assertThat(serde.serialize(TOPIC, null)).isNull();
    assertThat(serde.deserialize(TOPIC, null)).isNull();
  }

  @Test
  void shouldRejectKeyWithoutSeparator() {
    byte[] bytes = serde.serialize(TOPIC, new HistoryKey("abc", 1));
    bytes[3] = 'x';

    assertThatThrownBy(() -> serde.deserialize(TOPIC, bytes))
        .isInstanceOfSatisfying(
            MalformedRecordException.class,
            e -> assertThat(e.reason()).isEqualTo(RecordRejectionReason.INVALID_KEY))
        .hasMessageContaining(TOPIC)
        .hasMessageContaining("0x00 separator");
  }

  @Test
  void shouldRejectShortKey() {
    assertThatThrownBy(() -> serde.deserialize(TOPIC, new byte[] {0, 1, 2}))
        .isInstanceOf(MalformedRecordException.class)
        .hasMessageContaining("got 3 bytes");
  }

  @Test
  void shouldRejectInvalidSessionIdOrNegativeSeq() {
    assertThatThrownBy(() -> new HistoryKey("has space", 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'has space'");
    assertThatThrownBy(() -> new HistoryKey("s", -1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("-1");
    assertThatThrownBy(() -> new HistoryKey("x".repeat(129), 1))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
