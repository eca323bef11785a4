package dev.baton.cli.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.baton.cli.stack.internal.FreePorts;
import dev.baton.schemas.TopicLayout;
import java.net.URI;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Starts and closes stacks of its own, apart from the shared test stack. */
@Tag("integration")
class EmbeddedStackLifecycleIT {

  @Test
  void shouldLeaveNoProcessOrListeningPortBehindWhenClosed() {
    assumeTrue(ListeningPorts.supported(), "needs /proc/net/tcp to list listening ports");
    Set<ProcessHandle> childrenBefore = descendants();
    Set<Integer> listeningBefore =
        ListeningPorts.of(pidsOf(ProcessHandle.current(), childrenBefore));
    EmbeddedStack stack =
        new EmbeddedStack(
            StackConfig.builder()
                .topicLayout(TopicLayout.of("lifecycle.", "lifecycle", 1))
                .build());

    StackAddresses addresses = stack.start();
    Set<ProcessHandle> started = new HashSet<>(descendants());
    started.removeAll(childrenBefore);
    Set<Integer> opened =
        new HashSet<>(ListeningPorts.of(pidsOf(ProcessHandle.current(), descendants())));
    opened.removeAll(listeningBefore);
    assertThat(started).as("redis and registry processes").hasSizeGreaterThanOrEqualTo(2);
    assertThat(opened)
        .as("ports opened by the stack")
        .contains(portsOf(addresses).toArray(Integer[]::new));

    stack.close();
    assertThat(started).noneMatch(ProcessHandle::isAlive);
    assertThat(ListeningPorts.of(pidsOf(ProcessHandle.current(), descendants())))
        .doesNotContainAnyElementsOf(opened);
    stack.close();
    assertThatThrownBy(stack::addresses).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void shouldNameThePartThatDoesNotAnswer() {
    String dead = FreePorts.LOOPBACK + ":" + FreePorts.pick();
    StackConfig config =
        StackConfig.builder()
            .kafkaBootstrap(dead)
            .redisUri("redis://" + dead)
            .registryUrl("http://" + dead)
            .startTimeout(Duration.ofSeconds(2))
            .build();

    try (EmbeddedStack stack = new EmbeddedStack(config)) {
      assertThatThrownBy(stack::start)
          .isInstanceOfSatisfying(
              StackException.class,
              e -> {
                assertThat(e.part()).isEqualTo("kafka");
                assertThat(e.getMessage()).contains(dead, "does not answer");
                assertThat(e.getSuppressed())
                    .extracting(Throwable::getMessage)
                    .anySatisfy(m -> assertThat(m).startsWith("redis"))
                    .anySatisfy(m -> assertThat(m).startsWith("registry"));
              });
    }
  }

  private static Set<ProcessHandle> descendants() {
    return new HashSet<>(ProcessHandle.current().descendants().toList());
  }

  private static List<Integer> portsOf(StackAddresses addresses) {
    return Stream.of(
            URI.create("kafka://" + addresses.kafkaBootstrap()),
            URI.create(addresses.redisUri()),
            URI.create(addresses.registryUrl()))
        .map(URI::getPort)
        .toList();
  }

  private static Set<Long> pidsOf(ProcessHandle self, Set<ProcessHandle> children) {
    Set<Long> pids = new HashSet<>();
    pids.add(self.pid());
    children.forEach(child -> pids.add(child.pid()));
    return pids;
  }
}
