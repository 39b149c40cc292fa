package org.primum.hub.advisories;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * The advisory tables: {@code advisory_counters}, {@code advisories}, {@code advisory_revisions},
 * {@code advisory_keys}. Rows stay here; {@link AdvisoryService} turns them into API records.
 */
final class AdvisoryStore {
  /** One advisory row: the working draft as stored JSON and what has been published. */
  record AdvisoryRow(
      long id,
      String trackingId,
      String draftJson,
      int publishedVersion,
      Optional<Instant> initialReleaseAt,
      Optional<Instant> currentReleaseAt,
      Instant createdAt,
      String createdBy,
      Instant updatedAt,
      String updatedBy) {}

  /** One publication (without its documents, which are read only when served). */
  record RevisionRow(
      long advisoryId,
      int version,
      String status,
      Tlp tlp,
      Instant publishedAt,
      String publishedBy,
      String summary,
      String draftJson,
      String draftSha256,
      int fileYear,
      String fileName,
      String sha256,
      String keyFingerprint) {}

  /** One publication's documents, exactly as distributed. */
  record DocumentsRow(String csaf, String sha512, String signature, String vex) {}

  /** A signing key as the directory serves it. */
  record KeyRow(String fingerprint, String publicKey, Instant createdAt) {}

  /** The latest revision of an advisory with its tracking id and first publication. */
  record LatestRow(String trackingId, Instant initialReleaseAt, RevisionRow revision) {}

  // Every revision column except the documents: listings never read the documents.
  private static final String REVISION =
      "r.advisory_id, r.version, r.status, r.tlp, r.published_at, r.published_by, r.summary,"
          + " r.draft, r.draft_sha256, r.file_year, r.file_name, r.sha256, r.key_fingerprint";

  private final Jdbi jdbi;

  AdvisoryStore(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  <T> T transaction(Function<Handle, T> work) {
    return jdbi.inTransaction(work::apply);
  }

  /** The next sequence number of {@code year}, starting at 1; serialised by the row lock. */
  static int nextSequence(Handle h, int year) {
    h.createUpdate(
            "INSERT INTO advisory_counters (tracking_year, last_seq) VALUES (:y, 0)"
                + " ON CONFLICT (tracking_year) DO NOTHING")
        .bind("y", year)
        .execute();
    h.createUpdate("UPDATE advisory_counters SET last_seq = last_seq + 1 WHERE tracking_year = :y")
        .bind("y", year)
        .execute();
    return h.createQuery("SELECT last_seq FROM advisory_counters WHERE tracking_year = :y")
        .bind("y", year)
        .mapTo(Integer.class)
        .one();
  }

  static long insertAdvisory(
      Handle h, String trackingId, String draftJson, Instant now, String actor) {
    return h.createUpdate(
            "INSERT INTO advisories (tracking_id, draft, published_version, created_at,"
                + " created_by, updated_at, updated_by) VALUES (:t, :d, 0, :now, :by, :now, :by)")
        .bind("t", trackingId)
        .bind("d", draftJson)
        .bind("now", now.toEpochMilli())
        .bind("by", actor)
        .executeAndReturnGeneratedKeys("id")
        .mapTo(Long.class)
        .one();
  }

  static void updateDraft(Handle h, long id, String draftJson, Instant now, String actor) {
    h.createUpdate(
            "UPDATE advisories SET draft = :d, updated_at = :now, updated_by = :by WHERE id = :id")
        .bind("d", draftJson)
        .bind("now", now.toEpochMilli())
        .bind("by", actor)
        .bind("id", id)
        .execute();
  }

  /**
   * Records a publication. The advisory's version moves from {@code version - 1} to {@code version}
   * only if no other publication got there first.
   *
   * @return false if another publication of this advisory won the race
   */
  static boolean insertRevision(Handle h, RevisionRow r, DocumentsRow d) {
    int moved =
        h.createUpdate(
                "UPDATE advisories SET published_version = :v, current_release_at = :at,"
                    + " initial_release_at = COALESCE(initial_release_at, :at)"
                    + " WHERE id = :id AND published_version = :before")
            .bind("v", r.version())
            .bind("at", r.publishedAt().toEpochMilli())
            .bind("id", r.advisoryId())
            .bind("before", r.version() - 1)
            .execute();
    if (moved != 1) {
      return false;
    }
    h.createUpdate(
            "INSERT INTO advisory_revisions (advisory_id, version, status, tlp, published_at,"
                + " published_by, summary, draft, draft_sha256, file_year, file_name, csaf, sha256,"
                + " sha512, signature, key_fingerprint, vex) VALUES (:a, :v, :s, :tlp, :at, :by,"
                + " :summary, :d, :dsha, :year, :file, :csaf, :sha256, :sha512, :sig, :key, :vex)")
        .bind("a", r.advisoryId())
        .bind("v", r.version())
        .bind("s", r.status())
        .bind("tlp", r.tlp().name())
        .bind("at", r.publishedAt().toEpochMilli())
        .bind("by", r.publishedBy())
        .bind("summary", r.summary())
        .bind("d", r.draftJson())
        .bind("dsha", r.draftSha256())
        .bind("year", r.fileYear())
        .bind("file", r.fileName())
        .bind("csaf", d.csaf())
        .bind("sha256", r.sha256())
        .bind("sha512", d.sha512())
        .bind("sig", d.signature())
        .bind("key", r.keyFingerprint())
        .bind("vex", d.vex())
        .execute();
    return true;
  }

  /** Records a key that signs publications (once). */
  static void registerKey(Handle h, KeyRow key) {
    h.createUpdate(
            "INSERT INTO advisory_keys (fingerprint, public_key, created_at) VALUES (:f, :k, :at)"
                + " ON CONFLICT (fingerprint) DO NOTHING")
        .bind("f", key.fingerprint())
        .bind("k", key.publicKey())
        .bind("at", key.createdAt().toEpochMilli())
        .execute();
  }

  /** Every key that signed a publication, oldest first. */
  List<KeyRow> keys() {
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    "SELECT fingerprint, public_key, created_at FROM advisory_keys"
                        + " ORDER BY created_at, fingerprint")
                .map(
                    (rs, ctx) ->
                        new KeyRow(
                            rs.getString("fingerprint"),
                            rs.getString("public_key"),
                            Instant.ofEpochMilli(rs.getLong("created_at"))))
                .list());
  }

  Optional<AdvisoryRow> advisory(String trackingId) {
    return jdbi.withHandle(
        h ->
            h.createQuery("SELECT * FROM advisories WHERE tracking_id = :t")
                .bind("t", trackingId)
                .map((rs, ctx) -> advisoryRow(rs))
                .findOne());
  }

  /** Every advisory, the most recently changed first. */
  List<AdvisoryRow> advisories() {
    return jdbi.withHandle(
        h ->
            h.createQuery("SELECT * FROM advisories ORDER BY updated_at DESC, id DESC")
                .map((rs, ctx) -> advisoryRow(rs))
                .list());
  }

  /** The revisions of one advisory, oldest first. */
  List<RevisionRow> revisions(long advisoryId) {
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    "SELECT "
                        + REVISION
                        + " FROM advisory_revisions r WHERE r.advisory_id = :a ORDER BY r.version")
                .bind("a", advisoryId)
                .map((rs, ctx) -> revisionRow(rs))
                .list());
  }

  Optional<RevisionRow> revision(long advisoryId, int version) {
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    "SELECT "
                        + REVISION
                        + " FROM advisory_revisions r WHERE r.advisory_id = :a AND r.version = :v")
                .bind("a", advisoryId)
                .bind("v", version)
                .map((rs, ctx) -> revisionRow(rs))
                .findOne());
  }

  Optional<DocumentsRow> documents(long advisoryId, int version) {
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    "SELECT csaf, sha512, signature, vex FROM advisory_revisions"
                        + " WHERE advisory_id = :a AND version = :v")
                .bind("a", advisoryId)
                .bind("v", version)
                .map(
                    (rs, ctx) ->
                        new DocumentsRow(
                            rs.getString("csaf"),
                            rs.getString("sha512"),
                            rs.getString("signature"),
                            rs.getString("vex")))
                .findOne());
  }

  /**
   * The latest revision of every advisory whose latest revision carries {@code tlp}, the most
   * recently released first.
   */
  List<LatestRow> latest(Tlp tlp) {
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    "SELECT a.tracking_id, a.initial_release_at, "
                        + REVISION
                        + " FROM advisories a"
                        + " JOIN advisory_revisions r ON r.advisory_id = a.id"
                        + " AND r.version = a.published_version"
                        + " WHERE r.tlp = :tlp ORDER BY r.published_at DESC, a.id DESC")
                .bind("tlp", tlp.name())
                .map(
                    (rs, ctx) ->
                        new LatestRow(
                            rs.getString("tracking_id"),
                            Instant.ofEpochMilli(rs.getLong("initial_release_at")),
                            revisionRow(rs)))
                .list());
  }

  private static AdvisoryRow advisoryRow(ResultSet rs) throws SQLException {
    return new AdvisoryRow(
        rs.getLong("id"),
        rs.getString("tracking_id"),
        rs.getString("draft"),
        rs.getInt("published_version"),
        optionalInstant(rs, "initial_release_at"),
        optionalInstant(rs, "current_release_at"),
        Instant.ofEpochMilli(rs.getLong("created_at")),
        rs.getString("created_by"),
        Instant.ofEpochMilli(rs.getLong("updated_at")),
        rs.getString("updated_by"));
  }

  private static RevisionRow revisionRow(ResultSet rs) throws SQLException {
    return new RevisionRow(
        rs.getLong("advisory_id"),
        rs.getInt("version"),
        rs.getString("status"),
        Tlp.valueOf(rs.getString("tlp")),
        Instant.ofEpochMilli(rs.getLong("published_at")),
        rs.getString("published_by"),
        rs.getString("summary"),
        rs.getString("draft"),
        rs.getString("draft_sha256"),
        rs.getInt("file_year"),
        rs.getString("file_name"),
        rs.getString("sha256"),
        rs.getString("key_fingerprint"));
  }

  private static Optional<Instant> optionalInstant(ResultSet rs, String column)
      throws SQLException {
    long value = rs.getLong(column);
    return rs.wasNull() ? Optional.empty() : Optional.of(Instant.ofEpochMilli(value));
  }
}
