package dev.baton.cli;

import picocli.CommandLine.IVersionProvider;

/** The version printed by {@code baton --version}, from the jar's manifest. */
final class BatonVersion implements IVersionProvider {

  @Override
  public String[] getVersion() {
    String version = BatonVersion.class.getPackage().getImplementationVersion();
    return new String[] {"baton " + (version == null ? "(development build)" : version)};
  }
}
