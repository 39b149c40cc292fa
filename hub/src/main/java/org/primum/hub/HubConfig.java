package org.primum.hub;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.primum.hub.advisories.AdvisoryService;
import org.primum.hub.advisories.NotificationSettings;
import org.primum.hub.disclosure.IntakeLimits;
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
 * @param advisories who publishes security advisories (CSAF publisher and vendor)
 * @param notifications how the hub's notices are sent (advisory and rollout subscribers, finders of
 *     disclosure cases): retries, SMTP server
 * @param intake abuse limits of the anonymous vulnerability-report intake
 */
public record HubConfig(
    Path dataDir,
    Optional<String> jdbcUrl,
    String bindHost,
    int port,
    List<String> hostNames,
    Optional<String> publicUrl,
    FleetService.Settings fleet,
    AdvisoryService.Settings advisories,
    NotificationSettings notifications,
    IntakeLimits intake) {
  public HubConfig {
    Objects.requireNonNull(dataDir, "dataDir");
    Objects.requireNonNull(jdbcUrl, "jdbcUrl");
    Objects.requireNonNull(bindHost, "bindHost");
    hostNames = List.copyOf(hostNames);
    Objects.requireNonNull(publicUrl, "publicUrl");
    Objects.requireNonNull(fleet, "fleet");
    Objects.requireNonNull(advisories, "advisories");
    Objects.requireNonNull(notifications, "notifications");
    Objects.requireNonNull(intake, "intake");
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port must be 0-65535, found " + port);
    }
  }

  /** As before advisories existed: default publisher, notifications without SMTP. */
  public HubConfig(
      Path dataDir,
      Optional<String> jdbcUrl,
      String bindHost,
      int port,
      List<String> hostNames,
      Optional<String> publicUrl,
      FleetService.Settings fleet) {
    this(
        dataDir,
        jdbcUrl,
        bindHost,
        port,
        hostNames,
        publicUrl,
        fleet,
        AdvisoryService.Settings.defaults(),
        NotificationSettings.defaults(),
        IntakeLimits.defaults());
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
    return new HubConfig(
        dataDir,
        jdbcUrl,
        bindHost,
        newPort,
        hostNames,
        publicUrl,
        fleet,
        advisories,
        notifications,
        intake);
  }

  public HubConfig withJdbcUrl(Optional<String> url) {
    return new HubConfig(
        dataDir,
        url,
        bindHost,
        port,
        hostNames,
        publicUrl,
        fleet,
        advisories,
        notifications,
        intake);
  }

  public HubConfig withFleet(FleetService.Settings settings) {
    return new HubConfig(
        dataDir,
        jdbcUrl,
        bindHost,
        port,
        hostNames,
        publicUrl,
        settings,
        advisories,
        notifications,
        intake);
  }

  public HubConfig withAdvisories(AdvisoryService.Settings settings) {
    return new HubConfig(
        dataDir,
        jdbcUrl,
        bindHost,
        port,
        hostNames,
        publicUrl,
        fleet,
        settings,
        notifications,
        intake);
  }

  public HubConfig withNotifications(NotificationSettings settings) {
    return new HubConfig(
        dataDir,
        jdbcUrl,
        bindHost,
        port,
        hostNames,
        publicUrl,
        fleet,
        advisories,
        settings,
        intake);
  }

  public HubConfig withIntake(IntakeLimits limits) {
    return new HubConfig(
        dataDir,
        jdbcUrl,
        bindHost,
        port,
        hostNames,
        publicUrl,
        fleet,
        advisories,
        notifications,
        limits);
  }

  /** The JDBC URL actually used. */
  public String effectiveJdbcUrl() {
    return jdbcUrl.orElse("jdbc:sqlite:" + dataDir.resolve("hub.db").toAbsolutePath());
  }
}
