package dev.baton.coordinator;

import dev.baton.schemas.TopicLayout;
import dev.baton.schemas.TopicSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

/**
 * The Kafka ACLs that let each of Baton's three principals do its job and nothing more, for one
 * topic layout and share group. A client can write commands but no worker result or assignment; a
 * worker can write results and output but no command; only the coordinator writes assignments,
 * events and stops. None writes API tokens: {@code baton token} (and a coordinator's {@code
 * --create-admin-token}) need {@code Write} on the tokens topic, an administrator's.
 * docs/operations.md (Security) lists them, and {@code baton acls} prints them as {@code
 * kafka-acls} commands.
 *
 * <pre>{@code
 * List<AclBinding> acls = BatonAcls.of(BatonAcls.Role.WORKER, "User:worker", layout, "baton-workers");
 * admin.createAcls(acls).all().get();
 * }</pre>
 */
public final class BatonAcls {

  /** What a principal does with Baton's topics. */
  public enum Role {
    /**
     * An application that submits turns by writing commands to Kafka itself, and may follow
     * sessions' events and output. (Clients of the HTTP API need no Kafka principal: the
     * coordinator writes their commands.)
     */
    CLIENT,
    /**
     * A coordinator instance: its Kafka Streams application (its group, transactions and internal
     * topics under the application id), its HTTP API (which writes commands and reads events and
     * output), and the bootstrap of topics and the workers' share group.
     */
    COORDINATOR,
    /**
     * A worker or worker gateway: it takes assignments in the share group and writes results; a
     * gateway also reads the API tokens, to check remote workers' tokens.
     */
    WORKER
  }

  private static final AclOperation[] BOOTSTRAP = {
    AclOperation.CREATE, AclOperation.DESCRIBE, AclOperation.DESCRIBE_CONFIGS
  };

  private BatonAcls() {}

  /**
   * The ACLs that allow {@code principal} (such as {@code User:baton-worker}) to act as {@code
   * role} on {@code layout}'s topics, with {@code shareGroup} as the workers' share group.
   */
  public static List<AclBinding> of(
      Role role, String principal, TopicLayout layout, String shareGroup) {
    Objects.requireNonNull(principal, "principal");
    Objects.requireNonNull(layout, "layout");
    Objects.requireNonNull(shareGroup, "shareGroup");
    Acls acls = new Acls(principal);
    switch (role) {
      case CLIENT -> client(acls, layout);
      case COORDINATOR -> coordinator(acls, layout, shareGroup);
      case WORKER -> worker(acls, layout, shareGroup);
    }
    return List.copyOf(acls.bindings);
  }

  private static void client(Acls acls, TopicLayout layout) {
    acls.topic(layout.commands(), AclOperation.WRITE, AclOperation.DESCRIBE);
    acls.topic(layout.sessionEvents(), AclOperation.READ, AclOperation.DESCRIBE);
    acls.topic(layout.turnStream(), AclOperation.READ, AclOperation.DESCRIBE);
  }

  private static void coordinator(Acls acls, TopicLayout layout, String shareGroup) {
    acls.topic(layout.commands(), AclOperation.READ, AclOperation.WRITE);
    acls.topic(layout.workerResults(), AclOperation.READ);
    acls.topic(layout.assignments(), AclOperation.WRITE);
    acls.topic(layout.sessionEvents(), AclOperation.READ, AclOperation.WRITE);
    acls.topic(layout.turnStream(), AclOperation.READ);
    acls.topic(layout.turnSignals(), AclOperation.WRITE);
    // The API tokens, which it reads whole to authenticate requests.
    acls.topic(layout.tokens(), AclOperation.READ);
    // TopicBootstrap creates the topics that are missing and checks the others.
    layout.specs().stream()
        .map(TopicSpec::name)
        .filter(topic -> !topic.startsWith(layout.applicationId()))
        .forEach(topic -> acls.topic(topic, BOOTSTRAP));
    // Kafka Streams' internal topics (the history topic among them), group and transactions.
    String applicationId = layout.applicationId();
    acls.add(
        ResourceType.TOPIC,
        applicationId,
        PatternType.PREFIXED,
        AclOperation.CREATE,
        AclOperation.READ,
        AclOperation.WRITE,
        AclOperation.DESCRIBE,
        AclOperation.DESCRIBE_CONFIGS);
    acls.add(
        ResourceType.GROUP,
        applicationId,
        PatternType.LITERAL,
        AclOperation.READ,
        AclOperation.DESCRIBE);
    acls.add(
        ResourceType.TRANSACTIONAL_ID,
        applicationId,
        PatternType.PREFIXED,
        AclOperation.WRITE,
        AclOperation.DESCRIBE);
    acls.add(
        ResourceType.GROUP,
        shareGroup,
        PatternType.LITERAL,
        AclOperation.ALTER_CONFIGS,
        AclOperation.DESCRIBE_CONFIGS);
  }

  private static void worker(Acls acls, TopicLayout layout, String shareGroup) {
    acls.topic(layout.assignments(), AclOperation.READ, AclOperation.DESCRIBE);
    acls.topic(layout.turnSignals(), AclOperation.READ, AclOperation.DESCRIBE);
    acls.topic(layout.workerResults(), AclOperation.WRITE, AclOperation.DESCRIBE);
    acls.topic(layout.turnStream(), AclOperation.WRITE, AclOperation.DESCRIBE);
    // A worker gateway checks remote workers' tokens.
    acls.topic(layout.tokens(), AclOperation.READ, AclOperation.DESCRIBE);
    acls.add(
        ResourceType.GROUP,
        shareGroup,
        PatternType.LITERAL,
        AclOperation.READ,
        AclOperation.DESCRIBE);
  }

  /** The bindings of one principal, allowed from any host, as they are added. */
  private static final class Acls {
    private final String principal;
    private final List<AclBinding> bindings = new ArrayList<>();

    Acls(String principal) {
      this.principal = principal;
    }

    void topic(String name, AclOperation... operations) {
      add(ResourceType.TOPIC, name, PatternType.LITERAL, operations);
    }

    void add(ResourceType type, String name, PatternType pattern, AclOperation... operations) {
      ResourcePattern resource = new ResourcePattern(type, name, pattern);
      for (AclOperation operation : operations) {
        AccessControlEntry entry =
            new AccessControlEntry(principal, "*", operation, AclPermissionType.ALLOW);
        AclBinding binding = new AclBinding(resource, entry);
        if (!bindings.contains(binding)) {
          bindings.add(binding);
        }
      }
    }
  }
}
