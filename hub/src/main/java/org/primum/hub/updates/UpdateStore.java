package org.primum.hub.updates;

import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.StatementException;

/** The {@code tuf_metadata}, {@code releases} and {@code director_targets} tables. */
final class UpdateStore {
  /** Another writer (another hub process) inserted the same version first. */
  static final class Conflict extends RuntimeException {
    Conflict(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /** One stored metadata document. */
  record Metadata(String role, long version, byte[] content, Instant expires, Instant created) {}

  /** One release row. */
  record ReleaseRow(
      long id,
      String hardwareId,
      String version,
      long releaseCounter,
      String targetPath,
      long length,
      String sha256,
      String sha512,
      String notes,
      String notesSha256,
      Optional<String> sbomPath,
      Optional<String> sbomSha256,
      long targetsVersion,
      String publishedBy,
      Instant publishedAt) {
    ReleaseSummary summary() {
      return new ReleaseSummary(
          id, version, hardwareId, releaseCounter, targetPath, notes, publishedAt);
    }
  }

  /** One director targets row. */
  record DirectorRow(
      String serial,
      long version,
      byte[] content,
      Instant expires,
      Instant created,
      Optional<Long> releaseId,
      Optional<Long> rolloutId) {}

  private static final String RELEASE_COLUMNS =
      "id, hardware_id, version, release_counter, target_path, length, sha256, sha512, notes,"
          + " notes_sha256, sbom_path, sbom_sha256, targets_version, published_by, published_at";

  private final Jdbi jdbi;

  UpdateStore(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  /**
   * Runs {@code work} in one transaction.
   *
   * @throws Conflict if a row it inserts already exists (a concurrent writer was first)
   */
  <T> T transaction(Function<Handle, T> work) {
    try {
      return jdbi.inTransaction(work::apply);
    } catch (StatementException e) {
      if (isConstraintViolation(e)) {
        throw new Conflict("a concurrent change stored the same version first", e);
      }
      throw e;
    }
  }

  private static boolean isConstraintViolation(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLException sql) {
        String state = sql.getSQLState();
        if ((state != null && state.startsWith("23")) || sql.getErrorCode() == 19) {
          return true;
        }
      }
    }
    return false;
  }

  Optional<Metadata> latest(String repository, String role) {
    return jdbi.withHandle(h -> latest(h, repository, role));
  }

  Optional<Metadata> latest(Handle h, String repository, String role) {
    return h.createQuery(
            "SELECT role, version, content, expires_at, created_at FROM tuf_metadata WHERE"
                + " repository = :r AND role = :role ORDER BY version DESC LIMIT 1")
        .bind("r", repository)
        .bind("role", role)
        .map((rs, ctx) -> metadata(rs))
        .findOne();
  }

  Optional<Metadata> find(String repository, String role, long version) {
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    "SELECT role, version, content, expires_at, created_at FROM tuf_metadata"
                        + " WHERE repository = :r AND role = :role AND version = :v")
                .bind("r", repository)
                .bind("role", role)
                .bind("v", version)
                .map((rs, ctx) -> metadata(rs))
                .findOne());
  }

  void insertMetadata(
      Handle h,
      String repository,
      String role,
      long version,
      byte[] content,
      Instant expires,
      Instant at) {
    h.createUpdate(
            "INSERT INTO tuf_metadata (repository, role, version, content, expires_at,"
                + " created_at) VALUES (:r, :role, :v, :c, :e, :at)")
        .bind("r", repository)
        .bind("role", role)
        .bind("v", version)
        .bind("c", new String(content, StandardCharsets.UTF_8))
        .bind("e", expires.toEpochMilli())
        .bind("at", at.toEpochMilli())
        .execute();
  }

  private static Metadata metadata(ResultSet rs) throws SQLException {
    return new Metadata(
        rs.getString("role"),
        rs.getLong("version"),
        rs.getString("content").getBytes(StandardCharsets.UTF_8),
        Instant.ofEpochMilli(rs.getLong("expires_at")),
        Instant.ofEpochMilli(rs.getLong("created_at")));
  }

  long insertRelease(Handle h, ReleaseRow row) {
    return h.createUpdate(
            "INSERT INTO releases (hardware_id, version, release_counter, target_path, length,"
                + " sha256, sha512, notes, notes_sha256, sbom_path, sbom_sha256,"
                + " targets_version, published_by, published_at) VALUES (:hw, :v, :rc, :p, :len,"
                + " :s256, :s512, :notes, :nh, :sp, :sh, :tv, :by, :at)")
        .bind("hw", row.hardwareId())
        .bind("v", row.version())
        .bind("rc", row.releaseCounter())
        .bind("p", row.targetPath())
        .bind("len", row.length())
        .bind("s256", row.sha256())
        .bind("s512", row.sha512())
        .bind("notes", row.notes())
        .bind("nh", row.notesSha256())
        .bind("sp", row.sbomPath().orElse(null))
        .bind("sh", row.sbomSha256().orElse(null))
        .bind("tv", row.targetsVersion())
        .bind("by", row.publishedBy())
        .bind("at", row.publishedAt().toEpochMilli())
        .executeAndReturnGeneratedKeys("id")
        .mapTo(Long.class)
        .one();
  }

  List<ReleaseRow> releases() {
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    "SELECT "
                        + RELEASE_COLUMNS
                        + " FROM releases ORDER BY hardware_id, release_counter DESC")
                .map((rs, ctx) -> release(rs))
                .list());
  }

  Optional<ReleaseRow> release(long id) {
    return jdbi.withHandle(
        h ->
            h.createQuery("SELECT " + RELEASE_COLUMNS + " FROM releases WHERE id = :id")
                .bind("id", id)
                .map((rs, ctx) -> release(rs))
                .findOne());
  }

  Optional<ReleaseRow> releaseByVersion(String hardwareId, String version) {
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    "SELECT "
                        + RELEASE_COLUMNS
                        + " FROM releases WHERE hardware_id = :hw AND version = :v")
                .bind("hw", hardwareId)
                .bind("v", version)
                .map((rs, ctx) -> release(rs))
                .findOne());
  }

  long maxReleaseCounter(String hardwareId) {
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    "SELECT COALESCE(MAX(release_counter), 0) FROM releases WHERE hardware_id ="
                        + " :hw")
                .bind("hw", hardwareId)
                .mapTo(Long.class)
                .one());
  }

  private static ReleaseRow release(ResultSet rs) throws SQLException {
    return new ReleaseRow(
        rs.getLong("id"),
        rs.getString("hardware_id"),
        rs.getString("version"),
        rs.getLong("release_counter"),
        rs.getString("target_path"),
        rs.getLong("length"),
        rs.getString("sha256"),
        rs.getString("sha512"),
        rs.getString("notes"),
        rs.getString("notes_sha256"),
        Optional.ofNullable(rs.getString("sbom_path")),
        Optional.ofNullable(rs.getString("sbom_sha256")),
        rs.getLong("targets_version"),
        rs.getString("published_by"),
        Instant.ofEpochMilli(rs.getLong("published_at")));
  }

  Optional<DirectorRow> latestDirector(String serial) {
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    "SELECT device_serial, version, content, expires_at, created_at, release_id,"
                        + " rollout_id FROM director_targets WHERE device_serial = :s ORDER BY"
                        + " version DESC LIMIT 1")
                .bind("s", serial)
                .map(
                    (rs, ctx) -> {
                      long release = rs.getLong("release_id");
                      boolean noRelease = rs.wasNull();
                      long rollout = rs.getLong("rollout_id");
                      boolean noRollout = rs.wasNull();
                      return new DirectorRow(
                          rs.getString("device_serial"),
                          rs.getLong("version"),
                          rs.getString("content").getBytes(StandardCharsets.UTF_8),
                          Instant.ofEpochMilli(rs.getLong("expires_at")),
                          Instant.ofEpochMilli(rs.getLong("created_at")),
                          noRelease ? Optional.empty() : Optional.of(release),
                          noRollout ? Optional.empty() : Optional.of(rollout));
                    })
                .findOne());
  }

  void insertDirector(
      Handle h,
      String serial,
      long version,
      byte[] content,
      Instant expires,
      Instant at,
      Optional<Long> releaseId,
      Optional<Long> rolloutId) {
    h.createUpdate(
            "INSERT INTO director_targets (device_serial, version, content, expires_at,"
                + " created_at, release_id, rollout_id) VALUES (:s, :v, :c, :e, :at, :rel, :ro)")
        .bind("s", serial)
        .bind("v", version)
        .bind("c", new String(content, StandardCharsets.UTF_8))
        .bind("e", expires.toEpochMilli())
        .bind("at", at.toEpochMilli())
        .bind("rel", releaseId.orElse(null))
        .bind("ro", rolloutId.orElse(null))
        .execute();
  }
}
