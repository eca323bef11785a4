package dev.baton.cli;

import dev.baton.cli.config.SettingDefault;
import dev.baton.cli.config.SettingTypes;
import picocli.CommandLine.Option;

/** {@code --token}: the API token the operator commands send to a coordinator. */
final class ApiTokenOption {

  @Option(
      names = "--token",
      converter = SettingTypes.Text.class,
      description =
          "An API token with sessions:read (and turns:write to submit), from baton token create.")
  @SettingDefault("none, for coordinators run with --auth=off")
  String token;
}
