package dev.baton.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SessionKeysTest {

  @Test
  void shouldKeyTheDefaultTenantsSessionsByTheirIdAlone() {
    assertThat(SessionKeys.of(TenantIds.DEFAULT, "chat-42")).isEqualTo("chat-42");
    assertThat(SessionKeys.tenantOf("chat-42")).isEqualTo(TenantIds.DEFAULT);
    assertThat(SessionKeys.sessionIdOf("chat-42")).isEqualTo("chat-42");
  }

  @Test
  void shouldPrefixOtherTenantsSessionsWithTheTenant() {
    String key = SessionKeys.of("acme", "chat-42");

    assertThat(key).isEqualTo("acme/chat-42");
    assertThat(SessionKeys.isValid(key)).isTrue();
    assertThat(SessionKeys.tenantOf(key)).isEqualTo("acme");
    assertThat(SessionKeys.sessionIdOf(key)).isEqualTo("chat-42");
  }

  @Test
  void shouldGiveTwoTenantsSessionsOfOneIdDifferentKeys() {
    assertThat(SessionKeys.of("acme", "s")).isNotEqualTo(SessionKeys.of("globex", "s"));
    assertThat(SessionKeys.of("acme", "s")).isNotEqualTo(SessionKeys.of(TenantIds.DEFAULT, "s"));
  }

  @Test
  void shouldRejectKeysThatNameNoOneSession() {
    assertThat(SessionKeys.isValid("default/s")).as("the default tenant has one key").isFalse();
    assertThat(SessionKeys.isValid("Acme/s")).as("tenant ids are lower case").isFalse();
    assertThat(SessionKeys.isValid("a/b/c")).isFalse();
    assertThat(SessionKeys.isValid("/s")).isFalse();
    assertThat(SessionKeys.isValid("acme/")).isFalse();
    assertThat(SessionKeys.isValid(null)).isFalse();
    assertThatThrownBy(() -> SessionKeys.of("acme", "a/b"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("a/b");
    assertThatThrownBy(() -> SessionKeys.of("-x", "s"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("tenant");
  }
}
