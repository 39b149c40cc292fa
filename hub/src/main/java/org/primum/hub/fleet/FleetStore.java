package org.primum.hub.fleet;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.primum.core.formats.StatusReport;
import org.primum.hub.store.GroupCommit;

/** Tables of enrollment tokens, devices, device certificates and status reports. */
final class FleetStore implements AutoCloseable {
  private final Jdbi jdbi;
  private final GroupCommit<ReportWrite, Boolean> reports;

  FleetStore(Jdbi jdbi) {
    this.jdbi = jdbi;
    this.reports = new GroupCommit<>(jdbi, FleetStore::writeReport, 256, "reports");
  }

  @Override
  public void close() {
    reports.close();
  }

  /** A verified report on its way to the database. */
  record ReportWrite(StatusReport report, String fingerprint, String envelope, Instant now) {}

  Jdbi jdbi() {
    return jdbi;
  }

  record TokenRow(
      String id,
      String serial,
      Instant createdAt,
      String createdBy,
      Instant expiresAt,
      Optional<Instant> usedAt) {}

  record DeviceRow(
      String serial,
      String status,
      Instant enrolledAt,
      Optional<Instant> revokedAt,
      String revokedBy,
      String revokeReason,
      Optional<Instant> lastSeenAt,
      Optional<Long> lastSequence,
      String model,
      String firmware,
      String operatingState,
      String connectivity,
      String alarmCode,
      String alarmPriority,
      String alarmMessage,
      int alarmCount,
      String deviceTime) {}

  record CertificateRow(
      String fingerprint,
      String deviceSerial,
      String serialNumber,
      Instant notBefore,
      Instant notAfter,
      Instant issuedAt,
      String status,
      Optional<Instant> firstUsedAt,
      String pem) {}

  record ReportRow(
      long sequence,
      Instant receivedAt,
      String deviceTime,
      String operatingState,
      String connectivity,
      String alarmPriority,
      String alarmCode) {}

  /** A device certificate as seen at authentication: its own status and its device's. */
  record CertificateAuth(
      String fingerprint,
      String deviceSerial,
      String certificateStatus,
      String deviceStatus,
      Optional<Instant> firstUsedAt,
      Instant issuedAt) {}

  // ---- enrollment tokens ----

  void insertToken(
      String id, String serial, String secretHash, Instant now, String by, Instant expires) {
    jdbi.useHandle(
        h ->
            h.createUpdate(
                    "INSERT INTO enrollment_tokens (id, serial, secret_hash, created_at, created_by,"
                        + " expires_at) VALUES (:id, :serial, :hash, :now, :by, :exp)")
                .bind("id", id)
                .bind("serial", serial)
                .bind("hash", secretHash)
                .bind("now", now.toEpochMilli())
                .bind("by", by)
                .bind("exp", expires.toEpochMilli())
                .execute());
  }

  List<TokenRow> tokens(int limit) {
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    "SELECT id, serial, created_at, created_by, expires_at, used_at FROM"
                        + " enrollment_tokens ORDER BY created_at DESC LIMIT :limit")
                .bind("limit", limit)
                .map(
                    (rs, ctx) ->
                        new TokenRow(
                            rs.getString("id"),
                            rs.getString("serial"),
                            instant(rs, "created_at").orElseThrow(),
                            rs.getString("created_by"),
                            instant(rs, "expires_at").orElseThrow(),
                            instant(rs, "used_at")))
                .list());
  }

  static Optional<TokenLookup> findToken(Handle h, String secretHash) {
    return h.createQuery(
            "SELECT id, serial, expires_at, used_at FROM enrollment_tokens WHERE secret_hash = :h")
        .bind("h", secretHash)
        .map(
            (rs, ctx) ->
                new TokenLookup(
                    rs.getString("id"),
                    rs.getString("serial"),
                    instant(rs, "expires_at").orElseThrow(),
                    instant(rs, "used_at")))
        .findOne();
  }

  record TokenLookup(String id, String serial, Instant expiresAt, Optional<Instant> usedAt) {}

  /** Marks a token used, only if it still is unused; false if another request won. */
  static boolean consumeToken(Handle h, String id, Instant now, String fingerprint) {
    return h.createUpdate(
                "UPDATE enrollment_tokens SET used_at = :now, used_by_fingerprint = :fp"
                    + " WHERE id = :id AND used_at IS NULL")
            .bind("now", now.toEpochMilli())
            .bind("fp", fingerprint)
            .bind("id", id)
            .execute()
        == 1;
  }

  /** Expires every unused token of a serial (on revocation). */
  static void expireTokens(Handle h, String serial, Instant now) {
    h.createUpdate(
            "UPDATE enrollment_tokens SET expires_at = :now WHERE serial = :s AND used_at IS NULL"
                + " AND expires_at > :now")
        .bind("now", now.toEpochMilli())
        .bind("s", serial)
        .execute();
  }

  // ---- devices and certificates ----

  /**
   * Creates the device, or re-activates it and retires its older certificates. A new enrollment is
   * a new identity with its own sequence numbers, so the last accepted sequence is forgotten; old
   * reports cannot be replayed because they are signed by retired keys.
   */
  static void upsertEnrolledDevice(Handle h, String serial, Instant now) {
    int updated =
        h.createUpdate(
                "UPDATE devices SET status = 'ACTIVE', revoked_at = NULL, revoked_by = NULL,"
                    + " revoke_reason = NULL, enrolled_at = :now, last_sequence = NULL"
                    + " WHERE serial = :s")
            .bind("now", now.toEpochMilli())
            .bind("s", serial)
            .execute();
    if (updated == 0) {
      h.createUpdate(
              "INSERT INTO devices (serial, status, enrolled_at) VALUES (:s, 'ACTIVE', :now)")
          .bind("s", serial)
          .bind("now", now.toEpochMilli())
          .execute();
    }
    h.createUpdate(
            "UPDATE device_certificates SET status = 'REPLACED' WHERE device_serial = :s"
                + " AND status IN ('ACTIVE', 'SUPERSEDED')")
        .bind("s", serial)
        .execute();
  }

  static void insertCertificate(Handle h, CertificateRow row) {
    h.createUpdate(
            "INSERT INTO device_certificates (fingerprint, device_serial, serial_number, not_before,"
                + " not_after, issued_at, status, pem) VALUES (:fp, :device, :sn, :nb, :na, :at,"
                + " :status, :pem)")
        .bind("fp", row.fingerprint())
        .bind("device", row.deviceSerial())
        .bind("sn", row.serialNumber())
        .bind("nb", row.notBefore().toEpochMilli())
        .bind("na", row.notAfter().toEpochMilli())
        .bind("at", row.issuedAt().toEpochMilli())
        .bind("status", row.status())
        .bind("pem", row.pem())
        .execute();
  }

  Optional<CertificateAuth> certificateAuth(String fingerprint) {
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    "SELECT c.fingerprint, c.device_serial, c.status AS cert_status, d.status AS"
                        + " device_status, c.first_used_at, c.issued_at FROM device_certificates c"
                        + " JOIN devices d ON d.serial = c.device_serial WHERE c.fingerprint = :fp")
                .bind("fp", fingerprint)
                .map(
                    (rs, ctx) ->
                        new CertificateAuth(
                            rs.getString("fingerprint"),
                            rs.getString("device_serial"),
                            rs.getString("cert_status"),
                            rs.getString("device_status"),
                            instant(rs, "first_used_at"),
                            instant(rs, "issued_at").orElseThrow()))
                .findOne());
  }

  /** Records the first use of a renewed certificate and retires the ones it renewed. */
  void markFirstUse(String fingerprint, String serial, Instant issuedAt, Instant now) {
    jdbi.useTransaction(
        h -> {
          h.createUpdate(
                  "UPDATE device_certificates SET first_used_at = :now WHERE fingerprint = :fp"
                      + " AND first_used_at IS NULL")
              .bind("now", now.toEpochMilli())
              .bind("fp", fingerprint)
              .execute();
          h.createUpdate(
                  "UPDATE device_certificates SET status = 'SUPERSEDED' WHERE device_serial = :s"
                      + " AND status = 'ACTIVE' AND fingerprint <> :fp AND issued_at <= :issued")
              .bind("s", serial)
              .bind("fp", fingerprint)
              .bind("issued", issuedAt.toEpochMilli())
              .execute();
        });
  }

  /** Revokes a device and all its certificates; false if there is no such device. */
  static boolean revoke(Handle h, String serial, Instant now, String by, String reason) {
    int updated =
        h.createUpdate(
                "UPDATE devices SET status = 'REVOKED', revoked_at = :now, revoked_by = :by,"
                    + " revoke_reason = :reason WHERE serial = :s")
            .bind("now", now.toEpochMilli())
            .bind("by", by)
            .bind("reason", reason)
            .bind("s", serial)
            .execute();
    h.createUpdate(
            "UPDATE device_certificates SET status = 'REVOKED' WHERE device_serial = :s"
                + " AND status <> 'REVOKED'")
        .bind("s", serial)
        .execute();
    return updated == 1;
  }

  List<DeviceRow> devices() {
    return jdbi.withHandle(
        h -> h.createQuery(DEVICE_SELECT + " ORDER BY serial").map(FleetStore::deviceRow).list());
  }

  Optional<DeviceRow> device(String serial) {
    return jdbi.withHandle(h -> device(h, serial));
  }

  static Optional<DeviceRow> device(Handle h, String serial) {
    return h.createQuery(DEVICE_SELECT + " WHERE serial = :s")
        .bind("s", serial)
        .map(FleetStore::deviceRow)
        .findOne();
  }

  /** The newest certificate per device, keyed by serial. */
  List<CertificateRow> currentCertificates() {
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    CERT_SELECT
                        + " WHERE c.issued_at = (SELECT MAX(issued_at) FROM device_certificates x"
                        + " WHERE x.device_serial = c.device_serial)")
                .map(FleetStore::certificateRow)
                .list());
  }

  List<CertificateRow> certificates(String serial) {
    return jdbi.withHandle(
        h ->
            h.createQuery(CERT_SELECT + " WHERE c.device_serial = :s ORDER BY c.issued_at DESC")
                .bind("s", serial)
                .map(FleetStore::certificateRow)
                .list());
  }

  // ---- status reports ----

  /**
   * Stores a verified report if its sequence number is above the last accepted one; false if it is
   * stale or replayed. The check and the write are one statement, so concurrent hub replicas cannot
   * both accept the same sequence.
   */
  boolean acceptReport(StatusReport report, String fingerprint, String envelope, Instant now) {
    return reports.submit(new ReportWrite(report, fingerprint, envelope, now));
  }

  private static boolean writeReport(Handle h, ReportWrite write) {
    StatusReport report = write.report();
    Instant now = write.now();
    StatusReport.Alarm highest = report.highestAlarm().orElse(null);
    int updated =
        h.createUpdate(
                "UPDATE devices SET last_sequence = :seq, last_seen_at = :now, model = :model,"
                    + " firmware = :fw, operating_state = :state, connectivity = :conn,"
                    + " alarm_code = :acode, alarm_priority = :aprio, alarm_message = :amsg,"
                    + " alarm_count = :acount, device_time = :dtime WHERE serial = :s AND status"
                    + " = 'ACTIVE' AND (last_sequence IS NULL OR last_sequence < :seq)")
            .bind("seq", report.sequence())
            .bind("now", now.toEpochMilli())
            .bind("model", report.model())
            .bind("fw", report.firmware())
            .bind("state", report.operatingState())
            .bind("conn", report.connectivity())
            .bind("acode", highest == null ? null : highest.code())
            .bind("aprio", highest == null ? null : highest.priority().name())
            .bind("amsg", highest == null ? null : highest.message())
            .bind("acount", report.alarms().size())
            .bind("dtime", report.deviceTime())
            .bind("s", report.serial())
            .execute();
    if (updated == 0) {
      return false;
    }
    h.createUpdate(
            "INSERT INTO status_reports (device_serial, certificate_fingerprint, sequence,"
                + " received_at, device_time, operating_state, connectivity, alarm_priority,"
                + " alarm_code, envelope) VALUES (:s, :fp, :seq, :now, :dtime, :state, :conn,"
                + " :aprio, :acode, :env)")
        .bind("s", report.serial())
        .bind("fp", write.fingerprint())
        .bind("seq", report.sequence())
        .bind("now", now.toEpochMilli())
        .bind("dtime", report.deviceTime())
        .bind("state", report.operatingState())
        .bind("conn", report.connectivity())
        .bind("aprio", highest == null ? null : highest.priority().name())
        .bind("acode", highest == null ? null : highest.code())
        .bind("env", write.envelope())
        .execute();
    return true;
  }

  Optional<Long> lastSequence(String serial) {
    return device(serial).flatMap(DeviceRow::lastSequence);
  }

  List<ReportRow> recentReports(String serial, int limit) {
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    "SELECT sequence, received_at, device_time, operating_state, connectivity,"
                        + " alarm_priority, alarm_code FROM status_reports WHERE device_serial = :s"
                        + " ORDER BY id DESC LIMIT :limit")
                .bind("s", serial)
                .bind("limit", limit)
                .map(
                    (rs, ctx) ->
                        new ReportRow(
                            rs.getLong("sequence"),
                            instant(rs, "received_at").orElseThrow(),
                            rs.getString("device_time"),
                            rs.getString("operating_state"),
                            rs.getString("connectivity"),
                            rs.getString("alarm_priority"),
                            rs.getString("alarm_code")))
                .list());
  }

  int deleteReportsBefore(Instant cutoff) {
    return jdbi.withHandle(
        h ->
            h.createUpdate("DELETE FROM status_reports WHERE received_at < :cutoff")
                .bind("cutoff", cutoff.toEpochMilli())
                .execute());
  }

  private static final String DEVICE_SELECT =
      "SELECT serial, status, enrolled_at, revoked_at, revoked_by, revoke_reason, last_seen_at,"
          + " last_sequence, model, firmware, operating_state, connectivity, alarm_code,"
          + " alarm_priority, alarm_message, alarm_count, device_time FROM devices";

  private static final String CERT_SELECT =
      "SELECT c.fingerprint, c.device_serial, c.serial_number, c.not_before, c.not_after,"
          + " c.issued_at, c.status, c.first_used_at, c.pem FROM device_certificates c";

  private static DeviceRow deviceRow(ResultSet rs, org.jdbi.v3.core.statement.StatementContext ctx)
      throws SQLException {
    long lastSequence = rs.getLong("last_sequence");
    Optional<Long> sequence = rs.wasNull() ? Optional.empty() : Optional.of(lastSequence);
    return new DeviceRow(
        rs.getString("serial"),
        rs.getString("status"),
        instant(rs, "enrolled_at").orElseThrow(),
        instant(rs, "revoked_at"),
        rs.getString("revoked_by"),
        rs.getString("revoke_reason"),
        instant(rs, "last_seen_at"),
        sequence,
        rs.getString("model"),
        rs.getString("firmware"),
        rs.getString("operating_state"),
        rs.getString("connectivity"),
        rs.getString("alarm_code"),
        rs.getString("alarm_priority"),
        rs.getString("alarm_message"),
        rs.getInt("alarm_count"),
        rs.getString("device_time"));
  }

  private static CertificateRow certificateRow(
      ResultSet rs, org.jdbi.v3.core.statement.StatementContext ctx) throws SQLException {
    return new CertificateRow(
        rs.getString("fingerprint"),
        rs.getString("device_serial"),
        rs.getString("serial_number"),
        instant(rs, "not_before").orElseThrow(),
        instant(rs, "not_after").orElseThrow(),
        instant(rs, "issued_at").orElseThrow(),
        rs.getString("status"),
        instant(rs, "first_used_at"),
        rs.getString("pem"));
  }

  private static Optional<Instant> instant(ResultSet rs, String column) throws SQLException {
    long millis = rs.getLong(column);
    return rs.wasNull() ? Optional.empty() : Optional.of(Instant.ofEpochMilli(millis));
  }
}
