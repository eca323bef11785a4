package dev.baton.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code baton token revoke ID}: every coordinator refuses the token from then on. */
@Command(
    name = "revoke",
    mixinStandardHelpOptions = true,
    description = {"Revoke an API token by its id (see baton token list); exit code 1 if unknown."})
final class TokenRevokeCommand implements Callable<Integer> {

  @Parameters(paramLabel = "ID", description = "The token's id.")
  String tokenId;

  @Mixin TokenTopic topic;
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    boolean revoked = topic.withAdmin(admin -> admin.revoke(tokenId));
    if (!revoked) {
      spec.commandLine().getErr().printf("no active token has the id %s%n", tokenId);
      return 1;
    }
    spec.commandLine().getErr().printf("revoked token %s%n", tokenId);
    return 0;
  }
}
