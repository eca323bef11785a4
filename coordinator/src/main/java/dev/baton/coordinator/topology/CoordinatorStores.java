package dev.baton.coordinator.topology;

import dev.baton.schemas.TopicLayout;

/**
 * The names of the coordinator's state stores, for interactive queries. All are persistent
 * key-value stores; Kafka Streams creates their changelogs compacted, except for {@link #TIMERS},
 * which has none.
 *
 * <pre>{@code
 * ReadOnlyKeyValueStore<String, StoredSession> sessions =
 *     streams.store(StoreQueryParameters.fromNameAndType(
 *         CoordinatorStores.SESSIONS, QueryableStoreTypes.keyValueStore()));
 * }</pre>
 */
public final class CoordinatorStores {

  /**
   * Session id to {@link StoredSession}: the session's state and its next event sequence number.
   * Its changelog {@code <application.id>-sessions-changelog} is internal; see {@link
   * StoredSession} for its value format.
   */
  public static final String SESSIONS = "sessions";

  /**
   * {@link dev.baton.schemas.HistoryKey} (session id, seq) to {@link
   * dev.baton.schemas.avro.HistoryEntry}. A session is one contiguous range, in seq order. Its
   * changelog {@code <application.id>-history-changelog} is the history topic ({@link
   * TopicLayout#history()}): compacted, keyed with {@link dev.baton.schemas.HistoryKeySerde},
   * values in the Confluent wire format, so a plain consumer with the project's serdes replays any
   * session from it.
   */
  public static final String HISTORY = TopicLayout.HISTORY_STORE;

  /**
   * {@link dev.baton.schemas.HistoryKey} (session id, eventSeq) to a list of {@link
   * dev.baton.schemas.avro.SessionEvent}s: the latest {@link TopologyOptions#eventsPerSession()}
   * events of each session, as written to the session-events topic, for the HTTP API. Each entry
   * holds the events of one decision (more entries only if they would not fit one record), keyed by
   * the first one's eventSeq, so a session is one contiguous range in eventSeq order; read it with
   * {@link KeptEvents}. Older events are on the session-events topic only. Its changelog {@code
   * <application.id>-events-changelog} is internal: a value is the byte 1, then each event as a
   * 4-byte length and the event in the Confluent wire format under the subject {@code
   * <application.id>-events-changelog-value}; a value that is one event in the wire format alone
   * (the form of versions that kept an entry per event) reads as an entry of one.
   */
  public static final String EVENTS = "events";

  /**
   * When each session next needs the wall clock (its turn's deadline, the lease of its work out, or
   * the end of its idle time to live): keys are the due instant as zero-padded epoch milliseconds,
   * {@code |} and the session id; values are the session id. A wall-clock punctuator scans it from
   * the start up to now. It has no changelog: it is an index of the instants the {@link #SESSIONS}
   * store holds ({@link StoredSession#timer()}), emptied and filled again from it when a task
   * starts.
   */
  public static final String TIMERS = "timers";

  /**
   * The payload bodies a session's state refers to: the inputs of queued turns and the tool results
   * a running batch has received, each in its own record, so that the {@link #SESSIONS} record
   * stays small whatever the payloads. Keys are the session id, the turn id and the payload (the
   * batch's fencing token and call id for a result), separated by NUL; values the text. An entry is
   * deleted when the state no longer refers to it (the turn started, the batch completed and its
   * results went to history). Its changelog {@code <application.id>-payloads-changelog} is
   * internal.
   */
  public static final String PAYLOADS = "payloads";

  /**
   * The finished turns each session remembers ({@link
   * dev.baton.coordinator.session.SessionState#finishedTurns()}) once they are more than a page
   * holds, kept apart from its {@link #SESSIONS} record so that a decision writes only the turns
   * that changed: {@link dev.baton.schemas.HistoryKey} (session id, page number) to a page of up to
   * {@link TurnPages#PAGE_TURNS} {@link RememberedTurn}s; a session is one contiguous range, in the
   * order its turns ended. Read it with {@link TurnPages}. Its changelog {@code
   * <application.id>-turns-changelog} is internal.
   */
  public static final String TURNS = "turns";

  private CoordinatorStores() {}
}
