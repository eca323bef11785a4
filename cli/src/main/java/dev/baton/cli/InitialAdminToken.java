package dev.baton.cli;

import dev.baton.coordinator.CoordinatorConfig;
import dev.baton.coordinator.auth.IssuedToken;
import dev.baton.coordinator.auth.Scope;
import dev.baton.coordinator.auth.TokenAdmin;
import dev.baton.schemas.SchemaRegistryClient;
import dev.baton.schemas.TenantIds;
import dev.baton.schemas.Topics;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A first token for a fleet that has none: a {@code fleet:admin} token of the default tenant,
 * written to the log once, so that a stack started from nothing (docker compose) can be used and
 * can create its tenants' tokens. Never made while any token exists.
 */
final class InitialAdminToken {

  private static final Logger log = LoggerFactory.getLogger(InitialAdminToken.class);

  private InitialAdminToken() {}

  /** Creates and logs the token if the tokens topic of {@code config} holds no active token. */
  static void createIfNone(CoordinatorConfig config) {
    try (SchemaRegistryClient registry = SchemaRegistryClient.create(config.registry());
        TokenAdmin admin =
            TokenAdmin.connect(config.kafka(), Topics.create(config.topics(), registry).tokens())) {
      if (!admin.list().isEmpty()) {
        log.info("API tokens exist; no initial admin token is created");
        return;
      }
      IssuedToken issued =
          admin.create(TenantIds.DEFAULT, Set.of(Scope.FLEET_ADMIN), "initial admin");
      log.warn(
          "No API token existed, so this one was created: {}  (fleet:admin, id {}; it is shown only"
              + " now: create tenants' tokens with baton token create, then revoke it)",
          issued.token(),
          issued.grant().tokenId());
    }
  }
}
