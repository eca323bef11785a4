package dev.baton.coordinator.auth.internal;

import dev.baton.coordinator.auth.Scope;
import dev.baton.coordinator.auth.TokenGrant;
import dev.baton.schemas.avro.ApiToken;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Maps a token's grant to the tokens topic's Avro value and back. */
public final class TokenRecords {

  private TokenRecords() {}

  /** A stored grant with the hash of its token's secret. */
  public record StoredGrant(TokenGrant grant, byte[] secretHash) {}

  /** The value that stores {@code grant} with {@code secretHash}. */
  public static ApiToken toRecord(TokenGrant grant, byte[] secretHash) {
    List<String> scopes = new ArrayList<>();
    grant.scopes().stream().sorted().forEach(scope -> scopes.add(scope.label()));
    return ApiToken.newBuilder()
        .setTokenId(grant.tokenId())
        .setTenant(grant.tenant())
        .setScopes(new ArrayList<>(scopes))
        .setName(grant.name())
        .setSecretSha256(ByteBuffer.wrap(secretHash.clone()))
        .setCreatedAt(grant.createdAt())
        .build();
  }

  /** The grant stored in {@code record}; a scope this reader does not know grants nothing. */
  public static StoredGrant fromRecord(ApiToken record) {
    Set<Scope> scopes = EnumSet.noneOf(Scope.class);
    for (CharSequence label : record.getScopes()) {
      Optional<Scope> scope = Scope.of(label.toString());
      scope.ifPresent(scopes::add);
    }
    ByteBuffer hash = record.getSecretSha256().duplicate();
    byte[] bytes = new byte[hash.remaining()];
    hash.get(bytes);
    TokenGrant grant =
        new TokenGrant(
            record.getTokenId().toString(),
            record.getTenant().toString(),
            scopes,
            record.getName().toString(),
            record.getCreatedAt());
    return new StoredGrant(grant, bytes);
  }
}
