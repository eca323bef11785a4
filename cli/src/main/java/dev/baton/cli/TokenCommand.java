package dev.baton.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code baton token}: creates, lists and revokes API tokens in the tokens topic. */
@Command(
    name = "token",
    mixinStandardHelpOptions = true,
    description = {
      "Create, list and revoke API tokens. Every coordinator reads the compacted tokens topic, so a"
          + " token works, or stops working, on all of them within a second."
    },
    subcommands = {
      TokenCreateCommand.class,
      TokenListCommand.class,
      TokenRevokeCommand.class,
      HelpCommand.class
    })
final class TokenCommand implements Runnable {

  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getErr());
  }
}
