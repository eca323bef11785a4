package dev.baton.cli.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;

/** A loaded {@code --config} properties file whose keys are all known settings. */
record ConfigFile(Path path, Map<String, String> values) {

  /**
   * Reads the file and checks that each key is a setting of some command, so that a misspelt key
   * stops the command rather than being ignored. A key of another command is allowed, so that one
   * file can serve a coordinator and its workers.
   */
  static ConfigFile load(Origin named, Set<String> knownKeys) {
    Path path = Path.of(named.value());
    Properties properties = new Properties();
    try (Reader reader = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
      properties.load(reader);
    } catch (IOException | IllegalArgumentException e) {
      throw SettingException.unreadable(named, e);
    }
    Map<String, String> values = new TreeMap<>();
    properties.forEach((key, value) -> values.put((String) key, (String) value));
    values.keySet().stream()
        .filter(key -> !knownKeys.contains(key))
        .findFirst()
        .ifPresent(
            key -> {
              throw SettingException.unknownKey(path, key);
            });
    return new ConfigFile(path, values);
  }
}
