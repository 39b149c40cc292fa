package org.primum.hub.advisories;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import org.primum.hub.TestHub;
import org.primum.hub.advisories.csaf.CsafValidator;
import org.primum.hub.audit.AuditLog;
import org.primum.hub.store.Database;
import org.primum.testing.FakeClock;
import org.primum.testing.TestDatabases;

/**
 * The advisory services on a real database (SQLite or a fresh PostgreSQL schema) with a fake clock,
 * without the HTTP server; {@link #reopen} simulates a hub restart on the same database.
 */
final class AdvisoryTestBed implements AutoCloseable {
  static final String HUB_URL = "https://hub.example.org";
  private static final CsafValidator VALIDATOR = CsafValidator.create();

  final TestHub.Db db;
  final String jdbcUrl;
  final Path dataDir;
  final FakeClock clock;
  final NotificationSettings notificationSettings;
  Database database;
  AuditLog audit;
  AdvisoryKeys keys;
  AdvisoryService advisories;
  AdvisoryNotifications notifications;
  ProviderDirectory directory;

  private AdvisoryTestBed(
      TestHub.Db db, String jdbcUrl, Path dataDir, FakeClock clock, NotificationSettings settings)
      throws Exception {
    this.db = db;
    this.jdbcUrl = jdbcUrl;
    this.dataDir = dataDir;
    this.clock = clock;
    this.notificationSettings = settings;
    open();
  }

  static AdvisoryTestBed start(TestHub.Db db, Path dir, NotificationSettings settings)
      throws Exception {
    return new AdvisoryTestBed(
        db,
        TestHub.jdbcUrl(db, dir),
        dir.resolve("data"),
        new FakeClock(Instant.parse("2026-03-01T09:00:00Z")),
        settings);
  }

  static AdvisoryTestBed start(TestHub.Db db, Path dir) throws Exception {
    return start(db, dir, NotificationSettings.defaults().withLoopbackHttp(true));
  }

  private void open() throws Exception {
    database = Database.open(jdbcUrl);
    audit = new AuditLog(database.jdbi(), clock);
    SecureRandom random = new SecureRandom();
    keys =
        AdvisoryKeys.loadOrCreate(dataDir, "Primum PSIRT <psirt@hub.example.org>", clock, random);
    advisories =
        new AdvisoryService(
            database.jdbi(),
            VALIDATOR,
            keys,
            audit,
            clock,
            () -> HUB_URL,
            AdvisoryService.Settings.defaults());
    notifications =
        new AdvisoryNotifications(database.jdbi(), notificationSettings, audit, clock, random);
    directory = new ProviderDirectory(advisories, keys);
  }

  /** Closes the database and opens everything again, as a restarted hub would. */
  void reopen() throws Exception {
    database.close();
    open();
  }

  @Override
  public void close() {
    database.close();
    if (db == TestHub.Db.POSTGRESQL) {
      TestDatabases.dropPostgres(jdbcUrl);
    }
  }
}
