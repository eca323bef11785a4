package dev.baton.cli.chaos;

import dev.baton.cli.testkit.EventSummary;
import dev.baton.schemas.avro.SessionEvent;
import dev.baton.schemas.avro.TurnAccepted;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.avro.specific.SpecificRecord;

/** Which accepted turns of a session have not ended yet. */
final class TurnEnds {

  private TurnEnds() {}

  /** The turns {@code events} accept and do not end, in the order they were accepted. */
  static Set<String> unfinished(List<SessionEvent> events) {
    Set<String> open = new LinkedHashSet<>();
    for (SessionEvent event : events) {
      if (event.getBody() instanceof TurnAccepted) {
        open.add(event.getTurnId());
      } else if (EventSummary.TURN_ENDS.contains(
          ((SpecificRecord) event.getBody()).getSchema().getName())) {
        open.remove(event.getTurnId());
      }
    }
    return open;
  }
}
