package org.primum.hub;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.primum.hub.fleet.FleetService;

/**
 * How a hub runs.
 *
 * @param dataDir keys, the embedded database and exports live here
 * @param jdbcUrl a PostgreSQL URL, or empty for the embedded SQLite file {@code <data>/hub.db}
 * @param bindHost the address to listen on ({@code 127.0.0.1} by default: deny by default)
 * @param port the HTTPS port (0 picks a free one)
 * @param hostNames extra DNS names or addresses for the TLS certificate
 * @param publicUrl the URL devices and users reach the hub at, or empty to derive it
 */
public record HubConfig(
    Path dataDir,
    Optional<String> jdbcUrl,
    String bindHost,
    int port,
    List<String> hostNames,
    Optional<String> publicUrl,
    FleetService.Settings fleet) {
  public HubConfig {
    Objects.requireNonNull(dataDir, "dataDir");
    Objects.requireNonNull(jdbcUrl, "jdbcUrl");
    Objects.requireNonNull(bindHost, "bindHost");
    hostNames = List.copyOf(hostNames);
    Objects.requireNonNull(publicUrl, "publicUrl");
    Objects.requireNonNull(fleet, "fleet");
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port must be 0-65535, found " + port);
    }
  }

  /** Defaults: SQLite under {@code dataDir}, 127.0.0.1:8443. */
  public static HubConfig defaults(Path dataDir) {
    return new HubConfig(
        dataDir,
        Optional.empty(),
        "127.0.0.1",
        8443,
        List.of(),
        Optional.empty(),
        FleetService.Settings.defaults());
  }

  public HubConfig withPort(int newPort) {
    return new HubConfig(dataDir, jdbcUrl, bindHost, newPort, hostNames, publicUrl, fleet);
  }

  public HubConfig withJdbcUrl(Optional<String> url) {
    return new HubConfig(dataDir, url, bindHost, port, hostNames, publicUrl, fleet);
  }

  public HubConfig withFleet(FleetService.Settings settings) {
    return new HubConfig(dataDir, jdbcUrl, bindHost, port, hostNames, publicUrl, settings);
  }

  /** The JDBC URL actually used. */
  public String effectiveJdbcUrl() {
    return jdbcUrl.orElse("jdbc:sqlite:" + dataDir.resolve("hub.db").toAbsolutePath());
  }
}
