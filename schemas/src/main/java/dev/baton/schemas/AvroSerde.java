package dev.baton.schemas;

import dev.baton.schemas.internal.AvroBinary;
import dev.baton.schemas.internal.Caches;
import dev.baton.schemas.internal.EncodedBodies;
import dev.baton.schemas.internal.WireFormat;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * A Kafka serde for a generated Avro class in the Confluent wire format: magic byte 0, the schema
 * id as a 4-byte big-endian int, then the Avro binary body. It interoperates with Confluent's
 * {@code KafkaAvroSerializer}.
 *
 * <p>The serializer registers the class's schema under the subject {@code <topic>-value} (or {@code
 * -key}) once per subject and caches the id. The deserializer fetches the writer's schema by the id
 * in the record (cached) and resolves it to the class's schema, so records written with an older
 * compatible schema read fine. A null record maps to null both ways (tombstones). It is thread-safe
 * and needs no {@code configure} call.
 *
 * <pre>{@code
 * AvroSerde<Command> serde = AvroSerde.forValue(Command.class, registry);
 * byte[] bytes = serde.serialize("baton.commands", command);
 * Command back = serde.deserialize("baton.commands", bytes);
 * }</pre>
 *
 * @param <T> the generated Avro class
 */
public final class AvroSerde<T extends SpecificRecord>
    implements Serde<T>, Serializer<T>, Deserializer<T> {

  private final Class<T> type;
  private final SchemaRegistryClient registry;
  private final boolean isKey;
  private final boolean autoRegister;
  private final boolean encodeOnce;
  private final Schema schema;
  private final SpecificData model;
  private final DatumWriter<T> writer;
  private final Map<String, CompletableFuture<Integer>> idsBySubject = new ConcurrentHashMap<>();
  private final Map<Integer, CompletableFuture<DatumReader<T>>> readersById =
      new ConcurrentHashMap<>();

  private AvroSerde(
      Class<T> type,
      SchemaRegistryClient registry,
      boolean isKey,
      boolean autoRegister,
      boolean encodeOnce) {
    this.type = Objects.requireNonNull(type, "type");
    this.registry = Objects.requireNonNull(registry, "registry");
    this.isKey = isKey;
    this.autoRegister = autoRegister;
    this.encodeOnce = encodeOnce;
    this.model = SpecificData.getForClass(type);
    this.schema = model.getSchema(type);
    this.writer = new SpecificDatumWriter<>(schema, model);
  }

  /** Returns a serde for record values of {@code type}, registering its schema when needed. */
  public static <T extends SpecificRecord> AvroSerde<T> forValue(
      Class<T> type, SchemaRegistryClient registry) {
    return new AvroSerde<>(type, registry, false, true, false);
  }

  /** Returns a serde for record keys of {@code type}, registering its schema when needed. */
  public static <T extends SpecificRecord> AvroSerde<T> forKey(
      Class<T> type, SchemaRegistryClient registry) {
    return new AvroSerde<>(type, registry, true, true, false);
  }

  /**
   * Returns a copy that only looks the schema up and never registers it, for producers that must
   * not change the registry (the schemas are registered by {@link SchemaBootstrap}).
   */
  public AvroSerde<T> lookupOnly() {
    return new AvroSerde<>(type, registry, isKey, false, encodeOnce);
  }

  /**
   * Returns a copy that encodes a value once per thread: a value serialized again by the same
   * thread soon after (by this serde or another such copy, for another topic or a store, or
   * measured with {@link #wireSize}) reuses its encoded body. Only for values that are not changed
   * after they are built.
   */
  public AvroSerde<T> encodingOnce() {
    return new AvroSerde<>(type, registry, isKey, autoRegister, true);
  }

  /** The size of {@code data} in the wire format, without the registry: prefix and body. */
  public int wireSize(T data) {
    return WireFormat.HEADER_LENGTH + body(data, "(measured)").length;
  }

  /** The schema of the generated class, which this serde writes. */
  public Schema schema() {
    return schema;
  }

  /** Whether this serde is for keys (subject {@code <topic>-key}) rather than values. */
  public boolean isKey() {
    return isKey;
  }

  @Override
  public byte[] serialize(String topic, T data) {
    if (data == null) {
      return null;
    }
    int schemaId = Caches.getOrCompute(idsBySubject, SubjectNames.of(topic, isKey), this::schemaId);
    return WireFormat.frame(schemaId, body(data, topic));
  }

  private byte[] body(T data, String topic) {
    if (!encodeOnce) {
      return AvroBinary.encode(writer, data, topic, schema.getFullName());
    }
    return EncodedBodies.of(
        data, () -> AvroBinary.encode(writer, data, topic, schema.getFullName()));
  }

  @Override
  public T deserialize(String topic, byte[] data) {
    if (data == null) {
      return null;
    }
    int schemaId = WireFormat.schemaId(topic, data);
    DatumReader<T> reader = Caches.getOrCompute(readersById, schemaId, this::readerFor);
    return AvroBinary.decodeBody(reader, data, topic, schemaId, schema.getFullName());
  }

  @Override
  public Serializer<T> serializer() {
    return this;
  }

  @Override
  public Deserializer<T> deserializer() {
    return this;
  }

  /** Does nothing: the serde is configured when it is created. */
  @Override
  public void configure(Map<String, ?> configs, boolean isKey) {}

  /** Does nothing: the registry client belongs to the caller. */
  @Override
  public void close() {}

  private int schemaId(String subject) {
    return autoRegister ? registry.register(subject, schema) : registry.lookup(subject, schema);
  }

  private DatumReader<T> readerFor(int schemaId) {
    return new SpecificDatumReader<>(registry.schemaById(schemaId), schema, model);
  }
}
