package dev.baton.cli.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.TypeConversionException;

class SettingTypesTest {

  @Test
  void shouldAcceptTheBoundsOfARangeAndNothingBeyond() {
    SettingTypes.Port port = new SettingTypes.Port();

    assertThat(port.convert("0")).isZero();
    assertThat(port.convert(" 65535 ")).isEqualTo(65_535);
    assertThatThrownBy(() -> port.convert("65536"))
        .isInstanceOf(TypeConversionException.class)
        .hasMessage("an integer from 0 to 65535");
    assertThatThrownBy(() -> port.convert("-1")).hasMessage(port.allowed());
  }

  @Test
  void shouldRejectWhatIsNoIntegerWithWhatIsAllowed() {
    SettingTypes.PositiveLong positive = new SettingTypes.PositiveLong();

    assertThat(positive.convert("1")).isEqualTo(1L);
    assertThatThrownBy(() -> positive.convert("0")).hasMessage("an integer >= 1");
    assertThatThrownBy(() -> positive.convert("1.5")).hasMessage("an integer >= 1");
    assertThatThrownBy(() -> new SettingTypes.PositiveInt().convert("2147483648"))
        .hasMessage("an integer >= 1");
  }

  @Test
  void shouldTakeTrueOrFalseInAnyCaseAndNothingElse() {
    SettingTypes.Bool bool = new SettingTypes.Bool();

    assertThat(bool.convert(" FALSE ")).isFalse();
    assertThat(bool.convert("true")).isTrue();
    assertThatThrownBy(() -> bool.convert("yes")).hasMessage("true or false");
    assertThatThrownBy(() -> bool.convert("")).hasMessage("true or false");
  }

  @Test
  void shouldTakeTheWorkersLimitFromItsOptions() {
    assertThat(new SettingTypes.MaxInFlight().allowed()).isEqualTo("an integer from 1 to 10000");
  }

  @Test
  void shouldTakeAStateMemoryOf16MiBOrMore() {
    SettingTypes.StateMemoryMb memory = new SettingTypes.StateMemoryMb();
    assertThat(memory.convert("16")).isEqualTo(16);
    assertThatThrownBy(() -> memory.convert("15")).hasMessageContaining("16");
  }

  @Test
  void shouldCheckDurationsTextAndPaths() {
    assertThat(new SettingTypes.NonNegativeDuration().convert("PT0S")).isEqualTo(Duration.ZERO);
    assertThatThrownBy(() -> new SettingTypes.NonNegativeDuration().convert("100ms"))
        .hasMessageStartingWith("an ISO-8601 duration");
    assertThat(new SettingTypes.Text().convert(" host ")).isEqualTo("host");
    assertThatThrownBy(() -> new SettingTypes.Text().convert("")).hasMessage("a non-empty value");
    assertThat(new SettingTypes.FilePath().convert("a/b")).isEqualTo(Path.of("a/b"));
    assertThatThrownBy(() -> new SettingTypes.FilePath().convert(" "))
        .hasMessage("a file system path");
  }

  @Test
  void shouldTakeAHandOffOfZeroOrMoreMillisecondsOrNever() {
    SettingTypes.HandOffAfterMs handOff = new SettingTypes.HandOffAfterMs();

    assertThat(handOff.convert("0")).isZero();
    assertThat(handOff.convert(" 1000 ")).isEqualTo(1000L);
    assertThat(handOff.convert(" never ")).isNull();
    assertThatThrownBy(() -> handOff.convert("-1")).hasMessage("an integer >= 0, or never");
    assertThatThrownBy(() -> handOff.convert("off")).hasMessage(handOff.allowed());
  }
}
