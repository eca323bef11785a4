package dev.baton.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.coordinator.BatonAcls;
import dev.baton.coordinator.BatonAcls.Role;
import dev.baton.schemas.TopicLayout;
import dev.baton.worker.WorkerOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.junit.jupiter.api.Test;

/**
 * The ACLs in docs/operations.md (Security) are those of {@link BatonAcls}, as a table and as the
 * output of {@code ./baton acls}, for the default names. After changing them, regenerate the part
 * with {@code ./mvnw -B test -pl cli -am -Dtest=AclsDocTest -Dsurefire.failIfNoSpecifiedTests=false
 * -Dbaton.docs.update=true}.
 */
class AclsDocTest {

  private static final String BEGIN = "<!-- Generated from BatonAcls; AclsDocTest checks it. -->";
  private static final String END = "<!-- End of the generated ACLs. -->";

  @Test
  void shouldDocumentTheAclsOfEveryRole() throws IOException {
    Path doc = repositoryFile("docs/operations.md");
    String text = Files.readString(doc);
    int begin = text.indexOf(BEGIN);
    int end = text.indexOf(END);
    assertThat(begin).as("the generated part's markers in %s", doc).isNotNegative();
    assertThat(end).isGreaterThan(begin);
    String documented = text.substring(begin, end + END.length());
    String generated = BEGIN + "\n\n" + table() + "\n" + commands() + "\n" + END;

    if (Boolean.getBoolean("baton.docs.update")) {
      Files.writeString(doc, text.replace(documented, generated));
      documented = generated;
    }

    assertThat(documented)
        .as("the ACLs in docs/operations.md are out of date; regenerate them as the Javadoc says")
        .isEqualTo(generated);
  }

  private static String commands() {
    CliRun run = CliRun.execute(Map.of(), "acls");
    assertThat(run.exitCode()).isZero();
    return "```bash\n$ ./baton acls\n" + run.out() + "```\n";
  }

  /** One row per resource, one column per role, each cell the operations of that role. */
  private static String table() {
    Map<ResourcePattern, Map<Role, List<String>>> rows = new LinkedHashMap<>();
    for (Role role : Role.values()) {
      for (AclBinding acl : acls(role)) {
        rows.computeIfAbsent(acl.pattern(), resource -> new LinkedHashMap<>())
            .computeIfAbsent(role, r -> new ArrayList<>())
            .add(operation(acl));
      }
    }
    StringBuilder table =
        new StringBuilder("| resource | client | coordinator | worker |\n|---|---|---|---|\n");
    rows.forEach(
        (resource, byRole) -> {
          table.append("| ").append(resource(resource));
          for (Role role : Role.values()) {
            table.append(" | ").append(String.join(", ", byRole.getOrDefault(role, List.of("—"))));
          }
          table.append(" |\n");
        });
    return table.toString();
  }

  private static List<AclBinding> acls(Role role) {
    String principal =
        switch (role) {
          case CLIENT -> AclsCommand.DEFAULT_CLIENT;
          case COORDINATOR -> AclsCommand.DEFAULT_COORDINATOR;
          case WORKER -> AclsCommand.DEFAULT_WORKER;
        };
    return BatonAcls.of(role, principal, TopicLayout.defaults(), WorkerOptions.DEFAULT_SHARE_GROUP);
  }

  private static String resource(ResourcePattern resource) {
    String type = resource.resourceType().name().toLowerCase(Locale.ROOT).replace('_', ' ');
    boolean prefixed = resource.patternType() == PatternType.PREFIXED;
    return prefixed ? type + "s `" + resource.name() + "*`" : type + " `" + resource.name() + "`";
  }

  private static String operation(AclBinding acl) {
    return List.of(acl.entry().operation().name().split("_")).stream()
        .map(word -> word.charAt(0) + word.substring(1).toLowerCase(Locale.ROOT))
        .collect(Collectors.joining());
  }

  private static Path repositoryFile(String path) {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null && !Files.exists(dir.resolve("mvnw"))) {
      dir = dir.getParent();
    }
    assertThat(dir).isNotNull();
    return dir.resolve(path);
  }
}
