package dev.baton.coordinator.auth;

import dev.baton.schemas.TenantIds;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * What an API token grants: a tenant and scopes. Never holds the token's secret.
 *
 * <p>{@code grant.allows(Scope.TURNS_WRITE)}
 *
 * @param tokenId the token's public id, the part before its secret
 * @param tenant the tenant whose sessions the token may touch
 * @param scopes what it may do
 * @param name a label for people, such as the service that holds the token; may be empty
 * @param createdAt when it was created
 */
public record TokenGrant(
    String tokenId, String tenant, Set<Scope> scopes, String name, Instant createdAt) {

  /** Validates the tenant; copies the scopes. */
  public TokenGrant {
    Objects.requireNonNull(tokenId, "tokenId");
    TenantIds.requireValid(tenant);
    scopes = scopes.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(scopes));
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(createdAt, "createdAt");
  }

  /** Whether the token may do what {@code scope} allows: it has it, or it is the fleet's admin. */
  public boolean allows(Scope scope) {
    return scopes.contains(scope) || scopes.contains(Scope.FLEET_ADMIN);
  }
}
