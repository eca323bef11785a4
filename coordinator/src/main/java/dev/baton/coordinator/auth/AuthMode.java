package dev.baton.coordinator.auth;

/** Whether the session endpoints need an API token. */
public enum AuthMode {
  /** Every session request needs a token, which confines it to its tenant and scopes. */
  TOKENS,
  /** No token is asked for: anyone who reaches the port is the default tenant, with every scope. */
  OFF
}
