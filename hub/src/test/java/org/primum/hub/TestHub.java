package org.primum.hub;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.Assumptions;
import org.primum.core.formats.EnrollmentTokens;
import org.primum.device.DeviceAgent;
import org.primum.device.DeviceStatus;
import org.primum.device.StatusSource;
import org.primum.hub.fleet.FleetService;
import org.primum.testing.FreePorts;
import org.primum.testing.TestDatabases;

/** A real hub on a free port, over real TLS, backed by SQLite or a fresh PostgreSQL schema. */
public final class TestHub implements AutoCloseable {
  /** The databases every store test runs against. */
  public enum Db {
    SQLITE,
    POSTGRESQL
  }

  public static final StatusSource IDLE = () -> new DeviceStatus("IDLE", List.of());

  private final Hub hub;
  private final Db db;
  private final String jdbcUrl;
  private final Path dir;
  private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(1);
  private final SecureRandom random = new SecureRandom();

  private TestHub(Hub hub, Db db, String jdbcUrl, Path dir) {
    this.hub = hub;
    this.db = db;
    this.jdbcUrl = jdbcUrl;
    this.dir = dir;
  }

  /** The JDBC URL for {@code db}, or a skipped test when PostgreSQL is unavailable locally. */
  public static String jdbcUrl(Db db, Path dir) {
    if (db == Db.POSTGRESQL) {
      Assumptions.assumeTrue(
          TestDatabases.postgresBase().isPresent(), "PostgreSQL is not reachable; skipping");
      return TestDatabases.freshPostgres();
    }
    return TestDatabases.sqlite(dir);
  }

  public static TestHub start(Db db, Path dir) throws IOException {
    return start(db, dir, Clock.systemUTC(), FleetService.Settings.defaults());
  }

  public static TestHub start(Db db, Path dir, Clock clock, FleetService.Settings fleet)
      throws IOException {
    String url = jdbcUrl(db, dir);
    return startOn(db, url, dir.resolve("hub"), clock, fleet);
  }

  /** Starts a hub on an existing database and data directory (for several hubs on one database). */
  public static TestHub startOn(
      Db db, String jdbcUrl, Path dataDir, Clock clock, FleetService.Settings fleet)
      throws IOException {
    return startOn(db, jdbcUrl, dataDir, clock, fleet, FreePorts.find());
  }

  /** As {@link #startOn(Db, String, Path, Clock, FleetService.Settings)}, on a given port. */
  public static TestHub startOn(
      Db db, String jdbcUrl, Path dataDir, Clock clock, FleetService.Settings fleet, int port)
      throws IOException {
    HubConfig config =
        HubConfig.defaults(dataDir)
            .withPort(port)
            .withJdbcUrl(Optional.of(jdbcUrl))
            .withFleet(fleet);
    return new TestHub(Hub.start(config, clock, new SecureRandom()), db, jdbcUrl, dataDir);
  }

  public Hub hub() {
    return hub;
  }

  public Db db() {
    return db;
  }

  public String jdbcUrl() {
    return jdbcUrl;
  }

  public URI uri() {
    return URI.create("https://localhost:" + hub.port());
  }

  public EnrollmentTokens.Token token(String serial) {
    return hub.fleet().createToken("test", serial, Duration.ofHours(1), "test").token();
  }

  /** An enrolled device agent (not started: call {@code reportNow()} to report). */
  public DeviceAgent enroll(String serial, Path deviceDir, Clock deviceClock) throws Exception {
    DeviceAgent agent = agent(deviceDir, deviceClock, IDLE);
    agent.enrollIfNeeded(Optional.of(token(serial)), Optional.of(hub.pki().caCertificate()));
    return agent;
  }

  public DeviceAgent enroll(String serial, Path deviceDir) throws Exception {
    return enroll(serial, deviceDir, Clock.systemUTC());
  }

  /** An enrolled device agent whose evidence log may use at most {@code evidenceBytes}. */
  public DeviceAgent enrollWithEvidenceStorage(String serial, Path deviceDir, long evidenceBytes)
      throws Exception {
    DeviceAgent agent = agent(deviceDir, Clock.systemUTC(), IDLE, evidenceBytes);
    agent.enrollIfNeeded(Optional.of(token(serial)), Optional.of(hub.pki().caCertificate()));
    return agent;
  }

  /** A device agent pointed at this hub, not enrolled yet. */
  public DeviceAgent agent(Path deviceDir, Clock deviceClock, StatusSource source) {
    return agent(deviceDir, deviceClock, source, DeviceAgent.Config.DEFAULT_EVIDENCE_BYTES);
  }

  private DeviceAgent agent(
      Path deviceDir, Clock deviceClock, StatusSource source, long evidenceBytes) {
    return new DeviceAgent(
        new DeviceAgent.Config(
            uri(),
            deviceDir,
            "Test pump",
            "1.0.0",
            Duration.ofSeconds(1),
            Duration.ofSeconds(10),
            evidenceBytes),
        source,
        deviceClock,
        random,
        scheduler,
        Optional.empty());
  }

  /** A staff client signed in as the first administrator. */
  public StaffClient admin() throws Exception {
    return StaffClient.signIn(this, "admin", hub.firstAdminPassword().orElseThrow());
  }

  /** Creates an account with {@code role} and signs it in. */
  public StaffClient staff(String username, org.primum.hub.web.Role role) throws Exception {
    String password = hub.staff().createUser("test", username, role, "test");
    return StaffClient.signIn(this, username, password);
  }

  public Path dataDir() {
    return dir;
  }

  @Override
  public void close() {
    scheduler.shutdownNow();
    hub.close();
  }

  /** Closes the hub and drops its PostgreSQL schema. */
  public void closeAndDrop() {
    close();
    if (db == Db.POSTGRESQL) {
      TestDatabases.dropPostgres(jdbcUrl);
    }
  }

  static boolean exists(Path path) {
    return Files.exists(path);
  }
}
