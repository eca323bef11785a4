package dev.baton.cli;

import dev.baton.coordinator.auth.IssuedToken;
import dev.baton.coordinator.auth.Scope;
import dev.baton.schemas.TenantIds;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code baton token create}: a new token, printed once. */
@Command(
    name = "create",
    mixinStandardHelpOptions = true,
    description = {
      "Create an API token for a tenant and print it once, on standard output; only the hash of its"
          + " secret is kept."
    })
final class TokenCreateCommand implements Callable<Integer> {

  @Option(
      names = "--tenant",
      defaultValue = TenantIds.DEFAULT,
      description = "The tenant whose sessions the token may touch. Default: ${DEFAULT-VALUE}")
  String tenant;

  @Option(
      names = "--scopes",
      required = true,
      paramLabel = "SCOPE[,SCOPE]",
      description =
          "What the token may do: turns:write, sessions:read, sessions:admin, fleet:admin"
              + " (every scope, for every tenant).")
  String scopes;

  @Option(names = "--name", defaultValue = "", description = "A label for people.")
  String name;

  @Mixin TokenTopic topic;
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    TenantIds.requireValid(tenant);
    IssuedToken issued =
        topic.withAdmin(admin -> admin.create(tenant, Scope.parseList(scopes), name));
    PrintWriter out = spec.commandLine().getOut();
    out.println(issued.token());
    out.flush();
    spec.commandLine()
        .getErr()
        .printf(
            "created token %s for tenant %s (%s); it is shown only now%n",
            issued.grant().tokenId(), tenant, scopes);
    return 0;
  }
}
