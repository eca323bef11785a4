package dev.baton.cli.chaos;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a turn of the {@link ChaosAgent} does, written as its input: how long each agent step
 * thinks, then one or more batches of tool calls, one step each, then an answer.
 *
 * <pre>{@code
 * "chaos 150 #7: r200 a, w300 b; b50 300000"
 *   step 0 (after 150 ms) -> chaos_read{a, 200 ms}, chaos_write{b, 300 ms}
 *   step 1 (after 150 ms) -> chaos_big{50 ms, 300000 bytes}
 *   step 2                -> "done #7: 3 results"
 * }</pre>
 *
 * @param thinkMs how long each agent step takes
 * @param nonce what makes two inputs differ
 * @param batches the tool calls of each step, in order
 */
public record ToolScript(int thinkMs, int nonce, List<List<Call>> batches) {

  private static final Pattern HEADER = Pattern.compile("^chaos (\\d+) #(\\d+):(.*)$");

  public ToolScript {
    batches = batches.stream().map(List::copyOf).toList();
  }

  /**
   * One tool call of a script.
   *
   * @param kind {@code r} (a READ), {@code w} (a WRITE) or {@code b} (a READ with a large result)
   * @param ms how long the call runs
   * @param arg the key read or written, or the size of the large result in bytes
   */
  public record Call(char kind, int ms, String arg) {

    /** The tool the call runs. */
    public String tool() {
      return switch (kind) {
        case 'r' -> ChaosTools.READ;
        case 'w' -> ChaosTools.WRITE;
        case 'b' -> ChaosTools.BIG;
        default -> throw new IllegalStateException("unknown kind " + kind);
      };
    }

    /** The call's arguments as JSON. */
    public String argumentsJson() {
      return kind == 'b'
          ? "{\"ms\":" + ms + ",\"bytes\":" + Integer.parseInt(arg) + "}"
          : "{\"ms\":" + ms + ",\"key\":\"" + arg + "\"}";
    }

    @Override
    public String toString() {
      return kind + String.valueOf(ms) + " " + arg;
    }
  }

  /** The script as the input of a turn. */
  public String input() {
    List<String> steps = new ArrayList<>();
    for (List<Call> batch : batches) {
      steps.add(String.join(", ", batch.stream().map(Call::toString).toList()));
    }
    return "chaos " + thinkMs + " #" + nonce + ": " + String.join("; ", steps);
  }

  /** This script with another nonce, so its input differs. */
  public ToolScript withNonce(int nonce) {
    return new ToolScript(thinkMs, nonce, batches);
  }

  /** How many tool calls the script asks for. */
  public int calls() {
    return batches.stream().mapToInt(List::size).sum();
  }

  /** The script an input holds; a script without calls if it is not one. */
  public static ToolScript parse(String input) {
    Matcher header = HEADER.matcher(input.strip());
    if (!header.matches()) {
      return new ToolScript(0, 0, List.of());
    }
    List<List<Call>> batches = new ArrayList<>();
    for (String step : header.group(3).split(";")) {
      List<Call> batch = new ArrayList<>();
      for (String call : step.split(",")) {
        String[] words = call.strip().split("\\s+");
        if (words.length == 2 && words[0].length() > 1) {
          char kind = words[0].toLowerCase(Locale.ROOT).charAt(0);
          batch.add(new Call(kind, Integer.parseInt(words[0].substring(1)), words[1]));
        }
      }
      if (!batch.isEmpty()) {
        batches.add(batch);
      }
    }
    return new ToolScript(
        Integer.parseInt(header.group(1)), Integer.parseInt(header.group(2)), batches);
  }
}
