package dev.baton.cli.config;

import dev.baton.cli.gateway.GatewayOptions;
import dev.baton.coordinator.CoordinatorConfig;
import dev.baton.coordinator.http.HttpOptions;
import dev.baton.coordinator.limits.Rate;
import dev.baton.coordinator.limits.TenantLimits;
import dev.baton.schemas.KafkaConnection;
import dev.baton.schemas.Redaction;
import dev.baton.schemas.RegistryAuth;
import dev.baton.worker.WorkerOptions;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.function.LongFunction;
import picocli.CommandLine.TypeConversionException;

/**
 * The checked types of Baton's settings. Each rejects a bad value with what it allows; the bounds
 * are those the options' builders enforce, so a value the command line accepts is one they accept.
 */
public final class SettingTypes {

  private SettingTypes() {}

  /** A TCP port, 0 for any free port. */
  public static final class Port extends Bounded<Integer> {
    /** Creates the converter. */
    public Port() {
      super(0, 65_535, v -> (int) v);
    }
  }

  /** An {@code int} of 1 or more. */
  public static final class PositiveInt extends Bounded<Integer> {
    /** Creates the converter. */
    public PositiveInt() {
      super(1, Integer.MAX_VALUE, v -> (int) v);
    }
  }

  /** An {@code int} of 0 or more. */
  public static final class NonNegativeInt extends Bounded<Integer> {
    /** Creates the converter. */
    public NonNegativeInt() {
      super(0, Integer.MAX_VALUE, v -> (int) v);
    }
  }

  /** A {@code long} of 1 or more. */
  public static final class PositiveLong extends Bounded<Long> {
    /** Creates the converter. */
    public PositiveLong() {
      super(1, Long.MAX_VALUE, v -> v);
    }
  }

  /** A {@code long} of 0 or more. */
  public static final class NonNegativeLong extends Bounded<Long> {
    /** Creates the converter. */
    public NonNegativeLong() {
      super(0, Long.MAX_VALUE, v -> v);
    }
  }

  /** A session timeout in ms, at least {@link CoordinatorConfig#MIN_SESSION_TIMEOUT}. */
  public static final class SessionTimeoutMs extends Bounded<Long> {
    /** Creates the converter. */
    public SessionTimeoutMs() {
      super(CoordinatorConfig.MIN_SESSION_TIMEOUT.toMillis(), Long.MAX_VALUE, v -> v);
    }
  }

  /** The state stores' memory in MiB, at least {@link CoordinatorConfig#MIN_STATE_MEMORY_BYTES}. */
  public static final class StateMemoryMb extends Bounded<Integer> {
    /** Creates the converter; at most what a {@code long} of bytes holds. */
    public StateMemoryMb() {
      super(CoordinatorConfig.MIN_STATE_MEMORY_BYTES >> 20, Integer.MAX_VALUE, v -> (int) v);
    }
  }

  /** A gateway's heartbeat timeout in ms, at least {@link GatewayOptions#MIN_HEARTBEAT_TIMEOUT}. */
  public static final class HeartbeatTimeoutMs extends Bounded<Long> {
    /** Creates the converter. */
    public HeartbeatTimeoutMs() {
      super(GatewayOptions.MIN_HEARTBEAT_TIMEOUT.toMillis(), Long.MAX_VALUE, v -> v);
    }
  }

  /** A topic replication factor: Kafka stores it as a {@code short}. */
  public static final class ReplicationFactor extends Bounded<Integer> {
    /** Creates the converter. */
    public ReplicationFactor() {
      super(1, Short.MAX_VALUE, v -> (int) v);
    }
  }

  /** A worker's steps in flight, within {@link WorkerOptions#MAX_IN_FLIGHT_LIMIT}. */
  public static final class MaxInFlight extends Bounded<Integer> {
    /** Creates the converter. */
    public MaxInFlight() {
      super(1, WorkerOptions.MAX_IN_FLIGHT_LIMIT, v -> (int) v);
    }
  }

  /** A worker's delta linger in ms, within {@link WorkerOptions#MAX_DELTA_LINGER}. */
  public static final class DeltaLingerMs extends Bounded<Long> {
    /** Creates the converter. */
    public DeltaLingerMs() {
      super(0, WorkerOptions.MAX_DELTA_LINGER.toMillis(), v -> v);
    }
  }

  /** A request head's size limit, within {@link HttpOptions#MAX_REQUEST_HEAD_BYTES_LIMIT}. */
  public static final class RequestHeadBytes extends Bounded<Integer> {
    /** Creates the converter. */
    public RequestHeadBytes() {
      super(
          HttpOptions.MIN_REQUEST_HEAD_BYTES,
          HttpOptions.MAX_REQUEST_HEAD_BYTES_LIMIT,
          v -> (int) v);
    }
  }

  /** A {@link Rate} such as {@code 20/s}, or {@value TenantLimits#OFF} (null) for no limit. */
  public static final class RateOrOff implements SettingType<Rate> {
    @Override
    public Rate convert(String value) {
      if (value.strip().equals(TenantLimits.OFF)) {
        return null;
      }
      try {
        return Rate.parse(value);
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(allowed());
      }
    }

    @Override
    public String allowed() {
      return TenantLimits.OFF + " or " + Rate.FORMAT;
    }
  }

  /** A worker's hand-off delay in ms, zero or more, or {@value #NEVER} (null) for no hand-off. */
  public static final class HandOffAfterMs implements SettingType<Long> {
    /** The value that turns the hand-off off. */
    public static final String NEVER = "never";

    private final NonNegativeLong millis = new NonNegativeLong();

    @Override
    public Long convert(String value) {
      if (value.strip().equals(NEVER)) {
        return null;
      }
      try {
        return millis.convert(value);
      } catch (TypeConversionException e) {
        throw new TypeConversionException(allowed());
      }
    }

    @Override
    public String allowed() {
      return millis.allowed() + ", or " + NEVER;
    }
  }

  /** An ISO-8601 duration of zero or more, such as {@code PT0.1S}. */
  public static final class NonNegativeDuration implements SettingType<Duration> {
    @Override
    public Duration convert(String value) {
      try {
        Duration duration = Duration.parse(value.trim());
        if (!duration.isNegative()) {
          return duration;
        }
      } catch (DateTimeParseException e) {
        // Reported below with what is allowed.
      }
      throw new TypeConversionException(allowed());
    }

    @Override
    public String allowed() {
      return "an ISO-8601 duration of zero or more, such as PT0.1S";
    }
  }

  /** {@code true} or {@code false}, in any case. */
  public static final class Bool implements SettingType<Boolean> {
    @Override
    public Boolean convert(String value) {
      String text = value.trim();
      if (text.equalsIgnoreCase("true") || text.equalsIgnoreCase("false")) {
        return Boolean.valueOf(text);
      }
      throw new TypeConversionException(allowed());
    }

    @Override
    public String allowed() {
      return "true or false";
    }
  }

  /** Text that is not blank: a host, an id, an address. */
  public static final class Text implements SettingType<String> {
    @Override
    public String convert(String value) {
      if (value.isBlank()) {
        throw new TypeConversionException(allowed());
      }
      return value.trim();
    }

    @Override
    public String allowed() {
      return "a non-empty value";
    }
  }

  /**
   * An address that is not blank, a URI or {@code host:port}; a password in it is masked in
   * messages.
   */
  public static final class Address extends MaskedText {
    @Override
    public String shown(String value) {
      return Redaction.uri(value);
    }
  }

  /** A file system path that is not blank. */
  public static final class FilePath implements SettingType<Path> {
    @Override
    public Path convert(String value) {
      try {
        if (!value.isBlank()) {
          return Path.of(value.trim());
        }
      } catch (InvalidPathException e) {
        // Reported below with what is allowed.
      }
      throw new TypeConversionException(allowed());
    }

    @Override
    public String allowed() {
      return "a file system path";
    }
  }

  /**
   * One Kafka client config, {@code key=value}, that Baton does not set itself and Kafka accepts
   * ({@link KafkaConnection#problem}); a secret value is masked in messages.
   */
  public static final class KafkaProperty implements SettingType<Map.Entry<String, String>> {
    @Override
    public Map.Entry<String, String> convert(String value) {
      int equals = value.indexOf('=');
      if (equals < 1) {
        throw new TypeConversionException(allowed());
      }
      String key = value.substring(0, equals).trim();
      String text = value.substring(equals + 1);
      KafkaConnection.problem(key, text)
          .ifPresent(
              why -> {
                throw new TypeConversionException("KEY=VALUE with " + why);
              });
      return Map.entry(key, text);
    }

    @Override
    public String allowed() {
      return "KEY=VALUE, a Kafka producer, consumer or admin client config that Baton does not"
          + " set itself";
    }

    @Override
    public String shown(String value) {
      int equals = value.indexOf('=');
      return equals < 0
          ? Redaction.MASK
          : value.substring(0, equals + 1)
              + Redaction.kafkaProperty(
                  value.substring(0, equals).trim(), value.substring(equals + 1));
    }
  }

  /**
   * A properties file of Kafka client configs, each one {@link KafkaProperty} allows; read and
   * checked as the setting is parsed.
   */
  public static final class KafkaPropertiesFile implements SettingType<KafkaProperties> {
    @Override
    public KafkaProperties convert(String value) {
      Properties properties = new Properties();
      try (Reader reader = Files.newBufferedReader(Path.of(value.trim()), StandardCharsets.UTF_8)) {
        properties.load(reader);
      } catch (IOException | IllegalArgumentException e) {
        throw new TypeConversionException(allowed() + " (" + e + ")");
      }
      Map<String, String> configs = new TreeMap<>();
      properties.forEach((key, text) -> configs.put(((String) key).trim(), (String) text));
      configs.forEach(
          (key, text) ->
              KafkaConnection.problem(key, text)
                  .ifPresent(
                      why -> {
                        throw new TypeConversionException(
                            allowed()
                                + "; its "
                                + key
                                + "="
                                + Redaction.kafkaProperty(key, text)
                                + " must be "
                                + why);
                      }));
      return new KafkaProperties(configs);
    }

    @Override
    public String allowed() {
      return "a readable properties file of Kafka client configs that Baton does not set itself";
    }
  }

  /** Registry credentials {@code user:password}, for HTTP basic authentication. */
  public static final class RegistryBasicAuth implements SettingType<RegistryAuth> {
    @Override
    public RegistryAuth convert(String value) {
      try {
        return RegistryAuth.basic(value);
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(allowed());
      }
    }

    @Override
    public String allowed() {
      return "user:password, with a non-empty user";
    }

    @Override
    public String shown(String value) {
      return Redaction.userAndPassword(value);
    }
  }

  /** A registry bearer token: text that is not blank, never shown. */
  public static final class RegistryBearerToken implements SettingType<RegistryAuth> {
    @Override
    public RegistryAuth convert(String value) {
      if (value.isBlank()) {
        throw new TypeConversionException(allowed());
      }
      return RegistryAuth.bearer(value.trim());
    }

    @Override
    public String allowed() {
      return "a non-empty token";
    }

    @Override
    public String shown(String value) {
      return Redaction.MASK;
    }
  }

  /** A secret: text that is not blank, never shown. */
  public static final class Secret extends MaskedText {
    @Override
    public String shown(String value) {
      return Redaction.MASK;
    }
  }

  /** {@link Text} whose value a message shows as {@link #shown} says. */
  abstract static class MaskedText implements SettingType<String> {
    private final Text text = new Text();

    @Override
    public String convert(String value) {
      return text.convert(value);
    }

    @Override
    public String allowed() {
      return text.allowed();
    }

    @Override
    public abstract String shown(String value);
  }

  /** An integer from {@code min} to {@code max}. */
  abstract static class Bounded<T> implements SettingType<T> {
    private final long min;
    private final long max;
    private final LongFunction<T> narrow;

    Bounded(long min, long max, LongFunction<T> narrow) {
      this.min = min;
      this.max = max;
      this.narrow = narrow;
    }

    @Override
    public T convert(String value) {
      try {
        long parsed = Long.parseLong(value.trim());
        if (parsed >= min && parsed <= max) {
          return narrow.apply(parsed);
        }
      } catch (NumberFormatException e) {
        // Reported below with what is allowed.
      }
      throw new TypeConversionException(allowed());
    }

    @Override
    public String allowed() {
      boolean unbounded = max == Integer.MAX_VALUE || max == Long.MAX_VALUE;
      return unbounded ? "an integer >= " + min : "an integer from " + min + " to " + max;
    }
  }
}
