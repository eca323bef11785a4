package dev.baton.cli;

import dev.baton.cli.config.SettingDefault;
import dev.baton.cli.config.SettingTypes;
import dev.baton.cli.config.Settings;
import dev.baton.schemas.RegistryAuth;
import dev.baton.schemas.SchemaRegistryOptions;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/** The credentials this process sends to the Schema Registry: basic authentication or a token. */
final class RegistryAuthOptions {

  private static final String BASIC_FLAG = "--registry-basic-auth";
  private static final String BEARER_FLAG = "--registry-bearer-token";

  @Option(
      names = BASIC_FLAG,
      paramLabel = "USER:PASSWORD",
      converter = SettingTypes.RegistryBasicAuth.class,
      description =
          "HTTP basic authentication at the Schema Registry; user information in the registry URL"
              + " (https://user:password@host/...) does the same.")
  @SettingDefault("none, or the registry URL's user information")
  RegistryAuth basic;

  @Option(
      names = BEARER_FLAG,
      paramLabel = "TOKEN",
      converter = SettingTypes.RegistryBearerToken.class,
      description = "Bearer token sent to the Schema Registry (Authorization: Bearer <token>).")
  @SettingDefault("none")
  RegistryAuth bearer;

  /**
   * The registry at {@code url} with these credentials; credentials given twice (both flags, or a
   * flag and the URL's user information) stop {@code command}, naming both settings.
   */
  SchemaRegistryOptions registry(CommandSpec command, String urlFlag, String url) {
    if (basic != null && bearer != null) {
      throw Settings.conflict(command, BEARER_FLAG, BASIC_FLAG, "give one of them");
    }
    SchemaRegistryOptions fromUrl =
        Settings.checked(command, urlFlag, () -> SchemaRegistryOptions.builder(url).build());
    RegistryAuth given = basic != null ? basic : bearer;
    if (given == null) {
      return fromUrl;
    }
    String givenFlag = basic != null ? BASIC_FLAG : BEARER_FLAG;
    if (fromUrl.auth() != RegistryAuth.none()) {
      throw Settings.conflict(
          command, givenFlag, urlFlag, "the URL holds credentials too: give them once");
    }
    return new SchemaRegistryOptions(
        fromUrl.baseUrl(), fromUrl.connectTimeout(), fromUrl.requestTimeout(), given);
  }
}
