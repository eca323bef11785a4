package dev.baton.cli.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class GatewayOptionsTest {

  @Test
  void shouldShowNoToken() {
    GatewayOptions options = GatewayOptions.builder().port(0).token("t0ken-s3cret").build();

    assertThat(options.token()).contains("t0ken-s3cret");
    assertThat(options.toString()).contains("token=***").doesNotContain("t0ken-s3cret");
  }
}
