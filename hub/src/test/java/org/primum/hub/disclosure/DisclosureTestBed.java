package org.primum.hub.disclosure;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.primum.hub.TestHub;
import org.primum.hub.audit.AuditEvent;
import org.primum.hub.audit.AuditLog;
import org.primum.hub.store.Database;
import org.primum.testing.FakeClock;
import org.primum.testing.TestDatabases;

/** A migrated hub database (SQLite or PostgreSQL) with a disclosure service and a fake clock. */
final class DisclosureTestBed implements AutoCloseable {
  // A Monday.
  static final Instant START = Instant.parse("2026-11-23T09:00:00Z");

  final TestHub.Db db;
  final String url;
  final Database database;
  final FakeClock clock = new FakeClock(START);
  final AuditLog audit;
  final DisclosureService service;
  final Path dataDir;

  DisclosureTestBed(TestHub.Db db, Path dir, IntakeLimits limits) throws IOException {
    this.db = db;
    this.url = TestHub.jdbcUrl(db, dir);
    this.database = Database.open(url);
    this.audit = new AuditLog(database.jdbi(), clock);
    this.dataDir = dir.resolve("data");
    this.service =
        DisclosureService.open(
            database.jdbi(),
            dataDir,
            DisclosureFixtures.PRODUCTS,
            audit,
            clock,
            new SecureRandom(),
            DisclosureSettings.defaults(() -> "https://hub.example.org").withLimits(limits),
            ResearcherNotices.none());
  }

  DisclosureTestBed(TestHub.Db db, Path dir) throws IOException {
    this(db, dir, IntakeLimits.defaults());
  }

  long count(String table) {
    return database
        .jdbi()
        .withHandle(h -> h.createQuery("SELECT COUNT(*) FROM " + table).mapTo(Long.class).one());
  }

  List<String> files() throws IOException {
    Path attachments = dataDir.resolve("disclosure/attachments");
    if (!Files.exists(attachments)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(attachments)) {
      return files.map(p -> p.getFileName().toString()).filter(n -> !n.startsWith(".")).toList();
    }
  }

  List<AuditEvent> audit(String prefix) {
    return audit.latest(1000, prefix);
  }

  @Override
  public void close() {
    database.close();
    if (db == TestHub.Db.POSTGRESQL) {
      TestDatabases.dropPostgres(url);
    }
  }
}
