package dev.baton.coordinator.topology.internal;

import dev.baton.schemas.avro.Command;
import dev.baton.schemas.avro.ForkMessage;
import dev.baton.schemas.avro.SeedFork;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the history a fork's seed carries: turns each {@link Effect.Seed} of a plan into the {@code
 * SeedFork} command it sends, or into a {@link Effect.SeedTooLarge} once the messages read take
 * more than one record may, so that a long history is never read whole just to be refused. A seed
 * is one record: a fork whose history does not fit is refused, never split.
 */
final class ForkSeeds {

  private final HistoryStore history;
  private final RecordBudget budget;

  ForkSeeds(HistoryStore history, RecordBudget budget) {
    this.history = history;
    this.budget = budget;
  }

  /** {@code effects} with every seed read. */
  List<Effect> read(List<Effect> effects) {
    if (effects.stream().noneMatch(Effect.Seed.class::isInstance)) {
      return effects;
    }
    List<Effect> read = new ArrayList<>(effects.size());
    for (Effect effect : effects) {
      read.add(effect instanceof Effect.Seed seed ? read(seed) : effect);
    }
    return read;
  }

  private Effect read(Effect.Seed seed) {
    List<ForkMessage> messages = new ArrayList<>();
    long[] bytes = {0};
    history.forEach(
        seed.sourceSessionId(),
        seed.copied(),
        entry -> {
          bytes[0] += budget.avroBytes(entry);
          messages.add(new ForkMessage(entry.getSeq(), entry.getTurnId(), entry.getMessage()));
          return bytes[0] <= budget.maxValueBytes();
        });
    if (bytes[0] > budget.maxValueBytes()) {
      return new Effect.SeedTooLarge(bytes[0]);
    }
    var body = new SeedFork(seed.sourceSessionId(), seed.atSeq(), messages);
    return new Effect.SendCommand(
        new Command(seed.commandId(), seed.forkSessionId(), seed.at(), body));
  }
}
