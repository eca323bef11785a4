package dev.baton.cli;

import dev.baton.cli.config.SettingDefault;
import dev.baton.cli.config.SettingTypes;
import dev.baton.cli.config.Settings;
import dev.baton.coordinator.limits.Rate;
import dev.baton.coordinator.limits.TenantLimits;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/**
 * The limits per tenant: a default for every tenant ({@code --tenant-submit-rate}, {@code
 * --tenant-submit-burst}, {@code --tenant-max-streams}, {@code --tenant-max-active-turns}, {@code
 * --tenant-max-queued-turns}) and overrides per tenant ({@code --tenant-limits
 * acme.submit-rate=50/s}).
 */
final class TenantLimitOptions {

  static final String LIMITS_FLAG = "--tenant-limits";

  @Option(
      names = "--tenant-submit-rate",
      defaultValue = TenantLimits.OFF,
      converter = SettingTypes.RateOrOff.class,
      description =
          "How fast each tenant may submit turns, over all coordinators (a token bucket in Redis),"
              + " such as 20/s; off for no limit. A submit over it is refused with 429.")
  Rate submitRate;

  @Option(
      names = "--tenant-submit-burst",
      converter = SettingTypes.PositiveLong.class,
      description =
          "How many submits a tenant may make at once (the size of its bucket, which refills at"
              + " its rate).")
  @SettingDefault("the count of the tenant's rate (20 for 20/s)")
  Long submitBurst;

  @Option(
      names = "--tenant-max-streams",
      converter = SettingTypes.NonNegativeInt.class,
      description =
          "How many turn streams and session feeds each tenant may hold open on one coordinator;"
              + " 0 for no limit. One more is refused with 429.")
  int maxStreams = TenantLimits.DEFAULT_MAX_STREAMS.orElse(0);

  @Option(
      names = "--tenant-max-active-turns",
      converter = SettingTypes.NonNegativeInt.class,
      description =
          "How many turns each tenant may have running at once, over all coordinators (counted in"
              + " Redis); 0 for no limit. A submit that would start one more is refused with 429.")
  int maxActiveTurns = TenantLimits.DEFAULT_MAX_ACTIVE_TURNS.orElse(0);

  @Option(
      names = "--tenant-max-queued-turns",
      converter = SettingTypes.NonNegativeInt.class,
      description =
          "How many turns each tenant may have queued at once, over all coordinators (counted in"
              + " Redis); 0 for no limit. A submit that would queue one more is refused with 429.")
  int maxQueuedTurns = TenantLimits.DEFAULT_MAX_QUEUED_TURNS.orElse(0);

  @Option(
      names = {LIMITS_FLAG, "--tenant-limit"},
      split = ",",
      paramLabel = "TENANT.KEY=VALUE",
      description =
          "One tenant's own limit, such as acme.submit-rate=50/s; keys submit-rate (or off),"
              + " submit-burst, max-streams, max-active-turns and max-queued-turns (0 or off for"
              + " none); repeatable or comma-separated.")
  @SettingDefault("none: every tenant has the defaults above")
  Map<String, String> overrides;

  /**
   * The limits; an override the builder refuses (an unknown key, a bad value) stops {@code command}
   * naming {@value #LIMITS_FLAG}, its source and the reason.
   */
  TenantLimits limits(CommandSpec command) {
    TenantLimits.Builder limits =
        TenantLimits.builder()
            .submitRate(Optional.ofNullable(submitRate))
            .maxStreams(orNone(maxStreams))
            .maxActiveTurns(orNone(maxActiveTurns))
            .maxQueuedTurns(orNone(maxQueuedTurns));
    if (submitBurst != null) {
      limits.submitBurst(submitBurst);
    }
    if (overrides == null) {
      return limits.build();
    }
    return Settings.checked(command, LIMITS_FLAG, () -> limits.overrides(overrides).build());
  }

  /** {@code count}, or none for 0. */
  private static OptionalInt orNone(int count) {
    return count == 0 ? OptionalInt.empty() : OptionalInt.of(count);
  }
}
