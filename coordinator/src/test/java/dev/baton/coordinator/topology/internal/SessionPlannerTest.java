package dev.baton.coordinator.topology.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.coordinator.topology.CoordinatorTopology;
import dev.baton.coordinator.topology.StoredSession;
import dev.baton.coordinator.topology.TopologyOptions;
import dev.baton.schemas.Compatibility;
import dev.baton.schemas.InMemorySchemaRegistryClient;
import dev.baton.schemas.SchemaRegistryClient;
import dev.baton.schemas.SchemaRegistryException;
import dev.baton.schemas.TopicLayout;
import dev.baton.schemas.Topics;
import dev.baton.schemas.avro.Command;
import dev.baton.schemas.avro.OnBusy;
import dev.baton.schemas.avro.RecordRejected;
import dev.baton.schemas.avro.RecordRejectionReason;
import dev.baton.schemas.avro.SubmitTurn;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.avro.Schema;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

class SessionPlannerTest {

  private static final Instant T0 = Instant.parse("2025-06-01T10:00:00Z");

  private final InMemorySchemaRegistryClient registry = new InMemorySchemaRegistryClient();
  private final Topics topics = Topics.create(TopicLayout.defaults(), registry);

  @Test
  void shouldThrowRetryableRegistryFailureInsteadOfRejectingTheRecord() {
    byte[] submit = submitBytes();
    Topics unreachable = Topics.create(TopicLayout.defaults(), new UnreachableRegistry(registry));

    SessionPlanner planner = planner(unreachable, StoredSession::empty);

    assertThatThrownBy(() -> planner.plan(input(submit)))
        .isInstanceOf(SchemaRegistryException.class)
        .satisfies(e -> assertThat(((SchemaRegistryException) e).isRetryable()).isTrue());
  }

  @Test
  void shouldRejectRecordWhenPlanningFailsUnexpectedly() {
    SessionPlanner planner =
        planner(
            topics,
            sessionId -> {
              throw new IllegalStateException("corrupt session " + sessionId);
            });

    List<Effect> effects = planner.plan(input(submitBytes()));

    assertThat(effects).first().isEqualTo(new Effect.CountRejection(RecordRejectionReason.OTHER));
    Effect.Emit emit = (Effect.Emit) effects.get(1);
    assertThat(emit.key()).isEqualTo(CoordinatorTopology.INVALID_SESSION_KEY);
    RecordRejected body = (RecordRejected) emit.event().getBody();
    assertThat(body.getDetail()).contains("corrupt session session-1");
  }

  @Test
  void shouldSaveTheSessionAsTheLastWriteOfADecisionThenNotify() {
    SessionPlanner planner = planner(topics, StoredSession::empty);

    List<Effect> effects = planner.plan(input(submitBytes()));

    assertThat(effects.get(effects.size() - 2)).isInstanceOf(Effect.Save.class);
    assertThat(effects.getLast()).isInstanceOf(Effect.Notify.class);
    assertThat(effects).filteredOn(Effect.Assign.class::isInstance).hasSize(1);
    assertThat(effects).filteredOn(Effect.AppendHistory.class::isInstance).hasSize(1);
  }

  private SessionPlanner planner(Topics readers, Function<String, StoredSession> sessions) {
    TopologyOptions options = TopologyOptions.defaults();
    return new SessionPlanner(
        new RecordIntake(readers, 1, options.maxRecordBytes()),
        options,
        new RecordBudget(
            options.maxRecordBytes(),
            readers,
            new StoredSessionSerde(options.limits()),
            new TurnPageSerde()),
        new SessionPayloads(sessions, key -> null, id -> List.of()),
        new HistoryStore(null));
  }

  private byte[] submitBytes() {
    Command command =
        new Command(
            "cmd-1",
            "session-1",
            T0,
            new SubmitTurn("turn-1", "Hello", OnBusy.REJECT, null, Map.of(), null));
    return topics.commands().valueSerde().serializer().serialize(topics.commands().name(), command);
  }

  private InputRecord input(byte[] value) {
    return new InputRecord(
        topics.commands().name(), 0, 0, "session-1", value, T0, new RecordHeaders());
  }

  /** A registry that registers fine but cannot be reached to look a schema up by id. */
  private record UnreachableRegistry(SchemaRegistryClient delegate)
      implements SchemaRegistryClient {

    @Override
    public int register(String subject, Schema schema) {
      return delegate.register(subject, schema);
    }

    @Override
    public int lookup(String subject, Schema schema) {
      return delegate.lookup(subject, schema);
    }

    @Override
    public Schema schemaById(int id) {
      throw SchemaRegistryException.httpError(
          "GET", URI.create("http://registry/schemas/ids/" + id), 503, -1, "unavailable");
    }

    @Override
    public void setCompatibility(String subject, Compatibility compatibility) {
      delegate.setCompatibility(subject, compatibility);
    }

    @Override
    public Compatibility getCompatibility(String subject) {
      return delegate.getCompatibility(subject);
    }
  }
}
