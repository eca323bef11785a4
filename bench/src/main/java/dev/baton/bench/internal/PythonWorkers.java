package dev.baton.bench.internal;

/**
 * The Python echo workers behind the gateway case's worker gateway.
 *
 * @param processes Python processes
 * @param threads deliveries each runs at once (its {@code --concurrency}: threads that long-poll
 *     the gateway)
 * @param deltas whether they stream each answer word by word before posting it, as the Java echo
 *     worker does
 */
public record PythonWorkers(int processes, int threads, boolean deltas) {

  /** Two processes of 32 threads, streaming their answers. */
  public static final PythonWorkers DEFAULT = new PythonWorkers(2, 32, true);

  /** Checks that both counts are positive. */
  public PythonWorkers {
    if (processes < 1 || threads < 1) {
      throw new IllegalArgumentException(
          processes + "x" + threads + " is not PROCESSESxTHREADS of positive integers, e.g. 2x32");
    }
  }

  /**
   * Reads {@code PROCESSESxTHREADS}, e.g. {@code 2x32}, of workers that stream their answers or not
   * as {@code deltas} says.
   *
   * @throws IllegalArgumentException if it is not two positive integers joined by {@code x}
   */
  public static PythonWorkers parse(String text, boolean deltas) {
    String[] parts = text.trim().split("x", -1);
    try {
      if (parts.length == 2) {
        return new PythonWorkers(Integer.parseInt(parts[0]), Integer.parseInt(parts[1]), deltas);
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException(
        "\"" + text + "\" is not PROCESSESxTHREADS of positive integers, e.g. 2x32");
  }

  /** The deliveries all of them run at once. */
  public int slots() {
    return processes * threads;
  }

  @Override
  public String toString() {
    return processes + " Python workers x " + threads + " threads" + (deltas ? "" : ", no deltas");
  }
}
