package dev.baton.cli.example;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.baton.worker.OperationClass;
import dev.baton.worker.ToolInvocation;
import dev.baton.worker.ToolResult;
import dev.baton.worker.Worker;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisException;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Function;

/**
 * The example tools: notes in one Redis hash, {@value #KEY}, so that every worker process of a
 * stack sees the same notes. Each call waits {@link #delay()} first, while it holds the turn lock,
 * so overlapping reads and exclusive writes show in the timings.
 *
 * <ul>
 *   <li>{@value #LIST_NOTES} (READ), no arguments: the names of the notes, sorted and separated by
 *       commas, or {@code (no notes)}.
 *   <li>{@value #READ_NOTE} (READ), {@code {"name": "a"}}: the note's text, or a tool error if
 *       there is no such note.
 *   <li>{@value #WRITE_NOTE} (WRITE), {@code {"name": "a", "text": "hello"}}: stores the text and
 *       answers {@code wrote a}.
 * </ul>
 *
 * <pre>{@code
 * NotesTools notes = NotesTools.create(redisUri, NotesTools.DEFAULT_DELAY);
 * Worker worker = notes.register(Worker.builder().redis(redisUri) ... ).build();
 * }</pre>
 *
 * <p>The connection to Redis is opened by the first call and shared by every {@code NotesTools} of
 * the process with the same URI; it lives as long as the process. A Redis command gives up after
 * {@link #REDIS_TIMEOUT}, and fails at once while the connection is down, so a call on a dead Redis
 * ends in seconds with an error result the agent sees ({@link #UNAVAILABLE}), and frees its worker
 * slot.
 */
public final class NotesTools {

  /** The Redis hash that holds the notes: field the name, value the text. */
  public static final String KEY = "baton:example:notes";

  /** The default wait of every call. */
  public static final Duration DEFAULT_DELAY = Duration.ofMillis(100);

  /** The longest wait for Redis: to connect, and for one command's answer. */
  public static final Duration REDIS_TIMEOUT = Duration.ofSeconds(2);

  /** How a call's error result begins when the notes' Redis fails it. */
  public static final String UNAVAILABLE =
      "the notes store is unavailable (a write may or may not have taken effect): ";

  /** The tool that lists the notes' names. */
  public static final String LIST_NOTES = "list_notes";

  /** The tool that reads a note. */
  public static final String READ_NOTE = "read_note";

  /** The tool that writes a note. */
  public static final String WRITE_NOTE = "write_note";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ConcurrentMap<String, RedisCommands<String, String>> CONNECTIONS =
      new ConcurrentHashMap<>();

  private final String redisUri;
  private final Duration delay;

  private NotesTools(String redisUri, Duration delay) {
    this.redisUri = Objects.requireNonNull(redisUri, "redisUri");
    this.delay = Objects.requireNonNull(delay, "delay");
    if (delay.isNegative()) {
      throw new IllegalArgumentException("delay must not be negative, got " + delay);
    }
  }

  /** Notes in the Redis at {@code redisUri}, each call waiting {@code delay} first. */
  public static NotesTools create(String redisUri, Duration delay) {
    return new NotesTools(redisUri, delay);
  }

  /** How long each call waits before it touches the notes. */
  public Duration delay() {
    return delay;
  }

  /** Registers the three tools with {@code builder} and returns it. */
  public Worker.Builder register(Worker.Builder builder) {
    return builder
        .tool(LIST_NOTES, OperationClass.READ, this::list)
        .tool(READ_NOTE, OperationClass.READ, this::read)
        .tool(WRITE_NOTE, OperationClass.WRITE, this::write);
  }

  /** The arguments of a {@value #READ_NOTE} call of note {@code name}. */
  public static String readArguments(String name) {
    return json(Map.of("name", name));
  }

  /** The arguments of a {@value #WRITE_NOTE} call that writes {@code text} to note {@code name}. */
  public static String writeArguments(String name, String text) {
    return json(Map.of("name", name, "text", text));
  }

  ToolResult list(ToolInvocation call) throws InterruptedException {
    Thread.sleep(delay);
    return redis(
        r -> r.hkeys(KEY).stream().sorted().toList(),
        names -> ToolResult.ok(names.isEmpty() ? "(no notes)" : String.join(",", names)));
  }

  ToolResult read(ToolInvocation call) throws InterruptedException {
    JsonNode args = arguments(call);
    String name = text(args, "name");
    if (name == null) {
      return ToolResult.error("read_note needs {\"name\": ...}, got " + call.argumentsJson());
    }
    Thread.sleep(delay);
    return redis(
        r -> Optional.ofNullable(r.hget(KEY, name)),
        text -> text.map(ToolResult::ok).orElseGet(() -> ToolResult.error("no note " + name)));
  }

  ToolResult write(ToolInvocation call) throws InterruptedException {
    JsonNode args = arguments(call);
    String name = text(args, "name");
    String text = text(args, "text");
    if (name == null || text == null) {
      return ToolResult.error(
          "write_note needs {\"name\": ..., \"text\": ...}, got " + call.argumentsJson());
    }
    Thread.sleep(delay);
    return redis(r -> r.hset(KEY, name, text), written -> ToolResult.ok("wrote " + name));
  }

  /**
   * Runs {@code command} on the shared connection and answers with what {@code answer} makes of its
   * value. A Redis failure is the call's error result, which the agent sees at once: delivering the
   * call again would only hold a worker slot while Redis stays down.
   */
  private <T> ToolResult redis(
      Function<RedisCommands<String, String>, T> command, Function<T, ToolResult> answer) {
    T value;
    try {
      value = command.apply(connection());
    } catch (RedisException e) {
      return ToolResult.error(UNAVAILABLE + e.getMessage());
    }
    return answer.apply(value);
  }

  private RedisCommands<String, String> connection() {
    return CONNECTIONS.computeIfAbsent(
        redisUri,
        uri -> {
          RedisClient client = RedisClient.create(uri);
          client.setOptions(
              ClientOptions.builder()
                  .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                  .timeoutOptions(TimeoutOptions.enabled(REDIS_TIMEOUT))
                  .socketOptions(SocketOptions.builder().connectTimeout(REDIS_TIMEOUT).build())
                  .build());
          try {
            StatefulRedisConnection<String, String> connection = client.connect();
            connection.setTimeout(REDIS_TIMEOUT);
            return connection.sync();
          } catch (RuntimeException e) {
            client.shutdown(); // the next call tries again with a new client
            throw e;
          }
        });
  }

  private static JsonNode arguments(ToolInvocation call) {
    try {
      return JSON.readTree(call.argumentsJson());
    } catch (JsonProcessingException e) {
      return JSON.nullNode();
    }
  }

  private static String text(JsonNode args, String field) {
    JsonNode value = args == null ? null : args.get(field);
    return value != null && value.isTextual() ? value.asText() : null;
  }

  /** {@code fields} as a JSON object, its keys sorted. */
  static String json(Map<String, String> fields) {
    try {
      return JSON.writeValueAsString(new TreeMap<>(fields));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
