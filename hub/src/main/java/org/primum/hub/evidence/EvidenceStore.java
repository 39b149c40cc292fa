package org.primum.hub.evidence;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.postgresql.PGConnection;
import org.primum.hub.store.GroupCommit;

/** Tables of witnessed evidence logs, their entries, receipts and integrity incidents. */
final class EvidenceStore implements AutoCloseable {
  private final Jdbi jdbi;
  private final GroupCommit<Write, Boolean> writes;

  EvidenceStore(Jdbi jdbi) {
    this.jdbi = jdbi;
    // SQLite has one writer at a time; PostgreSQL takes several transactions at once, and a
    // second writer keeps the database busy while the first waits on its round trips. Uploads of
    // one log cannot both land: the head moves by a conditional update (see advance).
    boolean postgres = jdbi.withHandle(h -> postgres(h).isPresent());
    this.writes = new GroupCommit<>(jdbi, EvidenceStore::write, 64, postgres ? 3 : 1, "evidence");
  }

  /**
   * A verified upload on its way to the database: the log row to create ({@code create}) or the
   * head to move from {@code fromSize}, the new entries and the receipt.
   */
  record Write(
      boolean create,
      LogRow head,
      long fromSize,
      List<EntryRow> entries,
      String receipt,
      Instant now) {}

  /**
   * Stores a verified upload, sharing a transaction (one disk flush) with uploads of other devices
   * that arrive meanwhile; returns once it is committed, false if another upload of the same log
   * was stored first.
   */
  boolean store(Write write) {
    return writes.submit(write);
  }

  private static boolean write(Handle h, Write write) {
    LogRow head = write.head();
    if (write.create()) {
      boolean exists =
          h.createQuery("SELECT COUNT(*) FROM evidence_logs WHERE device_serial = :s")
                  .bind("s", head.deviceSerial())
                  .mapTo(Long.class)
                  .one()
              > 0;
      if (exists) {
        return false;
      }
      insertLog(h, head);
    } else if (!advance(
        h,
        head.deviceSerial(),
        write.fromSize(),
        head.size(),
        head.rootHash(),
        head.checkpoint(),
        head.frontier(),
        write.now())) {
      return false;
    }
    insertEntries(h, head.deviceSerial(), write.entries());
    insertReceipt(
        h, head.deviceSerial(), head.size(), head.rootHash(), write.receipt(), write.now());
    return true;
  }

  @Override
  public void close() {
    writes.close();
  }

  Jdbi jdbi() {
    return jdbi;
  }

  record LogRow(
      String deviceSerial,
      String origin,
      String verifierKey,
      long size,
      String rootHash,
      String checkpoint,
      String frontier,
      String integrity,
      Instant updatedAt) {}

  record EntryRow(
      long sequence,
      String leafHash,
      String deviceTime,
      long deviceMillis,
      long boot,
      String type,
      String severity,
      String entry,
      Instant receivedAt) {}

  record IncidentRow(
      long id,
      Instant detectedAt,
      String kind,
      String detail,
      String heldCheckpoint,
      String presentedCheckpoint,
      String source) {}

  Optional<LogRow> log(String serial) {
    return jdbi.withHandle(h -> log(h, serial));
  }

  static Optional<LogRow> log(Handle h, String serial) {
    return h.createQuery(
            "SELECT device_serial, origin, verifier_key, size, root_hash, checkpoint, frontier,"
                + " integrity, updated_at FROM evidence_logs WHERE device_serial = :s")
        .bind("s", serial)
        .map(EvidenceStore::logRow)
        .findOne();
  }

  /** Size and integrity of every witnessed log, by device serial. */
  Map<String, LogRow> logs() {
    return jdbi.withHandle(
        h ->
            h
                .createQuery(
                    "SELECT device_serial, origin, verifier_key, size, root_hash, checkpoint,"
                        + " frontier, integrity, updated_at FROM evidence_logs")
                .map(EvidenceStore::logRow)
                .list()
                .stream()
                .collect(Collectors.toMap(LogRow::deviceSerial, r -> r)));
  }

  static void insertLog(Handle h, LogRow row) {
    h.createUpdate(
            "INSERT INTO evidence_logs (device_serial, origin, verifier_key, size, root_hash,"
                + " checkpoint, frontier, integrity, updated_at) VALUES (:s, :o, :k, :size, :root,"
                + " :cp, :f, :i, :at)")
        .bind("s", row.deviceSerial())
        .bind("o", row.origin())
        .bind("k", row.verifierKey())
        .bind("size", row.size())
        .bind("root", row.rootHash())
        .bind("cp", row.checkpoint())
        .bind("f", row.frontier())
        .bind("i", row.integrity())
        .bind("at", row.updatedAt().toEpochMilli())
        .execute();
  }

  /** Moves a log from {@code fromSize} to a new head; false if another upload got there first. */
  static boolean advance(
      Handle h,
      String serial,
      long fromSize,
      long size,
      String root,
      String checkpoint,
      String frontier,
      Instant now) {
    return h.createUpdate(
                "UPDATE evidence_logs SET size = :size, root_hash = :root, checkpoint = :cp,"
                    + " frontier = :f, updated_at = :at WHERE device_serial = :s AND size = :from")
            .bind("size", size)
            .bind("root", root)
            .bind("cp", checkpoint)
            .bind("f", frontier)
            .bind("at", now.toEpochMilli())
            .bind("s", serial)
            .bind("from", fromSize)
            .execute()
        == 1;
  }

  static void insertEntries(Handle h, String serial, List<EntryRow> rows) {
    if (rows.isEmpty()) {
      return;
    }
    Optional<PGConnection> postgres = postgres(h);
    if (postgres.isPresent()) {
      copyEntries(postgres.get(), serial, rows);
      return;
    }
    var batch =
        h.prepareBatch(
            "INSERT INTO evidence_entries (device_serial, sequence, leaf_hash, device_time,"
                + " device_millis, boot, type, severity, entry, received_at) VALUES (:s, :seq,"
                + " :leaf, :time, :millis, :boot, :type, :sev, :entry, :at)");
    for (EntryRow row : rows) {
      batch
          .bind("s", serial)
          .bind("seq", row.sequence())
          .bind("leaf", row.leafHash())
          .bind("time", row.deviceTime())
          .bind("millis", row.deviceMillis())
          .bind("boot", row.boot())
          .bind("type", row.type())
          .bind("sev", row.severity())
          .bind("entry", row.entry())
          .bind("at", row.receivedAt().toEpochMilli())
          .add();
    }
    batch.execute();
  }

  private static Optional<PGConnection> postgres(Handle h) {
    try {
      Connection connection = h.getConnection();
      return connection.isWrapperFor(PGConnection.class)
          ? Optional.of(connection.unwrap(PGConnection.class))
          : Optional.empty();
    } catch (SQLException e) {
      return Optional.empty();
    }
  }

  /**
   * PostgreSQL's COPY in CSV form: one statement streams an upload's rows, in the same transaction,
   * instead of one INSERT per row (about 1.5 times the ingestion rate of batched multi-row INSERTs
   * here). Every text field is quoted, with quotes doubled (RFC 4180 as PostgreSQL reads it); the
   * entries are canonical JSON, so they hold no raw control characters.
   */
  private static void copyEntries(PGConnection postgres, String serial, List<EntryRow> rows) {
    StringBuilder csv = new StringBuilder(rows.size() * 512);
    for (EntryRow row : rows) {
      quoted(csv, serial).append(',').append(row.sequence()).append(',');
      quoted(csv, row.leafHash()).append(',');
      quoted(csv, row.deviceTime()).append(',');
      csv.append(row.deviceMillis()).append(',').append(row.boot()).append(',');
      quoted(csv, row.type()).append(',');
      quoted(csv, row.severity()).append(',');
      quoted(csv, row.entry()).append(',');
      csv.append(row.receivedAt().toEpochMilli()).append('\n');
    }
    try {
      postgres
          .getCopyAPI()
          .copyIn(
              "COPY evidence_entries (device_serial, sequence, leaf_hash, device_time,"
                  + " device_millis, boot, type, severity, entry, received_at)"
                  + " FROM STDIN WITH (FORMAT csv)",
              new StringReader(csv.toString()));
    } catch (SQLException e) {
      throw new IllegalStateException("could not store evidence entries: " + e.getMessage(), e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static StringBuilder quoted(StringBuilder out, String value) {
    out.append('"');
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '"') {
        out.append('"');
      }
      out.append(c);
    }
    return out.append('"');
  }

  static void insertReceipt(
      Handle h, String serial, long size, String root, String receipt, Instant now) {
    h.createUpdate(
            "INSERT INTO evidence_receipts (device_serial, size, root_hash, receipt, issued_at)"
                + " VALUES (:s, :size, :root, :r, :at)")
        .bind("s", serial)
        .bind("size", size)
        .bind("root", root)
        .bind("r", receipt)
        .bind("at", now.toEpochMilli())
        .execute();
  }

  Optional<String> receipt(String serial, long size) {
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    "SELECT receipt FROM evidence_receipts WHERE device_serial = :s AND size = :size")
                .bind("s", serial)
                .bind("size", size)
                .mapTo(String.class)
                .findOne());
  }

  Optional<EntryRow> lastEntry(String serial) {
    return jdbi.withHandle(
        h ->
            h.createQuery(ENTRY_SELECT + " WHERE device_serial = :s ORDER BY sequence DESC LIMIT 1")
                .bind("s", serial)
                .map(EvidenceStore::entryRow)
                .findOne());
  }

  /**
   * The newest entries matching a type prefix, a severity and a device-time window (epoch millis,
   * inclusive; empty strings and {@code Long.MIN_VALUE}/{@code MAX_VALUE} mean no filter).
   */
  List<EntryRow> entries(
      String serial, String type, String severity, long fromMillis, long toMillis, int limit) {
    boolean timed = fromMillis != Long.MIN_VALUE || toMillis != Long.MAX_VALUE;
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    ENTRY_SELECT
                        + " WHERE device_serial = :s AND (:type = '' OR type LIKE :typePrefix)"
                        + " AND (:sev = '' OR severity = :sev)"
                        + " AND (:timed = 0 OR (device_millis >= :from AND device_millis <= :to))"
                        + " ORDER BY sequence DESC LIMIT :limit")
                .bind("s", serial)
                .bind("type", type)
                .bind("typePrefix", type + "%")
                .bind("sev", severity)
                .bind("timed", timed ? 1 : 0)
                .bind("from", fromMillis)
                .bind("to", toMillis)
                .bind("limit", limit)
                .map(EvidenceStore::entryRow)
                .list());
  }

  /** Gap records per device serial (entries a full device log summarised instead of keeping). */
  Map<String, Long> gapCounts() {
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    "SELECT device_serial, COUNT(*) AS n FROM evidence_entries"
                        + " WHERE type = 'evidence.gap' GROUP BY device_serial")
                .reduceRows(
                    new java.util.HashMap<String, Long>(),
                    (map, row) -> {
                      map.put(
                          row.getColumn("device_serial", String.class),
                          row.getColumn("n", Long.class));
                      return map;
                    }));
  }

  /** The size and issue time of the newest receipt for a device's log. */
  Optional<Map.Entry<Long, Instant>> lastReceipt(String serial) {
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    "SELECT size, issued_at FROM evidence_receipts WHERE device_serial = :s"
                        + " ORDER BY size DESC LIMIT 1")
                .bind("s", serial)
                .map(
                    (rs, ctx) ->
                        Map.entry(
                            rs.getLong("size"), Instant.ofEpochMilli(rs.getLong("issued_at"))))
                .findOne());
  }

  /** Fills device_millis for entries stored before schema version 3. */
  void backfillDeviceMillis() {
    while (true) {
      List<Map.Entry<String, Long>> missing =
          jdbi.withHandle(
              h ->
                  h.createQuery(
                          "SELECT device_serial, sequence, device_time FROM evidence_entries"
                              + " WHERE device_millis IS NULL LIMIT 1000")
                      .map(
                          (rs, ctx) ->
                              Map.entry(
                                  rs.getString("device_serial")
                                      + "\n"
                                      + rs.getString("device_time"),
                                  rs.getLong("sequence")))
                      .list());
      if (missing.isEmpty()) {
        return;
      }
      jdbi.useTransaction(
          h -> {
            var batch =
                h.prepareBatch(
                    "UPDATE evidence_entries SET device_millis = :m"
                        + " WHERE device_serial = :s AND sequence = :seq");
            for (Map.Entry<String, Long> row : missing) {
              String[] key = row.getKey().split("\n", 2);
              batch
                  .bind("m", deviceMillis(key[1]))
                  .bind("s", key[0])
                  .bind("seq", row.getValue())
                  .add();
            }
            batch.execute();
          });
    }
  }

  /** The device time as epoch millis; an unreadable time sorts first (it was checked on ingest). */
  static long deviceMillis(String deviceTime) {
    try {
      return Instant.parse(deviceTime).toEpochMilli();
    } catch (java.time.format.DateTimeParseException | ArithmeticException e) {
      return Long.MIN_VALUE;
    }
  }

  /** Leaf hashes 0..size-1 of a device's log, in order. */
  List<String> leafHashes(String serial, long size) {
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    "SELECT leaf_hash FROM evidence_entries WHERE device_serial = :s AND sequence <"
                        + " :size ORDER BY sequence")
                .bind("s", serial)
                .bind("size", size)
                .mapTo(String.class)
                .list());
  }

  /** Entries with sequence in [from, to), in order, with their device time. */
  List<EntryRow> range(String serial, long from, long to) {
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    ENTRY_SELECT
                        + " WHERE device_serial = :s AND sequence >= :from AND sequence < :to"
                        + " ORDER BY sequence")
                .bind("s", serial)
                .bind("from", from)
                .bind("to", to)
                .map(EvidenceStore::entryRow)
                .list());
  }

  long insertIncident(String serial, IncidentRow row) {
    return jdbi.inTransaction(
        h -> {
          long id =
              h.createUpdate(
                      "INSERT INTO evidence_incidents (device_serial, detected_at, kind, detail,"
                          + " held_checkpoint, presented_checkpoint, source) VALUES (:s, :at, :k,"
                          + " :d, :held, :presented, :src)")
                  .bind("s", serial)
                  .bind("at", row.detectedAt().toEpochMilli())
                  .bind("k", row.kind())
                  .bind("d", row.detail())
                  .bind("held", row.heldCheckpoint())
                  .bind("presented", row.presentedCheckpoint())
                  .bind("src", row.source())
                  .executeAndReturnGeneratedKeys("id")
                  .mapTo(Long.class)
                  .one();
          h.createUpdate("UPDATE evidence_logs SET integrity = 'INCIDENT' WHERE device_serial = :s")
              .bind("s", serial)
              .execute();
          return id;
        });
  }

  List<IncidentRow> incidents(String serial) {
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    "SELECT id, detected_at, kind, detail, held_checkpoint, presented_checkpoint,"
                        + " source FROM evidence_incidents WHERE device_serial = :s ORDER BY id"
                        + " DESC")
                .bind("s", serial)
                .map(
                    (rs, ctx) ->
                        new IncidentRow(
                            rs.getLong("id"),
                            Instant.ofEpochMilli(rs.getLong("detected_at")),
                            rs.getString("kind"),
                            rs.getString("detail"),
                            rs.getString("held_checkpoint"),
                            rs.getString("presented_checkpoint"),
                            rs.getString("source")))
                .list());
  }

  private static final String ENTRY_SELECT =
      "SELECT sequence, leaf_hash, device_time, device_millis, boot, type, severity, entry, received_at FROM"
          + " evidence_entries";

  private static EntryRow entryRow(ResultSet rs, org.jdbi.v3.core.statement.StatementContext ctx)
      throws SQLException {
    return new EntryRow(
        rs.getLong("sequence"),
        rs.getString("leaf_hash"),
        rs.getString("device_time"),
        rs.getLong("device_millis"),
        rs.getLong("boot"),
        rs.getString("type"),
        rs.getString("severity"),
        rs.getString("entry"),
        Instant.ofEpochMilli(rs.getLong("received_at")));
  }

  private static LogRow logRow(ResultSet rs, org.jdbi.v3.core.statement.StatementContext ctx)
      throws SQLException {
    return new LogRow(
        rs.getString("device_serial"),
        rs.getString("origin"),
        rs.getString("verifier_key"),
        rs.getLong("size"),
        rs.getString("root_hash"),
        rs.getString("checkpoint"),
        rs.getString("frontier"),
        rs.getString("integrity"),
        Instant.ofEpochMilli(rs.getLong("updated_at")));
  }
}
