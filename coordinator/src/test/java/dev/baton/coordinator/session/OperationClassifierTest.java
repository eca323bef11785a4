package dev.baton.coordinator.session;

import static dev.baton.coordinator.session.OperationClass.READ;
import static dev.baton.coordinator.session.OperationClass.WRITE;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OperationClassifierTest {

  private final OperationClassifier defaults = OperationClassifier.defaults();

  @ParameterizedTest
  @CsvSource({
    "read_file, READ",
    "get_user, READ",
    "list_dir, READ",
    "search_web, READ",
    "fetch_url, READ",
    "write_file, WRITE",
    "delete_user, WRITE",
    "reader, WRITE",
    "getuser, WRITE",
    "READ_FILE, WRITE",
  })
  void shouldClassifyUndeclaredToolsByPrefixAndOtherwiseAsWrite(
      String name, OperationClass expected) {
    assertThat(defaults.classify(name, Optional.empty())).isEqualTo(expected);
  }

  @Test
  void shouldTakeTheWorkersDeclarationOverThePrefix() {
    assertThat(defaults.classify("get_and_increment", Optional.of(WRITE))).isEqualTo(WRITE);
    assertThat(defaults.classify("summarize", Optional.of(READ))).isEqualTo(READ);
  }

  @Test
  void shouldLetTheConfiguredMapOverrideEverything() {
    OperationClassifier configured =
        OperationClassifier.of(Map.of("read_file", WRITE, "lookup", READ));

    assertThat(configured.classify("read_file", Optional.of(READ))).isEqualTo(WRITE);
    assertThat(configured.classify("read_file", Optional.empty())).isEqualTo(WRITE);
    assertThat(configured.classify("lookup", Optional.of(WRITE))).isEqualTo(READ);
    assertThat(configured.classify("list_dir", Optional.empty())).isEqualTo(READ);
  }

  @Test
  void shouldLetTheStricterDeclarationWinWhenCallsOfAStepDisagree() {
    List<OperationClass> classes =
        defaults.classifyStep(
            List.of(
                call("c1", "sync", Optional.of(READ)),
                call("c2", "sync", Optional.of(WRITE)),
                call("c3", "sync", Optional.empty()),
                call("c4", "read_file", Optional.of(READ))));

    assertThat(classes).containsExactly(WRITE, WRITE, WRITE, READ);
  }

  @Test
  void shouldKeepTheConfiguredClassOverConflictingDeclarations() {
    OperationClassifier configured = OperationClassifier.of(Map.of("sync", READ));

    assertThat(
            configured.classifyStep(
                List.of(
                    call("c1", "sync", Optional.of(WRITE)), call("c2", "sync", Optional.of(READ)))))
        .containsExactly(READ, READ);
  }

  @Test
  void shouldTreatWriteAsStricter() {
    assertThat(READ.stricter(READ)).isEqualTo(READ);
    assertThat(READ.stricter(WRITE)).isEqualTo(WRITE);
    assertThat(WRITE.stricter(READ)).isEqualTo(WRITE);
  }

  private static ToolCallRequest call(String id, String name, Optional<OperationClass> declared) {
    return new ToolCallRequest(id, name, "{}", declared);
  }
}
