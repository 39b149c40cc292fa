package org.primum.hub.updates;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.primum.hub.TestHub;
import org.primum.hub.audit.AuditLog;
import org.primum.hub.store.Database;
import org.primum.testing.FakeClock;
import org.primum.testing.TestDatabases;

/**
 * A migrated hub database (SQLite or PostgreSQL) with a rollout service and driver over a fake
 * director, fake releases and a fake clock; devices are inserted as enrolled rows.
 */
final class RolloutTestBed implements AutoCloseable {
  static final Instant START = Instant.parse("2026-11-22T12:00:00Z");

  final TestHub.Db db;
  final String url;
  final Database database;
  final FakeClock clock = new FakeClock(START);
  final FakeAssignments director = new FakeAssignments();
  final FakeReleaseLookup releases = new FakeReleaseLookup();
  final AuditLog audit;
  final RolloutService service;
  final RolloutDriver driver;

  RolloutTestBed(TestHub.Db db, Path dir) {
    this.db = db;
    this.url = TestHub.jdbcUrl(db, dir);
    this.database = Database.open(url);
    this.audit = new AuditLog(database.jdbi(), clock);
    this.service =
        new RolloutService(
            database.jdbi(),
            releases,
            audit,
            clock,
            new java.security.SecureRandom(),
            SiteNotices.none());
    this.driver =
        new RolloutDriver(database.jdbi(), director, releases, audit, clock, SiteNotices.none());
  }

  /** Enrolled, active devices PUMP-0001 … PUMP-{count}. */
  List<String> devices(int count) {
    List<String> serials =
        java.util.stream.IntStream.rangeClosed(1, count)
            .mapToObj(i -> String.format(java.util.Locale.ROOT, "PUMP-%04d", i))
            .toList();
    database
        .jdbi()
        .useHandle(
            h -> {
              for (String serial : serials) {
                h.createUpdate(
                        "INSERT INTO devices (serial, status, enrolled_at) VALUES (:s, 'ACTIVE',"
                            + " :at)")
                    .bind("s", serial)
                    .bind("at", START.toEpochMilli())
                    .execute();
              }
            });
    return serials;
  }

  /** The device reports {@code phase} for {@code release}. */
  RolloutDeviceState report(String serial, ReleaseSummary release, String phase, String detail)
      throws RolloutRefusal {
    String json =
        "{\"phase\":\""
            + phase
            + "\",\"target\":\""
            + release.targetPath()
            + "\",\"version\":\""
            + release.version()
            + "\",\"releaseCounter\":"
            + release.releaseCounter()
            + ",\"detail\":\""
            + detail
            + "\",\"deviceTime\":\"2026-11-22T19:00:00Z\"}";
    return service.report(
        serial, RolloutReport.parse(json.getBytes(StandardCharsets.UTF_8)), "test");
  }

  RolloutDetail detail(long id) {
    return service.rollout(id).orElseThrow();
  }

  RolloutDeviceState state(long id, String serial) {
    return detail(id).devices().stream()
        .filter(d -> d.serial().equals(serial))
        .findFirst()
        .orElseThrow()
        .state();
  }

  /** Devices of the current wave. */
  List<String> wave(long id, int number) {
    return detail(id).devices().stream()
        .filter(d -> d.wave() == number)
        .map(RolloutDetail.Device::serial)
        .toList();
  }

  Optional<String> pauseReason(long id) {
    return detail(id).rollout().pauseReason();
  }

  @Override
  public void close() {
    database.close();
    if (db == TestHub.Db.POSTGRESQL) {
      TestDatabases.dropPostgres(url);
    }
  }
}
