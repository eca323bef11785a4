package dev.baton.coordinator.auth;

import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * What an API token may do. A token's scopes apply to its tenant's sessions only, except {@link
 * #FLEET_ADMIN}, which allows everything for every tenant.
 *
 * <p>{@code Scope.parseList("turns:write,sessions:read")}
 */
public enum Scope {
  /** Submit turns and cancel them. */
  TURNS_WRITE("turns:write"),
  /** Read sessions: state, pending turns, history, events and streams. */
  SESSIONS_READ("sessions:read"),
  /** Clear history, pause and resume sessions, kill turns. */
  SESSIONS_ADMIN("sessions:admin"),
  /** The operator's: every scope, for every tenant (named with the {@code Baton-Tenant} header). */
  FLEET_ADMIN("fleet:admin"),
  /**
   * A remote worker's: take work from a worker gateway run with {@code --worker-tokens}; nothing on
   * the session endpoints.
   */
  WORKER("worker");

  private final String label;

  Scope(String label) {
    this.label = label;
  }

  /** The scope's name in tokens, settings and problems, such as {@code turns:write}. */
  public String label() {
    return label;
  }

  /** The scope named {@code label}, or empty if there is none. */
  public static Optional<Scope> of(String label) {
    for (Scope scope : values()) {
      if (scope.label.equals(label)) {
        return Optional.of(scope);
      }
    }
    return Optional.empty();
  }

  /**
   * The scopes of a comma-separated list such as {@code turns:write,sessions:read}.
   *
   * @throws IllegalArgumentException naming an unknown scope and the known ones, or if the list is
   *     empty
   */
  public static Set<Scope> parseList(String labels) {
    Set<Scope> scopes = EnumSet.noneOf(Scope.class);
    for (String label : labels.split(",")) {
      String trimmed = label.trim();
      if (!trimmed.isEmpty()) {
        scopes.add(
            of(trimmed)
                .orElseThrow(
                    () ->
                        new IllegalArgumentException(
                            "unknown scope '" + trimmed + "': known are " + labels())));
      }
    }
    if (scopes.isEmpty()) {
      throw new IllegalArgumentException("no scope given: known are " + labels());
    }
    return scopes;
  }

  /** Every scope's label, comma-separated. */
  public static String labels() {
    StringBuilder all = new StringBuilder();
    for (Scope scope : values()) {
      all.append(all.isEmpty() ? "" : ",").append(scope.label);
    }
    return all.toString();
  }
}
