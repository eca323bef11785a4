package dev.baton.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.schemas.avro.Assignment;
import dev.baton.schemas.avro.Command;
import dev.baton.schemas.avro.RecordRejectionReason;
import dev.baton.schemas.avro.SessionEvent;
import dev.baton.schemas.avro.StreamDelta;
import dev.baton.schemas.avro.Usage;
import dev.baton.schemas.avro.WorkerResult;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class AvroSerdeTest {

  private static final String TOPIC = "baton.commands";

  private final CountingRegistry registry = new CountingRegistry();
  private final AvroSerde<Command> commands = AvroSerde.forValue(Command.class, registry);

  static Stream<SpecificRecord> everyEnvelopeAndBody() {
    return Stream.of(
            Samples.commands(),
            Samples.assignments(),
            Samples.workerResults(),
            Samples.sessionEvents(),
            Samples.historyEntries(),
            Samples.streamDeltas(),
            Samples.turnSignals())
        .flatMap(List::stream);
  }

  @ParameterizedTest
  @MethodSource("everyEnvelopeAndBody")
  void shouldRoundTripEveryEnvelopeAndBody(SpecificRecord record) {
    AvroSerde<SpecificRecord> serde = serdeFor(record);

    byte[] bytes = serde.serialize("baton.topic", record);

    assertThat(bytes[0]).isEqualTo((byte) 0);
    assertThat(serde.deserialize("baton.topic", bytes)).isEqualTo(record);
  }

  @Test
  void shouldHaveASampleOfEveryBodyType() {
    assertThat(sampleBodyNames(Samples.commands(), Command::getBody))
        .isEqualTo(bodyNames(Command.getClassSchema()));
    assertThat(sampleBodyNames(Samples.assignments(), Assignment::getBody))
        .isEqualTo(bodyNames(Assignment.getClassSchema()));
    assertThat(sampleBodyNames(Samples.workerResults(), WorkerResult::getBody))
        .isEqualTo(bodyNames(WorkerResult.getClassSchema()));
    assertThat(sampleBodyNames(Samples.sessionEvents(), SessionEvent::getBody))
        .isEqualTo(bodyNames(SessionEvent.getClassSchema()));
  }

  @Test
  void shouldWriteMagicByteThenBigEndianSchemaIdThenAvroBody() {
    Command command = Samples.commands().getFirst();

    byte[] bytes = commands.serialize(TOPIC, command);

    int id = registry.delegate.lookup("baton.commands-value", Command.getClassSchema());
    assertThat(bytes[0]).isZero();
    assertThat(ByteBuffer.wrap(bytes, 1, 4).getInt()).isEqualTo(id);
    assertThat(Arrays.copyOfRange(bytes, 5, bytes.length)).isEqualTo(avroBinary(command));
  }

  @Test
  void shouldRegisterUnderTopicValueSubjectAndKeySubject() {
    commands.serialize(TOPIC, Samples.commands().getFirst());
    AvroSerde.forKey(Command.class, registry).serialize("other", Samples.commands().getFirst());

    assertThat(registry.delegate.subjects()).containsExactly("baton.commands-value", "other-key");
  }

  @Test
  void shouldAskTheRegistryOnceWhenManyThreadsSerializeTheirFirstRecordAtOnce() throws Exception {
    CountingRegistry slow =
        new CountingRegistry() {
          @Override
          public int register(String subject, Schema schema) {
            try {
              Thread.sleep(200); // A registry slower than the threads' start.
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
            return super.register(subject, schema);
          }
        };
    AvroSerde<Command> serde = AvroSerde.forValue(Command.class, slow);
    Command command = Samples.commands().getFirst();

    try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
      List<Future<byte[]>> sent =
          IntStream.range(0, 20)
              .mapToObj(i -> threads.submit(() -> serde.serialize(TOPIC, command)))
              .toList();
      for (Future<byte[]> each : sent) {
        assertThat(each.get()).isNotEmpty();
      }
    }
    assertThat(slow.registers).hasValue(1);
  }

  @Test
  void shouldRegisterOncePerSubjectAndFetchWriterSchemaOncePerId() {
    for (Command command : Samples.commands()) {
      commands.deserialize(TOPIC, commands.serialize(TOPIC, command));
    }
    commands.serialize("baton.other", Samples.commands().getFirst());

    assertThat(registry.registers).hasValue(2);
    assertThat(registry.schemaByIds).hasValue(1);
  }

  @Test
  void shouldOnlyLookUpWhenLookupOnly() {
    AvroSerde<Command> lookupOnly = commands.lookupOnly();

    assertThatThrownBy(() -> lookupOnly.serialize(TOPIC, Samples.commands().getFirst()))
        .isInstanceOf(SchemaRegistryException.class)
        .hasMessageContaining("40403");
    registry.register("baton.commands-value", Command.getClassSchema());
    assertThat(lookupOnly.serialize(TOPIC, Samples.commands().getFirst())).isNotEmpty();
    assertThat(registry.lookups).hasValue(2);
  }

  @Test
  void shouldMapNullToNullBothWays() {
    assertThat(commands.serialize(TOPIC, null)).isNull();
    assertThat(commands.deserialize(TOPIC, null)).isNull();
    assertThat(registry.registers).hasValue(0);
  }

  @Test
  void shouldRejectWrongMagicByte() {
    byte[] bytes = commands.serialize(TOPIC, Samples.commands().getFirst());
    bytes[0] = '{';

    assertThatThrownBy(() -> commands.deserialize(TOPIC, bytes))
        .isInstanceOfSatisfying(
            MalformedRecordException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(RecordRejectionReason.WRONG_MAGIC_BYTE);
              assertThat(e.topic()).isEqualTo(TOPIC);
              assertThat(e.isRetryable()).isFalse();
            })
        .hasMessageContaining("not in Confluent wire format")
        .hasMessageContaining("0x7b")
        .hasMessageContaining(TOPIC);
  }

  @Test
  void shouldRejectRecordShorterThanHeader() {
    assertThatThrownBy(() -> commands.deserialize(TOPIC, new byte[] {0, 0, 1}))
        .isInstanceOfSatisfying(
            MalformedRecordException.class,
            e -> assertThat(e.reason()).isEqualTo(RecordRejectionReason.TRUNCATED))
        .hasMessageContaining("has 3 bytes")
        .hasMessageContaining("needs 5");
    assertThatThrownBy(() -> commands.deserialize(TOPIC, new byte[0]))
        .isInstanceOf(MalformedRecordException.class)
        .hasMessageContaining("has 0 bytes");
  }

  @Test
  void shouldRejectTruncatedBodySayingHowManyBytesWereThereAndNeeded() {
    AvroSerde<Usage> usages = AvroSerde.forValue(Usage.class, registry);
    // 120 and 45 as varints (3 bytes), the union branch (1), the length 7 (1), then "model-x".
    byte[] whole = usages.serialize(TOPIC, Samples.usage());
    int bodyLength = whole.length - 5;
    byte[] cut = Arrays.copyOf(whole, whole.length - 3);

    assertThat(bodyLength).isEqualTo(12);
    assertThatThrownBy(() -> usages.deserialize(TOPIC, cut))
        .isInstanceOfSatisfying(
            MalformedRecordException.class,
            e -> assertThat(e.reason()).isEqualTo(RecordRejectionReason.TRUNCATED))
        .hasMessageContaining("has %d bytes".formatted(bodyLength - 3))
        .hasMessageContaining("needed at least %d".formatted(bodyLength));
  }

  @Test
  void shouldRejectUnknownSchemaId() {
    byte[] bytes = commands.serialize(TOPIC, Samples.commands().getFirst());
    ByteBuffer.wrap(bytes).putInt(1, 4711);

    assertThatThrownBy(() -> commands.deserialize(TOPIC, bytes))
        .isInstanceOfSatisfying(
            UnknownSchemaIdException.class,
            e -> {
              assertThat(e.schemaId()).isEqualTo(4711);
              assertThat(e.errorCode()).isEqualTo(40403);
              assertThat(e.isRetryable()).isFalse();
            })
        .hasMessageContaining("Schema id 4711 is not known");
  }

  @Test
  void shouldRejectBodyThatDoesNotDecode() {
    byte[] bytes = commands.serialize(TOPIC, Samples.commands().getFirst());
    byte[] garbage = Arrays.copyOf(bytes, 5 + 3);
    garbage[5] = 0x7f; // the commandId's length, zig-zag decoded: -64

    assertThatThrownBy(() -> commands.deserialize(TOPIC, garbage))
        .isInstanceOfSatisfying(
            MalformedRecordException.class,
            e -> assertThat(e.reason()).isEqualTo(RecordRejectionReason.UNDECODABLE))
        .hasMessageContaining("cannot be decoded as dev.baton.schemas.avro.Command")
        .hasMessageContaining("schema id");
  }

  @Test
  void shouldReadRecordWrittenWithOlderCompatibleSchema() throws IOException {
    Schema older =
        SchemaBuilder.record("Usage")
            .namespace("dev.baton.schemas.avro")
            .fields()
            .requiredLong("inputTokens")
            .endRecord();
    GenericRecord old = new GenericData.Record(older);
    old.put("inputTokens", 7L);
    int id = registry.register("baton.usage-value", older);
    byte[] bytes = framed(id, older, old);

    Usage read = AvroSerde.forValue(Usage.class, registry).deserialize("baton.usage", bytes);

    assertThat(read).isEqualTo(new Usage(7L, 0L, null));
  }

  @Test
  void shouldReadADeltaOfTheBaselineSchemaAsText() throws IOException {
    Schema baseline =
        new Schema.Parser().parse(Path.of("src", "baseline", "avro", "StreamDelta.avsc").toFile());
    GenericRecord old = new GenericData.Record(baseline);
    List.of("sessionId", "turnId", "text").forEach(field -> old.put(field, "x"));
    List.of("step", "attempt", "index").forEach(field -> old.put(field, 0));
    old.put("last", false);
    int id = registry.register("baton.turn-stream-value", baseline);

    StreamDelta read =
        AvroSerde.forValue(StreamDelta.class, registry)
            .deserialize("baton.turn-stream", framed(id, baseline, old));

    assertThat(read.getKind()).isEqualTo("text");
  }

  @Test
  void shouldRejectRecordWithMissingRequiredField() {
    Command invalid = new Command(null, Samples.SESSION, Samples.T0, null);

    assertThatThrownBy(() -> commands.serialize(TOPIC, invalid))
        .isInstanceOf(RecordSerializationException.class)
        .hasMessageContaining("dev.baton.schemas.avro.Command")
        .hasMessageContaining(TOPIC);
  }

  @SuppressWarnings("unchecked")
  private AvroSerde<SpecificRecord> serdeFor(SpecificRecord record) {
    return AvroSerde.forValue((Class<SpecificRecord>) record.getClass(), registry);
  }

  private static <T> Set<String> sampleBodyNames(List<T> samples, Function<T, Object> body) {
    return samples.stream()
        .map(body)
        .map(b -> b.getClass().getSimpleName())
        .collect(Collectors.toSet());
  }

  private static Set<String> bodyNames(Schema envelope) {
    return envelope.getField("body").schema().getTypes().stream()
        .map(Schema::getName)
        .collect(Collectors.toSet());
  }

  private static byte[] avroBinary(Command command) {
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
      new SpecificDatumWriter<>(Command.class).write(command, encoder);
      encoder.flush();
      return out.toByteArray();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] framed(int id, Schema schema, GenericRecord record) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(0);
    out.write(ByteBuffer.allocate(4).putInt(id).array());
    BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
    new GenericDatumWriter<GenericRecord>(schema).write(record, encoder);
    encoder.flush();
    return out.toByteArray();
  }
}
