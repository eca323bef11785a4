package dev.baton.coordinator.stream;

import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;

/**
 * A stream being opened on the reader's thread, in the steps that let a batch of them share their
 * broker lookups ({@link OffsetLookups}): it learns its partitions, then (once the batch's stable
 * ends are taken) what times it needs looked up, then builds its subscription from the answers.
 */
final class StreamOpening {

  /** The two partitions of one session. */
  record Partitions(TopicPartition events, TopicPartition deltas) {
    List<TopicPartition> both() {
      return List.of(events, deltas);
    }
  }

  private final String sessionId;
  private final String turnId;
  private final StreamStart start;
  private final int bufferEvents;
  private final CompletableFuture<StreamSubscription> opened;
  private Partitions partitions;
  private StreamStart.SessionNow now;
  private long fromTime = -1;

  /** A request to open the stream of {@code turnId} (the session's feed if null). */
  StreamOpening(
      String sessionId,
      String turnId,
      StreamStart start,
      int bufferEvents,
      CompletableFuture<StreamSubscription> opened) {
    this.sessionId = sessionId;
    this.turnId = turnId;
    this.start = start;
    this.bufferEvents = bufferEvents;
    this.opened = opened;
  }

  String sessionId() {
    return sessionId;
  }

  Partitions partitions() {
    return partitions;
  }

  /** Places it on {@code partition} of the two topics. */
  void locate(String eventsTopic, String deltasTopic, int partition) {
    partitions =
        new Partitions(
            new TopicPartition(eventsTopic, partition), new TopicPartition(deltasTopic, partition));
  }

  /**
   * Asks a live feed's session what it is doing (after the batch's ends were taken, so no turn it
   * does not know of starts before them), and tells {@code lookups} the time it starts from, if it
   * starts from one.
   */
  void plan(OffsetLookups lookups) {
    StreamStart.FromTime from =
        switch (start) {
          case StreamStart.FromTime time -> time;
          case StreamStart.Live live -> {
            now = live.now().get();
            yield now.hasActiveTurn() ? new StreamStart.FromTime(now.activeTurnSince()) : null;
          }
          case StreamStart.After after -> null;
        };
    if (from != null) {
      fromTime = from.firstEventAt().minus(TurnStreams.START_SLACK).toEpochMilli();
      partitions.both().forEach(partition -> lookups.want(partition, fromTime));
    }
  }

  /**
   * Its subscription, from the answers of {@code lookups}.
   *
   * @throws TurnStreamException if the records it would start from were deleted
   */
  StreamSubscription subscribe(OffsetLookups lookups, Consumer<StreamSubscription> onClose) {
    StreamSubscription subscription =
        switch (start) {
          case StreamStart.After after ->
              switch (after.cursor()) {
                case TurnCursor turn ->
                    new StreamSubscription(sessionId, turnId, turn, bufferEvents, onClose);
                case FeedCursor feed ->
                    new StreamSubscription(sessionId, feed, null, Set.of(), bufferEvents, onClose);
              };
          case StreamStart.FromTime from ->
              new StreamSubscription(
                  sessionId,
                  turnId,
                  TurnCursor.before(sessionId, turnId, startOffsets(lookups)),
                  bufferEvents,
                  onClose);
          case StreamStart.Live live -> liveFeed(lookups, onClose);
        };
    requireKept(subscription.filter().cursor(), lookups);
    return subscription;
  }

  /** A feed from the start of the session's oldest active turn, or from the stable ends. */
  private StreamSubscription liveFeed(OffsetLookups lookups, Consumer<StreamSubscription> onClose) {
    if (now.hasActiveTurn()) {
      FeedCursor from = FeedCursor.before(sessionId, startOffsets(lookups), 0);
      return new StreamSubscription(
          sessionId, from, now.activeTurnId(), now.endedTurnIds(), bufferEvents, onClose);
    }
    FeedCursor from =
        FeedCursor.before(
            sessionId,
            new TurnStreams.Offsets(
                lookups.end(partitions.events()), lookups.end(partitions.deltas())),
            now.lastFencingToken());
    return new StreamSubscription(sessionId, from, null, now.endedTurnIds(), bufferEvents, onClose);
  }

  private TurnStreams.Offsets startOffsets(OffsetLookups lookups) {
    return new TurnStreams.Offsets(
        startOffset(lookups, partitions.events()), startOffset(lookups, partitions.deltas()));
  }

  /**
   * The first offset at or after the start time, or the stable end if there is none; expired if it
   * is the first kept record of a partition that has lost records (the turn's start may have been
   * among them).
   */
  private long startOffset(OffsetLookups lookups, TopicPartition partition) {
    OffsetAndTimestamp found = lookups.atOrAfter(partition, fromTime);
    if (found == null) {
      return lookups.end(partition);
    }
    long first = lookups.first(partition);
    if (first > 0 && found.offset() <= first) {
      throw TurnStreamException.expired(sessionId, turnId, "its first records were deleted");
    }
    return found.offset();
  }

  private void requireKept(StreamCursor cursor, OffsetLookups lookups) {
    if (cursor.eventsOffset() + 1 < lookups.first(partitions.events())
        || cursor.deltaOffset() + 1 < lookups.first(partitions.deltas())) {
      throw TurnStreamException.expired(
          sessionId, turnId, "records after the cursor were deleted by retention");
    }
  }

  /** Hands its opener the subscription. */
  void open(StreamSubscription subscription) {
    opened.complete(subscription);
  }

  /** Hands its opener {@code failure}. */
  void fail(Throwable failure) {
    opened.completeExceptionally(failure);
  }
}
