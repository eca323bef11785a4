package dev.baton.bench.internal;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * How big each case is.
 *
 * @param closedLoop the closed-loop shapes, sessions x turns
 * @param httpLoop the shapes of the closed loop through the HTTP API
 * @param openRates the offered rates of the open loop, turns per second
 * @param openSessions the sessions the open loop spreads its turns over
 * @param openDuration how long each rate is offered
 * @param scaleSessions sessions of one turn each in the scale case
 * @param heldTurns turns in flight at once, each held by the agent for {@code hold}
 * @param hold how long the agent holds each of those turns
 * @param lockCycles acquire+release cycles per lock measurement
 * @param replayMessages history messages replayed
 * @param warmUpTurns turns run before each measured deployment, not measured
 * @param budget the longest a closed loop sends turns; it then stops, and reports what ran
 * @param recorded the load whose records per turn are counted, after the warm-up
 * @param sequential the one-session load whose turns are timed hop by hop
 * @param streams the sizes of the streams case
 * @param steer the sizes of the steer case
 * @param failover the sizes of the failover case
 */
public record Sizes(
    List<Shape> closedLoop,
    List<Shape> httpLoop,
    List<Integer> openRates,
    int openSessions,
    Duration openDuration,
    int scaleSessions,
    int heldTurns,
    Duration hold,
    int lockCycles,
    int replayMessages,
    int warmUpTurns,
    Duration budget,
    Shape recorded,
    Shape sequential,
    Streams streams,
    Steer steer,
    Failover failover) {

  /** The shape of the issue's throughput target, 1000 sessions x 20 turns. */
  static final Shape THROUGHPUT_SHAPE = new Shape(1000, 20);

  /**
   * A closed-loop shape.
   *
   * @param sessions sessions running at once
   * @param turns sequential turns of each
   */
  public record Shape(int sessions, int turns) {

    /**
     * Reads {@code NxM}, e.g. {@code 1000x20}.
     *
     * @throws IllegalArgumentException if it is not two positive integers joined by {@code x}
     */
    public static Shape parse(String text) {
      String[] parts = text.trim().split("x", -1);
      try {
        if (parts.length == 2) {
          int sessions = Integer.parseInt(parts[0]);
          int turns = Integer.parseInt(parts[1]);
          if (sessions > 0 && turns > 0) {
            return new Shape(sessions, turns);
          }
        }
      } catch (NumberFormatException e) {
        // reported below
      }
      throw new IllegalArgumentException(
          "\"" + text + "\" is not a shape SESSIONSxTURNS of positive integers, e.g. 1000x20");
    }

    @Override
    public String toString() {
      return sessions + "x" + turns;
    }
  }

  /**
   * The sizes of the streams case.
   *
   * @param live sessions whose one turn is streamed to a client each, all at once
   * @param deltas deltas each of those turns emits
   * @param interval how far apart it emits them
   * @param idle feeds of idle sessions held open at once
   */
  public record Streams(int live, int deltas, Duration interval, int idle) {

    /** The deltas per second the live turns emit together. */
    public double offeredPerSecond() {
      return live * 1e9 / interval.toNanos();
    }

    /** The row name of the live streams, e.g. {@code 1000 streams x 200 deltas, 20 ms apart}. */
    public String liveRow() {
      return live + " streams x " + deltas + " deltas, " + interval.toMillis() + " ms apart";
    }

    /** The row name of the idle feeds, e.g. {@code 10000 idle feeds}. */
    public String idleRow() {
      return idle + " idle feeds";
    }

    /**
     * These sizes with the live streams {@code STREAMSxDELTAS@MS} of {@code text}, e.g. {@code
     * 1000x200@20}: 1000 streams of 200 deltas 20 ms apart.
     *
     * @throws IllegalArgumentException if it is not that, with positive streams and deltas
     */
    public Streams withLive(String text) {
      long[] numbers =
          countsAtMillis(
              text, "STREAMSxDELTAS", "1000x200@20 (1000 streams of 200 deltas 20 ms apart)");
      return new Streams((int) numbers[0], (int) numbers[1], Duration.ofMillis(numbers[2]), idle);
    }

    /**
     * These sizes with {@code feeds} idle feeds; 0 for none.
     *
     * @throws IllegalArgumentException if {@code feeds} is negative
     */
    public Streams withIdle(int feeds) {
      if (feeds < 0) {
        throw new IllegalArgumentException(feeds + " is not a number of feeds (0 or more)");
      }
      return new Streams(live, deltas, interval, feeds);
    }
  }

  /**
   * The failover case's sizes.
   *
   * @param sessions sessions in the closed loop
   * @param warmUp how long the load runs on both instances before the kill
   * @param down how long the killed instance stays down
   * @param settle how long the load goes on after the restarted instance served its first session
   * @param returnLimit the longest the load waits, from the restart, for that first session
   */
  public record Failover(
      int sessions, Duration warmUp, Duration down, Duration settle, Duration returnLimit) {}

  /**
   * The sizes of the steer case.
   *
   * @param sessions sessions that each run one slow turn, all at once
   * @param messages messages steered into each of those turns, at most {@value #MAX_MESSAGES}
   * @param interval how far apart each session sends them
   */
  public record Steer(int sessions, int messages, Duration interval) {

    /**
     * The most messages per turn: the slow turn takes about one step per message (and two more),
     * and the coordinator allows 32 steps per turn by default.
     */
    static final int MAX_MESSAGES = 30;

    /** Checks the counts and the interval. */
    public Steer {
      if (sessions < 1 || messages < 1 || messages > MAX_MESSAGES || interval.toMillis() < 1) {
        throw new IllegalArgumentException(
            sessions
                + "x"
                + messages
                + "@"
                + interval.toMillis()
                + " needs a positive number of sessions, 1 to "
                + MAX_MESSAGES
                + " messages and an interval of 1 ms or more");
      }
    }

    /**
     * Reads {@code SESSIONSxMESSAGES@MS}, e.g. {@code 20x10@200}: 20 sessions whose turns each
     * receive 10 steered messages 200 ms apart.
     *
     * @throws IllegalArgumentException if it is not that, within the limits
     */
    public static Steer parse(String text) {
      long[] numbers =
          countsAtMillis(
              text, "SESSIONSxMESSAGES", "20x10@200 (20 sessions, 10 messages each, 200 ms apart)");
      return new Steer((int) numbers[0], (int) numbers[1], Duration.ofMillis(numbers[2]));
    }

    /** The row name, e.g. {@code 20 turns x 10 messages, 200 ms apart}. */
    public String row() {
      return sessions + " turns x " + messages + " messages, " + interval.toMillis() + " ms apart";
    }
  }

  /**
   * The three numbers of {@code AxB@C}, each positive ({@code A} and {@code B} ints, {@code C} a
   * long).
   *
   * @param counts what {@code AxB} stands for, such as {@code STREAMSxDELTAS}, for the message
   * @param example an example, for the message
   * @throws IllegalArgumentException if {@code text} is not that
   */
  static long[] countsAtMillis(String text, String counts, String example) {
    String[] parts = text.trim().split("[x@]", -1);
    try {
      if (parts.length == 3 && text.indexOf('x') < text.indexOf('@')) {
        long[] numbers = {
          Integer.parseInt(parts[0]), Integer.parseInt(parts[1]), Long.parseLong(parts[2])
        };
        if (numbers[0] > 0 && numbers[1] > 0 && numbers[2] > 0) {
          return numbers;
        }
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException(
        "\"" + text + "\" is not " + counts + "@MS of positive integers, e.g. " + example);
  }

  /** The sizes of issue #6. */
  public static Sizes full() {
    return new Sizes(
        List.of(new Shape(1, 200), new Shape(100, 200), new Shape(1000, 20), new Shape(10_000, 2)),
        List.of(new Shape(1, 200), new Shape(100, 200), new Shape(1000, 20)),
        List.of(200, 500, 1000, 2000),
        1000,
        Duration.ofSeconds(20),
        1_000_000,
        10_000,
        Duration.ofSeconds(1),
        20_000,
        1_000_000,
        2000,
        Duration.ofSeconds(60),
        new Shape(100, 10),
        new Shape(1, 200),
        new Streams(1000, 200, Duration.ofMillis(20), 10_000),
        new Steer(20, 10, Duration.ofMillis(200)),
        new Failover(
            100,
            Duration.ofSeconds(20),
            Duration.ofSeconds(20),
            Duration.ofSeconds(15),
            Duration.ofSeconds(100)));
  }

  /** Small sizes for development: a whole run in a few minutes. */
  public static Sizes quick() {
    return new Sizes(
        List.of(new Shape(1, 50), new Shape(20, 50), new Shape(100, 10), new Shape(1000, 2)),
        List.of(new Shape(1, 50), new Shape(20, 50), new Shape(100, 10)),
        List.of(100, 200),
        100,
        Duration.ofSeconds(5),
        5000,
        500,
        Duration.ofSeconds(1),
        2000,
        100_000,
        200,
        Duration.ofSeconds(20),
        new Shape(20, 10),
        new Shape(1, 50),
        new Streams(100, 200, Duration.ofMillis(20), 1000),
        new Steer(10, 10, Duration.ofMillis(200)),
        new Failover(
            50,
            Duration.ofSeconds(10),
            Duration.ofSeconds(15),
            Duration.ofSeconds(8),
            Duration.ofSeconds(90)));
  }

  /** These sizes with other closed-loop shapes, directly through Kafka and through HTTP. */
  public Sizes withClosedLoop(List<Shape> shapes) {
    return with(List.copyOf(shapes), List.copyOf(shapes), scaleSessions, budget, streams, steer);
  }

  /** These sizes with another time budget. */
  public Sizes withBudget(Duration newBudget) {
    return with(closedLoop, httpLoop, scaleSessions, newBudget, streams, steer);
  }

  /** These sizes with other sizes of the streams case. */
  public Sizes withStreams(Streams newStreams) {
    return with(closedLoop, httpLoop, scaleSessions, budget, newStreams, steer);
  }

  /**
   * These sizes with {@code sessions} sessions of one turn each in the scale case.
   *
   * @throws IllegalArgumentException if {@code sessions} is not positive
   */
  public Sizes withScaleSessions(int sessions) {
    if (sessions < 1) {
      throw new IllegalArgumentException(sessions + " is not a number of sessions (1 or more)");
    }
    return with(closedLoop, httpLoop, sessions, budget, streams, steer);
  }

  /** These sizes with {@code shape} as the records case's load. */
  public Sizes withRecordedShape(Shape shape) {
    return new Sizes(
        closedLoop,
        httpLoop,
        openRates,
        openSessions,
        openDuration,
        scaleSessions,
        heldTurns,
        hold,
        lockCycles,
        replayMessages,
        warmUpTurns,
        budget,
        Objects.requireNonNull(shape, "shape"),
        sequential,
        streams,
        steer,
        failover);
  }

  /** These sizes with other sizes of the steer case. */
  public Sizes withSteer(Steer newSteer) {
    return with(closedLoop, httpLoop, scaleSessions, budget, streams, newSteer);
  }

  private Sizes with(
      List<Shape> shapes,
      List<Shape> httpShapes,
      int newScaleSessions,
      Duration newBudget,
      Streams newStreams,
      Steer newSteer) {
    return new Sizes(
        shapes,
        httpShapes,
        openRates,
        openSessions,
        openDuration,
        newScaleSessions,
        heldTurns,
        hold,
        lockCycles,
        replayMessages,
        warmUpTurns,
        newBudget,
        recorded,
        sequential,
        newStreams,
        newSteer,
        failover);
  }

  /**
   * The observe case's shapes: the first HTTP shape (sequential turns: 1x200, quick 1x50) and the
   * {@linkplain #profiled() throughput shape} (1000x20, quick 100x10), once each.
   */
  public List<Shape> observed() {
    return Stream.of(httpLoop.getFirst(), profiled()).distinct().toList();
  }

  /**
   * The shape the profile runs and the throughput target reads: 1000x20 if it is one of the shapes,
   * else the largest but one of three or more (100x10 in the quick sizes), else the last.
   */
  public Shape profiled() {
    if (closedLoop.contains(THROUGHPUT_SHAPE)) {
      return THROUGHPUT_SHAPE;
    }
    return closedLoop.get(closedLoop.size() >= 3 ? closedLoop.size() - 2 : closedLoop.size() - 1);
  }
}
