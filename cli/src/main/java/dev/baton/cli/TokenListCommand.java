package dev.baton.cli;

import dev.baton.coordinator.auth.Scope;
import dev.baton.coordinator.auth.TokenGrant;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code baton token list}: the active tokens, without their secrets. */
@Command(
    name = "list",
    mixinStandardHelpOptions = true,
    description = {"List the active API tokens: id, tenant, scopes, name, created; never secrets."})
final class TokenListCommand implements Callable<Integer> {

  @Mixin TokenTopic topic;
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    List<TokenGrant> grants = topic.withAdmin(admin -> admin.list());
    PrintWriter out = spec.commandLine().getOut();
    out.printf("%-16s  %-20s  %-50s  %-24s  %s%n", "ID", "TENANT", "SCOPES", "CREATED", "NAME");
    for (TokenGrant grant : grants) {
      out.printf(
          "%-16s  %-20s  %-50s  %-24s  %s%n",
          grant.tokenId(),
          grant.tenant(),
          grant.scopes().stream().sorted().map(Scope::label).collect(Collectors.joining(",")),
          grant.createdAt(),
          grant.name());
    }
    out.flush();
    return 0;
  }
}
