package dev.baton.schemas;

import dev.baton.schemas.internal.KafkaClientConfigs;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Secrets as they may be shown: replaced by {@value #MASK}, so that no banner, log line, {@code
 * toString} or error message carries one. It masks the password of a URI's user information ({@code
 * redis://user:password@host}, {@code http://user:password@host}), the secrets among Kafka client
 * configs ({@code ssl.*.password}, the passwords and secrets in a {@code sasl.jaas.config}, every
 * config Kafka types as a password), and registry credentials.
 *
 * <pre>{@code
 * Redaction.uri("redis://default:s3cret@redis:6379") // redis://default:***@redis:6379
 * Redaction.kafkaProperty("sasl.jaas.config", "...PlainLoginModule required username=\"a\""
 *     + " password=\"s3cret\";") // ...PlainLoginModule required username="a" password="***";
 * }</pre>
 */
public final class Redaction {

  /** What a secret is shown as. */
  public static final String MASK = "***";

  /**
   * A scheme, then user information up to the last {@code @} of the authority (a password may hold
   * a raw {@code @}, which lenient clients accept).
   */
  private static final Pattern USER_INFO =
      Pattern.compile("([a-zA-Z][a-zA-Z0-9+.-]*://)([^/\\s]*)@");

  /** A config key that Kafka does not define and whose name says its value is a secret. */
  private static final Pattern SECRET_KEY =
      Pattern.compile("(?i).*(password|secret|token|credential).*");

  /** A JAAS option whose name says its value is a secret ({@code clientSecret}, {@code keyTab}). */
  private static final Pattern SECRET_OPTION =
      Pattern.compile("(?i).*(pass|secret|token|credential|private|key).*");

  /** A JAAS option, {@code name=value} or {@code name="value"} (with escapes). */
  private static final Pattern JAAS_OPTION =
      Pattern.compile("([A-Za-z_][\\w.-]*)(\\s*=\\s*)(\"(?:[^\"\\\\]|\\\\.)*\"|[^\\s;\"]+)");

  private Redaction() {}

  /**
   * {@code address} with the password of every URI's user information masked: after a user name
   * ({@code user:***}), or the whole of it when it has no {@code :}, which a Redis URI reads as a
   * password ({@code redis://***@host}). Text that holds no URI is returned as it is.
   */
  public static String uri(String address) {
    if (address == null) {
      return null;
    }
    Matcher matcher = USER_INFO.matcher(address);
    StringBuilder shown = new StringBuilder();
    while (matcher.find()) {
      String masked = userAndPassword(matcher.group(2));
      matcher.appendReplacement(shown, Matcher.quoteReplacement(matcher.group(1) + masked + "@"));
    }
    matcher.appendTail(shown);
    return shown.toString();
  }

  /**
   * {@code user:password} as {@code user:***}; text without a colon is all password ({@value
   * #MASK}).
   */
  public static String userAndPassword(String credentials) {
    if (credentials == null) {
      return null;
    }
    int colon = credentials.indexOf(':');
    return colon < 0 ? MASK : credentials.substring(0, colon + 1) + MASK;
  }

  /**
   * The value of Kafka client config {@code key} as it may be shown: in a {@code sasl.jaas.config},
   * each option whose name speaks of a secret ({@code password}, {@code clientSecret}, a token, a
   * key) masked and the rest kept; the whole value of every other config Kafka types as a password
   * ({@code ssl.keystore.password}, {@code ssl.keystore.key}), and of a config Kafka does not
   * define whose name speaks of a secret; else the value with the password of a URI in it masked
   * ({@link #uri}).
   */
  public static String kafkaProperty(String key, String value) {
    if (value == null) {
      return null;
    }
    if (KafkaClientConfigs.JAAS_CONFIG.equals(key)) {
      return jaasConfig(value);
    }
    boolean secret =
        KafkaClientConfigs.definition(key).isPresent()
            ? KafkaClientConfigs.isSecret(key)
            : SECRET_KEY.matcher(key).matches();
    return secret ? MASK : uri(value);
  }

  /** Kafka client configs as they may be shown ({@link #kafkaProperty}), in the same order. */
  public static Map<String, String> kafkaProperties(Map<String, String> properties) {
    Map<String, String> shown = new LinkedHashMap<>();
    properties.forEach((key, value) -> shown.put(key, kafkaProperty(key, value)));
    return shown;
  }

  private static String jaasConfig(String value) {
    Matcher matcher = JAAS_OPTION.matcher(value);
    StringBuilder shown = new StringBuilder();
    while (matcher.find()) {
      String option = matcher.group(1);
      String shownValue =
          !SECRET_OPTION.matcher(option).matches()
              ? matcher.group(3)
              : matcher.group(3).startsWith("\"") ? "\"" + MASK + "\"" : MASK;
      matcher.appendReplacement(
          shown, Matcher.quoteReplacement(option + matcher.group(2) + shownValue));
    }
    matcher.appendTail(shown);
    return shown.toString();
  }
}
