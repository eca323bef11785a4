package dev.baton.cli.gateway.internal;

import java.util.Set;

/**
 * What a polling remote worker declared it can do.
 *
 * @param agent whether it runs agent steps
 * @param tools the tools it runs
 */
record Capabilities(boolean agent, Set<String> tools) {

  Capabilities {
    tools = Set.copyOf(tools);
  }

  boolean canRun(RemoteDelivery.Work work) {
    return switch (work) {
      case RemoteDelivery.Work.AgentStep step -> agent;
      case RemoteDelivery.Work.ToolCall call -> tools.contains(call.name());
    };
  }
}
