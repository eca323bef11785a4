package dev.baton.cli.stack.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class JavaRuntimesTest {

  @Test
  void shouldReadTheFeatureVersionOfReleaseFiles() {
    assertThat(JavaRuntimes.featureOf("\"21.0.8\"")).contains(21);
    assertThat(JavaRuntimes.featureOf("25")).contains(25);
    assertThat(JavaRuntimes.featureOf("\"1.8.0_402\"")).contains(8);
    assertThat(JavaRuntimes.featureOf("\"17-ea\"")).contains(17);
    assertThat(JavaRuntimes.featureOf("")).isEmpty();
  }

  @Test
  void shouldPreferTheRunningJvmWhenItIsRecentEnough() {
    assertThat(JavaRuntimes.find(Runtime.version().feature()))
        .startsWith(Path.of(System.getProperty("java.home")))
        .satisfies(java -> assertThat(Files.isExecutable(java)).isTrue());
  }
}
