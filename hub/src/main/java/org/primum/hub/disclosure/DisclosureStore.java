package org.primum.hub.disclosure;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.StatementContext;

/** SQL for disclosure cases, their transitions, messages, attachments and the intake's limits. */
final class DisclosureStore {
  private final Jdbi jdbi;

  DisclosureStore(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  Jdbi jdbi() {
    return jdbi;
  }

  // ---- rows ----

  record CaseRow(
      long id,
      String state,
      Instant receivedAt,
      Instant updatedAt,
      String hardwareId,
      String version,
      String title,
      String description,
      boolean descriptionEncrypted,
      String steps,
      String impact,
      String safety,
      String safetyDetail,
      Optional<String> contact,
      Optional<String> credit,
      boolean uncontrolledRisk,
      Optional<String> cvss31Vector,
      Optional<String> cvss31Score,
      Optional<String> cvss31Severity,
      Optional<String> cvss40Vector,
      Optional<String> patientHarm,
      Optional<String> environment,
      Optional<String> inTherapy,
      Optional<String> cveId,
      Optional<Long> duplicateOf,
      Optional<String> fixedIn,
      Optional<Instant> customersNotifiedAt) {}

  record NewCase(
      String tokenHash,
      Instant receivedAt,
      String hardwareId,
      String version,
      String title,
      String description,
      boolean descriptionEncrypted,
      String steps,
      String impact,
      String safety,
      String safetyDetail,
      Optional<String> contact,
      Optional<String> credit,
      boolean uncontrolledRisk) {}

  record TransitionRow(
      long caseId, String from, String to, String actor, Instant at, String note) {}

  record MessageRow(
      long id, long caseId, String author, String visibility, String body, Instant at) {}

  record AttachmentRow(
      long id,
      long caseId,
      String fileId,
      String name,
      String mediaType,
      long size,
      String sha256,
      Instant uploadedAt) {}

  record AffectedRow(String hardwareId, String version) {}

  record CreditRow(
      long caseId, String credit, Optional<String> cveId, String hardwareId, Instant publishedAt) {}

  record BucketRow(long micros, long updatedAt) {}

  // ---- cases ----

  static long insertCase(Handle h, NewCase c) {
    return h.createUpdate(
            "INSERT INTO disclosure_cases (token_hash, state, received_at, updated_at, hardware_id,"
                + " version, title, description, description_encrypted, steps, impact, safety,"
                + " safety_detail, contact, credit, uncontrolled_risk) VALUES (:token, 'RECEIVED',"
                + " :at, :at, :hw, :version, :title, :description, :encrypted, :steps, :impact,"
                + " :safety, :detail, :contact, :credit, :risk)")
        .bind("token", c.tokenHash())
        .bind("at", c.receivedAt().toEpochMilli())
        .bind("hw", c.hardwareId())
        .bind("version", c.version())
        .bind("title", c.title())
        .bind("description", c.description())
        .bind("encrypted", c.descriptionEncrypted() ? 1 : 0)
        .bind("steps", c.steps())
        .bind("impact", c.impact())
        .bind("safety", c.safety())
        .bind("detail", c.safetyDetail())
        .bind("contact", c.contact().orElse(null))
        .bind("credit", c.credit().orElse(null))
        .bind("risk", c.uncontrolledRisk() ? 1 : 0)
        .executeAndReturnGeneratedKeys("id")
        .mapTo(Long.class)
        .one();
  }

  Optional<CaseRow> caseById(long id) {
    return jdbi.withHandle(h -> caseById(h, id));
  }

  static Optional<CaseRow> caseById(Handle h, long id) {
    return h.createQuery(CASE_SELECT + " WHERE id = :id")
        .bind("id", id)
        .map(DisclosureStore::caseRow)
        .findOne();
  }

  Optional<CaseRow> caseByTokenHash(String tokenHash) {
    return jdbi.withHandle(
        h ->
            h.createQuery(CASE_SELECT + " WHERE token_hash = :hash")
                .bind("hash", tokenHash)
                .map(DisclosureStore::caseRow)
                .findOne());
  }

  List<CaseRow> cases() {
    return jdbi.withHandle(
        h -> h.createQuery(CASE_SELECT + " ORDER BY id DESC").map(DisclosureStore::caseRow).list());
  }

  static boolean moveState(Handle h, long id, String from, String to, Instant at) {
    return h.createUpdate(
                "UPDATE disclosure_cases SET state = :to, updated_at = :at WHERE id = :id AND"
                    + " state = :from")
            .bind("to", to)
            .bind("at", at.toEpochMilli())
            .bind("id", id)
            .bind("from", from)
            .execute()
        == 1;
  }

  static void setFixedIn(Handle h, long id, String fixedIn) {
    h.createUpdate("UPDATE disclosure_cases SET fixed_in = :f WHERE id = :id")
        .bind("f", fixedIn)
        .bind("id", id)
        .execute();
  }

  boolean setCredit(long id, Optional<String> credit, Instant at) {
    return jdbi.withHandle(
            h ->
                h.createUpdate(
                        "UPDATE disclosure_cases SET credit = :c, updated_at = :at WHERE id = :id")
                    .bind("c", credit.orElse(null))
                    .bind("at", at.toEpochMilli())
                    .bind("id", id)
                    .execute())
        == 1;
  }

  record Scoring(
      Optional<String> cvss31Vector,
      Optional<String> cvss31Score,
      Optional<String> cvss31Severity,
      Optional<String> cvss40Vector,
      Optional<String> patientHarm,
      Optional<String> environment,
      Optional<String> inTherapy,
      boolean uncontrolledRisk) {}

  boolean setScoring(long id, Scoring s, Instant at) {
    return jdbi.withHandle(
            h ->
                h.createUpdate(
                        "UPDATE disclosure_cases SET cvss31_vector = :v31, cvss31_score = :s31,"
                            + " cvss31_severity = :sev, cvss40_vector = :v40, q_patient_harm ="
                            + " :harm, q_environment = :env, q_in_therapy = :therapy,"
                            + " uncontrolled_risk = :risk, updated_at = :at WHERE id = :id")
                    .bind("v31", s.cvss31Vector().orElse(null))
                    .bind("s31", s.cvss31Score().orElse(null))
                    .bind("sev", s.cvss31Severity().orElse(null))
                    .bind("v40", s.cvss40Vector().orElse(null))
                    .bind("harm", s.patientHarm().orElse(null))
                    .bind("env", s.environment().orElse(null))
                    .bind("therapy", s.inTherapy().orElse(null))
                    .bind("risk", s.uncontrolledRisk() ? 1 : 0)
                    .bind("at", at.toEpochMilli())
                    .bind("id", id)
                    .execute())
        == 1;
  }

  static void setDetails(
      Handle h, long id, Optional<String> cveId, Optional<Long> duplicateOf, Instant at) {
    h.createUpdate(
            "UPDATE disclosure_cases SET cve_id = :cve, duplicate_of = :dup, updated_at = :at"
                + " WHERE id = :id")
        .bind("cve", cveId.orElse(null))
        .bind("dup", duplicateOf.orElse(null))
        .bind("at", at.toEpochMilli())
        .bind("id", id)
        .execute();
  }

  boolean setCustomersNotified(long id, Instant at) {
    return jdbi.withHandle(
            h ->
                h.createUpdate(
                        "UPDATE disclosure_cases SET customers_notified_at = :at, updated_at = :at"
                            + " WHERE id = :id AND customers_notified_at IS NULL")
                    .bind("at", at.toEpochMilli())
                    .bind("id", id)
                    .execute())
        == 1;
  }

  // ---- transitions ----

  /** Records a transition; returns its id. */
  static long insertTransition(Handle h, TransitionRow t) {
    return h.createUpdate(
            "INSERT INTO disclosure_transitions (case_id, from_state, to_state, actor, at, note)"
                + " VALUES (:case, :from, :to, :actor, :at, :note)")
        .bind("case", t.caseId())
        .bind("from", t.from())
        .bind("to", t.to())
        .bind("actor", t.actor())
        .bind("at", t.at().toEpochMilli())
        .bind("note", t.note())
        .executeAndReturnGeneratedKeys("id")
        .mapTo(Long.class)
        .one();
  }

  List<TransitionRow> transitions(long caseId) {
    return jdbi.withHandle(
        h ->
            h.createQuery(TRANSITION_SELECT + " WHERE case_id = :id ORDER BY at, id")
                .bind("id", caseId)
                .map(DisclosureStore::transitionRow)
                .list());
  }

  /** Every case's transitions, grouped by case (for the list's SLA clocks). */
  Map<Long, List<TransitionRow>> allTransitions() {
    Map<Long, List<TransitionRow>> out = new LinkedHashMap<>();
    jdbi.useHandle(
        h ->
            h.createQuery(TRANSITION_SELECT + " ORDER BY case_id, at, id")
                .map(DisclosureStore::transitionRow)
                .forEach(t -> out.computeIfAbsent(t.caseId(), k -> new ArrayList<>()).add(t)));
    return out;
  }

  // ---- messages ----

  /** Adds a message; returns its id. */
  static long insertMessage(
      Handle h, long caseId, String author, String visibility, String body, Instant at) {
    return h.createUpdate(
            "INSERT INTO disclosure_messages (case_id, author, visibility, body, at) VALUES"
                + " (:case, :author, :visibility, :body, :at)")
        .bind("case", caseId)
        .bind("author", author)
        .bind("visibility", visibility)
        .bind("body", body)
        .bind("at", at.toEpochMilli())
        .executeAndReturnGeneratedKeys("id")
        .mapTo(Long.class)
        .one();
  }

  void insertMessage(long caseId, String author, String visibility, String body, Instant at) {
    jdbi.useHandle(h -> insertMessage(h, caseId, author, visibility, body, at));
  }

  List<MessageRow> messages(long caseId) {
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    "SELECT id, case_id, author, visibility, body, at FROM disclosure_messages"
                        + " WHERE case_id = :id ORDER BY at, id")
                .bind("id", caseId)
                .map(
                    (rs, ctx) ->
                        new MessageRow(
                            rs.getLong("id"),
                            rs.getLong("case_id"),
                            rs.getString("author"),
                            rs.getString("visibility"),
                            rs.getString("body"),
                            Instant.ofEpochMilli(rs.getLong("at"))))
                .list());
  }

  // ---- attachments ----

  static void insertAttachment(Handle h, AttachmentRow a) {
    h.createUpdate(
            "INSERT INTO disclosure_attachments (case_id, file_id, name, media_type, size, sha256,"
                + " uploaded_at) VALUES (:case, :file, :name, :type, :size, :sha, :at)")
        .bind("case", a.caseId())
        .bind("file", a.fileId())
        .bind("name", a.name())
        .bind("type", a.mediaType())
        .bind("size", a.size())
        .bind("sha", a.sha256())
        .bind("at", a.uploadedAt().toEpochMilli())
        .execute();
  }

  List<AttachmentRow> attachments(long caseId) {
    return jdbi.withHandle(
        h ->
            h.createQuery(ATTACHMENT_SELECT + " WHERE case_id = :id ORDER BY id")
                .bind("id", caseId)
                .map(DisclosureStore::attachmentRow)
                .list());
  }

  Optional<AttachmentRow> attachment(long caseId, long attachmentId) {
    return jdbi.withHandle(
        h ->
            h.createQuery(ATTACHMENT_SELECT + " WHERE case_id = :case AND id = :id")
                .bind("case", caseId)
                .bind("id", attachmentId)
                .map(DisclosureStore::attachmentRow)
                .findOne());
  }

  /** Every attachment file id the database knows (to find orphaned files). */
  List<String> attachmentFileIds() {
    return jdbi.withHandle(
        h ->
            h.createQuery("SELECT file_id FROM disclosure_attachments").mapTo(String.class).list());
  }

  // ---- affected products ----

  static void setAffected(Handle h, long caseId, List<AffectedRow> affected) {
    h.createUpdate("DELETE FROM disclosure_affected WHERE case_id = :id")
        .bind("id", caseId)
        .execute();
    for (AffectedRow a : affected) {
      h.createUpdate(
              "INSERT INTO disclosure_affected (case_id, hardware_id, version) VALUES (:id, :hw,"
                  + " :v)")
          .bind("id", caseId)
          .bind("hw", a.hardwareId())
          .bind("v", a.version())
          .execute();
    }
  }

  List<AffectedRow> affected(long caseId) {
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    "SELECT hardware_id, version FROM disclosure_affected WHERE case_id = :id"
                        + " ORDER BY hardware_id, version")
                .bind("id", caseId)
                .map(
                    (rs, ctx) ->
                        new AffectedRow(rs.getString("hardware_id"), rs.getString("version")))
                .list());
  }

  /** Open cases that list {@code hardwareId} (any version) among their affected products. */
  List<Long> casesAffecting(String hardwareId, String state) {
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    "SELECT DISTINCT c.id FROM disclosure_cases c JOIN disclosure_affected a ON"
                        + " a.case_id = c.id WHERE a.hardware_id = :hw AND c.state = :state"
                        + " ORDER BY c.id")
                .bind("hw", hardwareId)
                .bind("state", state)
                .mapTo(Long.class)
                .list());
  }

  // ---- acknowledgements ----

  /** Credited finders of published cases, newest publication first. */
  List<CreditRow> publishedCredits() {
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    "SELECT c.id, c.credit, c.cve_id, c.hardware_id, MIN(t.at) AS published_at FROM"
                        + " disclosure_cases c JOIN disclosure_transitions t ON t.case_id = c.id"
                        + " AND t.to_state = 'ADVISORY_PUBLISHED' WHERE c.credit IS NOT NULL AND"
                        + " c.state IN ('ADVISORY_PUBLISHED', 'CLOSED') GROUP BY c.id, c.credit,"
                        + " c.cve_id, c.hardware_id ORDER BY published_at DESC, c.id DESC")
                .map(
                    (rs, ctx) ->
                        new CreditRow(
                            rs.getLong("id"),
                            rs.getString("credit"),
                            Optional.ofNullable(rs.getString("cve_id")),
                            rs.getString("hardware_id"),
                            Instant.ofEpochMilli(rs.getLong("published_at"))))
                .list());
  }

  // ---- products ----

  /** Hardware ids and versions of the published releases, versions in publication order. */
  List<Product> releasedProducts() {
    Map<String, List<String>> versions = new LinkedHashMap<>();
    jdbi.useHandle(
        h ->
            h.createQuery(
                    "SELECT hardware_id, version FROM releases ORDER BY hardware_id,"
                        + " release_counter, id")
                .map(
                    (rs, ctx) ->
                        new AffectedRow(rs.getString("hardware_id"), rs.getString("version")))
                .forEach(
                    r -> {
                      List<String> list =
                          versions.computeIfAbsent(r.hardwareId(), k -> new ArrayList<>());
                      if (!list.contains(r.version())) {
                        list.add(r.version());
                      }
                    }));
    List<Product> out = new ArrayList<>();
    versions.forEach(
        (hw, list) -> {
          if (org.primum.core.formats.Texts.isLabel(hw)) {
            out.add(
                new Product(
                    hw, list.stream().filter(org.primum.core.formats.Texts::isLabel).toList()));
          }
        });
    return out;
  }

  // ---- rate limits ----

  Optional<BucketRow> bucket(String bucket) {
    return jdbi.withHandle(
        h ->
            h.createQuery("SELECT micros, updated_at FROM disclosure_rate_limits WHERE bucket = :b")
                .bind("b", bucket)
                .map((rs, ctx) -> new BucketRow(rs.getLong("micros"), rs.getLong("updated_at")))
                .findOne());
  }

  /** Creates a bucket; false if another request (or replica) created it first. */
  boolean createBucket(String bucket, long micros, long at) {
    return jdbi.withHandle(
            h ->
                h.createUpdate(
                        "INSERT INTO disclosure_rate_limits (bucket, micros, updated_at) VALUES"
                            + " (:b, :m, :at) ON CONFLICT (bucket) DO NOTHING")
                    .bind("b", bucket)
                    .bind("m", micros)
                    .bind("at", at)
                    .execute())
        == 1;
  }

  /** Replaces a bucket's state if nobody changed it since {@code seen}; false otherwise. */
  boolean replaceBucket(String bucket, BucketRow seen, long micros, long at) {
    return jdbi.withHandle(
            h ->
                h.createUpdate(
                        "UPDATE disclosure_rate_limits SET micros = :m, updated_at = :at WHERE"
                            + " bucket = :b AND micros = :seenM AND updated_at = :seenAt")
                    .bind("m", micros)
                    .bind("at", at)
                    .bind("b", bucket)
                    .bind("seenM", seen.micros())
                    .bind("seenAt", seen.updatedAt())
                    .execute())
        == 1;
  }

  /** Deletes buckets untouched since {@code before} (they have refilled completely). */
  int pruneBuckets(long before) {
    return jdbi.withHandle(
        h ->
            h.createUpdate("DELETE FROM disclosure_rate_limits WHERE updated_at < :before")
                .bind("before", before)
                .execute());
  }

  // ---- mapping ----

  private static final String CASE_SELECT =
      "SELECT id, state, received_at, updated_at, hardware_id, version, title, description,"
          + " description_encrypted, steps, impact, safety, safety_detail, contact, credit,"
          + " uncontrolled_risk, cvss31_vector, cvss31_score, cvss31_severity, cvss40_vector,"
          + " q_patient_harm, q_environment, q_in_therapy, cve_id, duplicate_of, fixed_in,"
          + " customers_notified_at FROM disclosure_cases";

  private static final String TRANSITION_SELECT =
      "SELECT case_id, from_state, to_state, actor, at, note FROM disclosure_transitions";

  private static final String ATTACHMENT_SELECT =
      "SELECT id, case_id, file_id, name, media_type, size, sha256, uploaded_at FROM"
          + " disclosure_attachments";

  private static CaseRow caseRow(ResultSet rs, StatementContext ctx) throws SQLException {
    long duplicate = rs.getLong("duplicate_of");
    Optional<Long> duplicateOf = rs.wasNull() ? Optional.empty() : Optional.of(duplicate);
    long notified = rs.getLong("customers_notified_at");
    Optional<Instant> notifiedAt =
        rs.wasNull() ? Optional.empty() : Optional.of(Instant.ofEpochMilli(notified));
    return new CaseRow(
        rs.getLong("id"),
        rs.getString("state"),
        Instant.ofEpochMilli(rs.getLong("received_at")),
        Instant.ofEpochMilli(rs.getLong("updated_at")),
        rs.getString("hardware_id"),
        rs.getString("version"),
        rs.getString("title"),
        rs.getString("description"),
        rs.getInt("description_encrypted") == 1,
        rs.getString("steps"),
        rs.getString("impact"),
        rs.getString("safety"),
        rs.getString("safety_detail"),
        Optional.ofNullable(rs.getString("contact")),
        Optional.ofNullable(rs.getString("credit")),
        rs.getInt("uncontrolled_risk") == 1,
        Optional.ofNullable(rs.getString("cvss31_vector")),
        Optional.ofNullable(rs.getString("cvss31_score")),
        Optional.ofNullable(rs.getString("cvss31_severity")),
        Optional.ofNullable(rs.getString("cvss40_vector")),
        Optional.ofNullable(rs.getString("q_patient_harm")),
        Optional.ofNullable(rs.getString("q_environment")),
        Optional.ofNullable(rs.getString("q_in_therapy")),
        Optional.ofNullable(rs.getString("cve_id")),
        duplicateOf,
        Optional.ofNullable(rs.getString("fixed_in")),
        notifiedAt);
  }

  private static TransitionRow transitionRow(ResultSet rs, StatementContext ctx)
      throws SQLException {
    return new TransitionRow(
        rs.getLong("case_id"),
        rs.getString("from_state"),
        rs.getString("to_state"),
        rs.getString("actor"),
        Instant.ofEpochMilli(rs.getLong("at")),
        rs.getString("note"));
  }

  private static AttachmentRow attachmentRow(ResultSet rs, StatementContext ctx)
      throws SQLException {
    return new AttachmentRow(
        rs.getLong("id"),
        rs.getLong("case_id"),
        rs.getString("file_id"),
        rs.getString("name"),
        rs.getString("media_type"),
        rs.getLong("size"),
        rs.getString("sha256"),
        Instant.ofEpochMilli(rs.getLong("uploaded_at")));
  }
}
