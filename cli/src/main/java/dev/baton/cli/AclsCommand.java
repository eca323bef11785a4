package dev.baton.cli;

import dev.baton.cli.config.SettingTypes;
import dev.baton.cli.ops.OpsException;
import dev.baton.coordinator.BatonAcls;
import dev.baton.coordinator.BatonAcls.Role;
import dev.baton.schemas.KafkaConnection;
import dev.baton.schemas.TopicLayout;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code baton acls}: the {@code kafka-acls} commands that give Baton's client, coordinator and
 * worker principals what their role needs ({@link BatonAcls}), for this fleet's topic names; with
 * {@code --apply}, those ACLs created on the cluster through Kafka's admin API.
 */
@Command(
    name = "acls",
    mixinStandardHelpOptions = true,
    // Wide enough that no default principal is broken at its colon.
    usageHelpWidth = 100,
    description = {
      "Print the kafka-acls commands that let a client principal write commands, a coordinator",
      "principal run the coordinators and a worker principal run the workers, each nothing more",
      "(docs/operations.md#security). Run them as a Kafka admin, or create the ACLs with --apply",
      "and --kafka (with an admin's --kafka-properties)."
    })
final class AclsCommand implements Callable<Integer> {

  /** The default principal of applications that write commands to Kafka. */
  static final String DEFAULT_CLIENT = "User:baton-client";

  /** The default principal of the coordinators. */
  static final String DEFAULT_COORDINATOR = "User:baton-coordinator";

  /** The default principal of the workers and worker gateways. */
  static final String DEFAULT_WORKER = "User:baton-worker";

  @Spec CommandSpec spec;
  @Mixin TopicPrefixOption prefix;
  @Mixin ApplicationIdOption application;
  @Mixin ShareGroupOption group;
  @Mixin ExternalAddresses addresses;
  @Mixin OpsTimeoutOption timeout;

  @Option(
      names = "--apply",
      defaultValue = "false",
      converter = SettingTypes.Bool.class,
      description =
          "Create the ACLs on the Kafka of --kafka instead of printing the commands (the principal"
              + " of --kafka-properties must be allowed to alter the cluster's ACLs); ACLs that"
              + " exist already stay as they are.")
  boolean apply;

  @Option(
      names = "--client-principal",
      defaultValue = DEFAULT_CLIENT,
      converter = SettingTypes.Text.class,
      description = "Principal of the applications that write commands to Kafka themselves.")
  String client;

  @Option(
      names = "--coordinator-principal",
      defaultValue = DEFAULT_COORDINATOR,
      converter = SettingTypes.Text.class,
      description = "Principal of the coordinators.")
  String coordinator;

  @Option(
      names = "--worker-principal",
      defaultValue = DEFAULT_WORKER,
      converter = SettingTypes.Text.class,
      description = "Principal of the workers and worker gateways.")
  String worker;

  @Override
  public Integer call() {
    TopicLayout layout =
        TopicLayout.of(
            prefix.topicPrefix, application.applicationId, TopicLayout.DEFAULT_PARTITIONS);
    PrintWriter out = spec.commandLine().getOut();
    if (apply) {
      createAcls(layout, out);
      return 0;
    }
    for (Role role : Role.values()) {
      String principal = principal(role);
      out.println("# " + role.name().toLowerCase(Locale.ROOT) + ": " + principal);
      commands(BatonAcls.of(role, principal, layout, group.shareGroup)).forEach(out::println);
    }
    out.flush();
    return 0;
  }

  /** Creates every role's ACLs on the cluster, role by role, and says what it created. */
  private void createAcls(TopicLayout layout, PrintWriter out) {
    KafkaConnection kafka = addresses.requiredKafka();
    try (Admin admin = Admin.create(kafka.clientConfig())) {
      for (Role role : Role.values()) {
        String principal = principal(role);
        List<AclBinding> acls = BatonAcls.of(role, principal, layout, group.shareGroup);
        admin.createAcls(acls).all().get(timeout.timeout.toMillis(), TimeUnit.MILLISECONDS);
        out.println(
            role.name().toLowerCase(Locale.ROOT) + " " + principal + ": " + acls.size() + " ACLs");
        out.flush();
      }
    } catch (ExecutionException e) {
      throw OpsException.kafkaRefused("the ACLs", kafka.bootstrapServers(), e.getCause());
    } catch (TimeoutException e) {
      throw OpsException.unreachable(
          "kafka", kafka.bootstrapServers(), timeout.timeout, "no answer");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw OpsException.interrupted("creating the ACLs");
    }
  }

  private String principal(Role role) {
    return switch (role) {
      case CLIENT -> client;
      case COORDINATOR -> coordinator;
      case WORKER -> worker;
    };
  }

  /**
   * One {@code kafka-acls --add} per resource, with its operations, in the order of {@code acls}.
   */
  static List<String> commands(List<AclBinding> acls) {
    List<String> commands = new ArrayList<>();
    List<ResourcePattern> resources =
        acls.stream().map(AclBinding::pattern).distinct().collect(Collectors.toList());
    for (ResourcePattern resource : resources) {
      List<AclBinding> bindings = acls.stream().filter(b -> b.pattern().equals(resource)).toList();
      String operations =
          bindings.stream()
              .map(b -> " --operation " + operationName(b.entry().operation()))
              .collect(Collectors.joining());
      commands.add(
          "kafka-acls.sh --bootstrap-server \"$KAFKA\" --command-config admin.properties --add \\\n"
              + "  --allow-principal "
              + bindings.getFirst().entry().principal()
              + resourceFlags(resource)
              + operations);
    }
    return commands;
  }

  private static String resourceFlags(ResourcePattern resource) {
    String flag =
        switch (resource.resourceType()) {
          case TOPIC -> " --topic ";
          case GROUP -> " --group ";
          case TRANSACTIONAL_ID -> " --transactional-id ";
          default -> " --" + resource.resourceType().name().toLowerCase(Locale.ROOT) + " ";
        };
    String pattern =
        resource.patternType() == PatternType.PREFIXED ? " --resource-pattern-type prefixed" : "";
    return flag + resource.name() + pattern;
  }

  /** {@code DESCRIBE_CONFIGS} as kafka-acls writes it, {@code DescribeConfigs}. */
  private static String operationName(AclOperation operation) {
    return Stream.of(operation.name().split("_"))
        .map(word -> word.charAt(0) + word.substring(1).toLowerCase(Locale.ROOT))
        .collect(Collectors.joining());
  }
}
