/**
 * One typed configuration for every {@code baton} command: each long option of a command is a
 * setting that a flag, a {@code BATON_<NAME>} environment variable or a line of the {@code
 * --config} properties file can set, in that order of precedence, before the built-in default.
 *
 * <p>{@link dev.baton.cli.config.Settings#install} gives it to a command line and all its
 * subcommands, so a new subcommand of {@code BatonCli} has it without further code. To make the
 * most of it, a command:
 *
 * <ul>
 *   <li>takes its default from the {@code DEFAULT_*} constant of the options it fills, so that each
 *       default has one owner: {@code defaultValue = "" + CoordinatorConfig.DEFAULT_HTTP_PORT} for
 *       a constant picocli can take, else the field's initial value, {@code long leaseMs =
 *       SessionLimits.DEFAULT_LEASE.toMillis();} (never {@code ${env:...}}); it describes a
 *       computed one with {@link dev.baton.cli.config.SettingDefault};
 *   <li>checks ranges with a converter of {@link dev.baton.cli.config.SettingTypes}, {@code
 *       converter = SettingTypes.PositiveInt.class};
 *   <li>reuses an options builder's checks through {@link dev.baton.cli.config.Settings#checked},
 *       and asks for a setting it cannot do without through {@link
 *       dev.baton.cli.config.Settings#required};
 *   <li>regenerates docs/configuration.md as {@code ConfigurationDocTest} says.
 * </ul>
 */
package dev.baton.cli.config;
