package org.primum.cli;

import java.nio.file.Path;
import java.util.Optional;
import org.primum.hub.HubConfig;
import picocli.CommandLine.Option;

/** The options that locate a hub's data: its directory and, optionally, a PostgreSQL URL. */
final class DataOptions {
  @Option(
      names = "--data",
      defaultValue = "primum-data",
      paramLabel = "DIR",
      description = "Hub data directory: keys, embedded database (default: ${DEFAULT-VALUE}).")
  Path dataDir;

  @Option(
      names = "--db",
      paramLabel = "JDBC_URL",
      description =
          "PostgreSQL instead of the embedded SQLite, e.g."
              + " jdbc:postgresql://127.0.0.1:5432/primum?user=primum")
  String jdbcUrl;

  HubConfig config() {
    return HubConfig.defaults(dataDir).withJdbcUrl(Optional.ofNullable(jdbcUrl));
  }
}
