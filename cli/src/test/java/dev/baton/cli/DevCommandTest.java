package dev.baton.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** How {@code baton dev} sets up its stack. */
class DevCommandTest {

  @Test
  void shouldKeepTheHttpPortFromTheStackWhenTheApiListensOnLoopback() {
    DevCommand loopback = dev("--http-port=18080");
    DevCommand wildcard = dev("--http-host=0.0.0.0", "--http-port=18081");
    DevCommand elsewhere = dev("--http-host=192.0.2.1", "--http-port=18082");

    assertThat(loopback.stackConfig().reservedPorts())
        .containsExactly(entry("coordinator HTTP API", 18080));
    assertThat(wildcard.stackConfig().reservedPorts())
        .containsExactly(entry("coordinator HTTP API", 18081));
    assertThat(elsewhere.stackConfig().reservedPorts()).isEmpty();
  }

  private static DevCommand dev(String... options) {
    String[] args = new String[options.length + 2];
    args[0] = "dev";
    args[1] = "--registry=http://127.0.0.1:1/apis/ccompat/v7";
    System.arraycopy(options, 0, args, 2, options.length);
    return CliRun.parse(Map.of(), args);
  }
}
