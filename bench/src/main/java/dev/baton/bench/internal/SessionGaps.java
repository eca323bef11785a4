package dev.baton.bench.internal;

import dev.baton.bench.internal.FailoverLoad.Answer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.IntPredicate;

/**
 * How long sessions went without an answer within a phase of a load: the longest gap between two
 * answers of one session (or between its last answer and the phase's end) that overlaps the phase.
 * A closed loop answers each session every few tens of milliseconds, so a gap of seconds is the
 * time its turns could not be served.
 */
final class SessionGaps {

  private final List<List<Answer>> answers;
  private final int sessions;

  /** The gaps of sessions whose answers, in order, are {@code answers} (one list a session). */
  SessionGaps(List<List<Answer>> answers) {
    this.answers = List.copyOf(answers);
    this.sessions = answers.size();
  }

  /**
   * The longest gap, in seconds, of the sessions {@code counted} accepts that overlaps the phase
   * from {@code fromNanos} to {@code toNanos}.
   */
  double longest(long fromNanos, long toNanos, IntPredicate counted) {
    long longest = 0;
    for (int session = 0; session < sessions; session++) {
      if (counted.test(session)) {
        longest = Math.max(longest, longest(answers.get(session), fromNanos, toNanos));
      }
    }
    return longest / 1e9;
  }

  private static long longest(List<Answer> answers, long fromNanos, long toNanos) {
    long longest = 0;
    long previous = Long.MIN_VALUE;
    for (Answer answer : answers) {
      if (previous != Long.MIN_VALUE && answer.nanos() > fromNanos && previous < toNanos) {
        longest = Math.max(longest, answer.nanos() - previous);
      }
      previous = answer.nanos();
    }
    if (previous != Long.MIN_VALUE && previous < toNanos) {
      longest = Math.max(longest, toNanos - previous);
    }
    return longest;
  }

  /**
   * The longest gap, in seconds, of any session that lies wholly within {@code fromNanos} to {@code
   * toNanos}: the steady state before a phase.
   */
  double longestWithin(long fromNanos, long toNanos) {
    List<Long> gaps = gapsWithin(fromNanos, toNanos);
    return gaps.isEmpty() ? 0 : gaps.get(gaps.size() - 1) / 1e9;
  }

  /**
   * The median, in seconds, of the gaps of every session that lie wholly within {@code fromNanos}
   * to {@code toNanos}: how long a turn takes in the steady state before a phase (0 if none).
   */
  double medianWithin(long fromNanos, long toNanos) {
    List<Long> gaps = gapsWithin(fromNanos, toNanos);
    return gaps.isEmpty() ? 0 : gaps.get(gaps.size() / 2) / 1e9;
  }

  /** Every session's gaps that lie wholly within {@code fromNanos} to {@code toNanos}, sorted. */
  private List<Long> gapsWithin(long fromNanos, long toNanos) {
    List<Long> gaps = new ArrayList<>();
    for (int session = 0; session < sessions; session++) {
      long previous = Long.MIN_VALUE;
      for (Answer answer : answers.get(session)) {
        if (previous >= fromNanos && answer.nanos() < toNanos) {
          gaps.add(answer.nanos() - previous);
        }
        previous = answer.nanos();
      }
    }
    Collections.sort(gaps);
    return gaps;
  }

  /**
   * The port of the instance that owned session {@code session} at its last answer before {@code
   * nanos}, or -1 if it had none.
   */
  int ownerBefore(int session, long nanos) {
    int owner = -1;
    for (Answer answer : answers.get(session)) {
      if (answer.nanos() >= nanos) {
        break;
      }
      owner = answer.owner();
    }
    return owner;
  }

  /**
   * Seconds from {@code fromNanos} until the first answer served by the instance at {@code port},
   * or -1 if none was.
   */
  double firstServedBy(int port, long fromNanos) {
    long first = Long.MAX_VALUE;
    for (int session = 0; session < sessions; session++) {
      for (Answer answer : answers.get(session)) {
        if (answer.nanos() >= fromNanos && answer.owner() == port) {
          first = Math.min(first, answer.nanos());
          break;
        }
      }
    }
    return first == Long.MAX_VALUE ? -1 : (first - fromNanos) / 1e9;
  }
}
