package dev.baton.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.schemas.avro.Command;
import dev.baton.schemas.avro.SessionEvent;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Serdes that encode a value once per thread ({@link AvroSerde#encodingOnce()}). */
class EncodingOnceTest {

  private final CountingRegistry registry = new CountingRegistry();
  private final AvroSerde<SessionEvent> plain = AvroSerde.forValue(SessionEvent.class, registry);
  private final AvroSerde<SessionEvent> once = plain.encodingOnce();

  @Test
  void shouldWriteWhatThePlainSerdeWrites() {
    for (SessionEvent event : Samples.sessionEvents()) {
      assertThat(once.serialize("baton.events", event))
          .isEqualTo(plain.serialize("baton.events", event));
      assertThat(once.wireSize(event)).isEqualTo(plain.serialize("baton.events", event).length);
    }
  }

  @Test
  void shouldReuseTheBodyOfAValueMeasuredOrWrittenBefore() {
    SessionEvent event = SessionEvent.newBuilder(Samples.sessionEvents().getFirst()).build();
    int measured = once.wireSize(event);

    // Changed behind the serde's back (the generated classes have no setters; put is generic).
    event.put("sessionId", event.getSessionId() + "-changed");

    byte[] written = once.serialize("baton.events", event);
    assertThat(written).hasSize(measured);
    assertThat(once.deserialize("baton.events", written).getSessionId()).doesNotEndWith("-changed");
    assertThat(plain.deserialize("baton.events", plain.serialize("baton.events", event)))
        .isEqualTo(event);
  }

  @Test
  void shouldFrameTheSameBodyWithEachTopicsSchemaId() {
    SessionEvent event = Samples.sessionEvents().getFirst();

    byte[] first = once.serialize("baton.events", event);
    byte[] second = once.serialize("store-changelog", event);

    assertThat(once.deserialize("baton.events", first)).isEqualTo(event);
    assertThat(once.deserialize("store-changelog", second)).isEqualTo(event);
    assertThat(Arrays.copyOfRange(second, 5, second.length))
        .isEqualTo(Arrays.copyOfRange(first, 5, first.length));
  }

  @Test
  void shouldEncodeAgainOnceManyOtherValuesWereEncoded() {
    SessionEvent event = SessionEvent.newBuilder(Samples.sessionEvents().getFirst()).build();
    once.wireSize(event);
    AvroSerde<Command> commands = AvroSerde.forValue(Command.class, registry).encodingOnce();
    List<Command> samples = Samples.commands();
    for (int i = 0; i < 100; i++) {
      commands.wireSize(Command.newBuilder(samples.get(i % samples.size())).build());
    }

    event.put("sessionId", event.getSessionId() + "-changed");

    assertThat(once.deserialize("baton.events", once.serialize("baton.events", event)))
        .isEqualTo(event);
  }

  @Test
  void shouldNotKeepBodiesForAPlainSerde() {
    SessionEvent event = SessionEvent.newBuilder(Samples.sessionEvents().getFirst()).build();
    plain.serialize("baton.events", event);

    event.put("sessionId", event.getSessionId() + "-changed");

    assertThat(plain.deserialize("baton.events", plain.serialize("baton.events", event)))
        .isEqualTo(event);
  }
}
