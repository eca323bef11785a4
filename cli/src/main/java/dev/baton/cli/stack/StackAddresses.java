package dev.baton.cli.stack;

import dev.baton.schemas.Redaction;
import java.util.Objects;

/**
 * Where the parts of a running stack answer.
 *
 * <p>{@code new KafkaProducer<>(Map.of("bootstrap.servers", addresses.kafkaBootstrap()), ...)}
 *
 * @param kafkaBootstrap Kafka's {@code bootstrap.servers}, such as {@code 127.0.0.1:41234}
 * @param registryUrl the Confluent-compatible Schema Registry URL, such as {@code
 *     http://127.0.0.1:41235/apis/ccompat/v7}
 * @param redisUri the Redis URI, such as {@code redis://127.0.0.1:41236}
 */
public record StackAddresses(String kafkaBootstrap, String registryUrl, String redisUri) {

  /** Checks that every address is present. */
  public StackAddresses {
    Objects.requireNonNull(kafkaBootstrap, "kafkaBootstrap");
    Objects.requireNonNull(registryUrl, "registryUrl");
    Objects.requireNonNull(redisUri, "redisUri");
  }

  /** The addresses with their passwords masked, so that a log of the record shows no secret. */
  @Override
  public String toString() {
    StackAddresses shown = redacted();
    return "StackAddresses[kafkaBootstrap="
        + shown.kafkaBootstrap
        + ", registryUrl="
        + shown.registryUrl
        + ", redisUri="
        + shown.redisUri
        + "]";
  }

  /** The addresses as they may be shown: passwords masked ({@link Redaction}). */
  public StackAddresses redacted() {
    return new StackAddresses(
        Redaction.uri(kafkaBootstrap), Redaction.uri(registryUrl), Redaction.uri(redisUri));
  }
}
