package org.primum.hub.supplychain;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.primum.hub.supplychain.sbom.Sbom;
import org.primum.hub.supplychain.sbom.SbomComponent;
import org.primum.hub.supplychain.sbom.SupportLevel;
import org.primum.hub.supplychain.vex.VexJustification;
import org.primum.hub.supplychain.vex.VexStatement;
import org.primum.hub.supplychain.vex.VexStatus;

/**
 * The supply-chain tables: {@code sbom_documents}, {@code sbom_components}, {@code vuln_datasets},
 * {@code vuln_records}, {@code vuln_matches}, {@code vex_statements}, {@code gate_justifications}.
 */
final class SupplyChainStore {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** A release as the supply-chain pages list it. */
  record ReleaseRef(long id, String hardwareId, String version, Instant publishedAt) {}

  /** One component row with who last edited its support fields. */
  record ComponentRow(
      long releaseId, int ordinal, SbomComponent component, Optional<String> supportEditedBy) {}

  /** One SBOM document row. */
  record DocumentRow(
      long releaseId,
      String format,
      String serialNumber,
      String author,
      String producedAt,
      int componentCount,
      List<String> warnings,
      Instant importedAt) {}

  /** One imported OSV data set. */
  record DatasetRow(
      long id,
      String name,
      String source,
      String sha256,
      String dataDate,
      int recordCount,
      List<String> flagged,
      Instant importedAt,
      String importedBy,
      boolean superseded) {}

  /** One stored match of a vulnerability to a release component. */
  record MatchRow(
      long releaseId,
      int ordinal,
      String osvId,
      List<String> aliases,
      String summary,
      String severity,
      String score,
      String affected,
      long datasetId,
      Instant matchedAt) {}

  /** One stored VEX statement with its product scope. */
  record VexRow(
      long id,
      String hardwareId,
      String version,
      VexStatement statement,
      String source,
      String recordedBy,
      Instant recordedAt) {}

  /** One recorded gate justification. */
  record JustificationRow(
      long releaseId,
      String justification,
      List<String> findings,
      String recordedBy,
      Instant recordedAt) {}

  private final Jdbi jdbi;

  SupplyChainStore(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  <T> T transaction(Function<Handle, T> work) {
    return jdbi.inTransaction(work::apply);
  }

  // ------------------------------------------------------------------------------------ SBOMs

  static void insertSbom(Handle h, long releaseId, Sbom sbom, Instant now) {
    h.createUpdate(
            "INSERT INTO sbom_documents (release_id, format, serial_number, author, produced_at,"
                + " component_count, dependencies, warnings, imported_at) VALUES (:r, :f, :sn, :a,"
                + " :p, :n, :d, :w, :now)")
        .bind("r", releaseId)
        .bind("f", sbom.format())
        .bind("sn", sbom.serialNumber())
        .bind("a", sbom.author())
        .bind("p", sbom.timestamp())
        .bind("n", sbom.components().size())
        .bind("d", json(sbom.dependencies()))
        .bind("w", json(sbom.warnings()))
        .bind("now", now.toEpochMilli())
        .execute();
    PreparedBatch batch =
        h.prepareBatch(
            "INSERT INTO sbom_components (release_id, ordinal, bom_ref, type, supplier, grp, name,"
                + " version, purl, cpe, hashes, support_level, end_of_support) VALUES (:r, :o,"
                + " :ref, :t, :s, :g, :n, :v, :purl, :cpe, :h, :sl, :eos)");
    int ordinal = 0;
    for (SbomComponent c : sbom.components()) {
      batch
          .bind("r", releaseId)
          .bind("o", ordinal++)
          .bind("ref", c.bomRef())
          .bind("t", c.type())
          .bind("s", c.supplier())
          .bind("g", c.group())
          .bind("n", c.name())
          .bind("v", c.version())
          .bind("purl", c.purl().orElse(null))
          .bind("cpe", c.cpe())
          .bind("h", json(c.hashes()))
          .bind("sl", c.support().name())
          .bind("eos", c.endOfSupport().map(LocalDate::toString).orElse(null))
          .add();
    }
    if (ordinal > 0) {
      batch.execute();
    }
  }

  Optional<DocumentRow> document(long releaseId) {
    return jdbi.withHandle(
        h ->
            h.createQuery("SELECT * FROM sbom_documents WHERE release_id = :r")
                .bind("r", releaseId)
                .map(
                    (rs, ctx) ->
                        new DocumentRow(
                            rs.getLong("release_id"),
                            rs.getString("format"),
                            rs.getString("serial_number"),
                            rs.getString("author"),
                            rs.getString("produced_at"),
                            rs.getInt("component_count"),
                            strings(rs.getString("warnings")),
                            Instant.ofEpochMilli(rs.getLong("imported_at"))))
                .findOne());
  }

  List<ComponentRow> components(long releaseId) {
    return jdbi.withHandle(
        h ->
            h.createQuery("SELECT * FROM sbom_components WHERE release_id = :r ORDER BY ordinal")
                .bind("r", releaseId)
                .map((rs, ctx) -> componentRow(rs))
                .list());
  }

  /** Every component of every release, for re-matching after new vulnerability data. */
  void forEachComponent(Consumer<ComponentRow> consumer) {
    jdbi.useHandle(
        h ->
            h.createQuery("SELECT * FROM sbom_components ORDER BY release_id, ordinal")
                .map((rs, ctx) -> componentRow(rs))
                .forEach(consumer));
  }

  private static ComponentRow componentRow(java.sql.ResultSet rs) throws java.sql.SQLException {
    String eos = rs.getString("end_of_support");
    SbomComponent c =
        new SbomComponent(
            rs.getString("bom_ref"),
            rs.getString("type"),
            rs.getString("supplier"),
            rs.getString("grp"),
            rs.getString("name"),
            rs.getString("version"),
            Optional.ofNullable(rs.getString("purl")),
            rs.getString("cpe"),
            stringMap(rs.getString("hashes")),
            SupportLevel.valueOf(rs.getString("support_level")),
            eos == null ? Optional.empty() : Optional.of(LocalDate.parse(eos)),
            List.of());
    return new ComponentRow(
        rs.getLong("release_id"),
        rs.getInt("ordinal"),
        c,
        Optional.ofNullable(rs.getString("support_by")));
  }

  boolean updateSupport(
      long releaseId,
      int ordinal,
      SupportLevel level,
      Optional<LocalDate> endOfSupport,
      String actor,
      Instant now) {
    return jdbi.withHandle(
            h ->
                h.createUpdate(
                        "UPDATE sbom_components SET support_level = :sl, end_of_support = :eos,"
                            + " support_by = :by, support_at = :now WHERE release_id = :r AND"
                            + " ordinal = :o")
                    .bind("sl", level.name())
                    .bind("eos", endOfSupport.map(LocalDate::toString).orElse(null))
                    .bind("by", actor)
                    .bind("now", now.toEpochMilli())
                    .bind("r", releaseId)
                    .bind("o", ordinal)
                    .execute())
        == 1;
  }

  /** Releases that carry an SBOM, newest first. */
  List<ReleaseRef> releasesWithSbom() {
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    "SELECT r.id, r.hardware_id, r.version, r.published_at FROM releases r JOIN"
                        + " sbom_documents d ON d.release_id = r.id ORDER BY r.id DESC")
                .map(
                    (rs, ctx) ->
                        new ReleaseRef(
                            rs.getLong("id"),
                            rs.getString("hardware_id"),
                            rs.getString("version"),
                            Instant.ofEpochMilli(rs.getLong("published_at"))))
                .list());
  }

  Optional<ReleaseRef> release(String hardwareId, String version) {
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    "SELECT id, hardware_id, version, published_at FROM releases WHERE"
                        + " hardware_id = :h AND version = :v")
                .bind("h", hardwareId)
                .bind("v", version)
                .map(
                    (rs, ctx) ->
                        new ReleaseRef(
                            rs.getLong("id"),
                            rs.getString("hardware_id"),
                            rs.getString("version"),
                            Instant.ofEpochMilli(rs.getLong("published_at"))))
                .findOne());
  }

  // --------------------------------------------------------------------- vulnerability data

  /**
   * Stores a data set and its records in one transaction, superseding earlier sets of the same
   * name; returns the new set's id.
   */
  long insertDataset(DatasetRow set, List<Map.Entry<String, String>> records) {
    return jdbi.inTransaction(
        h -> {
          h.createUpdate("UPDATE vuln_datasets SET superseded = 1 WHERE name = :n")
              .bind("n", set.name())
              .execute();
          long id =
              h.createUpdate(
                      "INSERT INTO vuln_datasets (name, source, sha256, data_date, record_count,"
                          + " flagged, imported_at, imported_by) VALUES (:n, :s, :sha, :d, :c, :f,"
                          + " :at, :by)")
                  .bind("n", set.name())
                  .bind("s", set.source())
                  .bind("sha", set.sha256())
                  .bind("d", set.dataDate())
                  .bind("c", set.recordCount())
                  .bind("f", json(set.flagged()))
                  .bind("at", set.importedAt().toEpochMilli())
                  .bind("by", set.importedBy())
                  .executeAndReturnGeneratedKeys("id")
                  .mapTo(Long.class)
                  .one();
          PreparedBatch batch =
              h.prepareBatch(
                  "INSERT INTO vuln_records (dataset_id, osv_id, content) VALUES (:d, :o, :c)");
          int pending = 0;
          for (Map.Entry<String, String> r : records) {
            batch.bind("d", id).bind("o", r.getKey()).bind("c", r.getValue()).add();
            if (++pending == 1000) {
              batch.execute();
              pending = 0;
            }
          }
          if (pending > 0) {
            batch.execute();
          }
          return id;
        });
  }

  /** The id of the newest data set (0 when none), to notice imports by other processes. */
  long newestDatasetId() {
    return jdbi.withHandle(
        h ->
            h.createQuery("SELECT COALESCE(MAX(id), 0) FROM vuln_datasets")
                .mapTo(Long.class)
                .one());
  }

  List<DatasetRow> datasets() {
    return jdbi.withHandle(
        h ->
            h.createQuery("SELECT * FROM vuln_datasets ORDER BY id DESC")
                .map(
                    (rs, ctx) ->
                        new DatasetRow(
                            rs.getLong("id"),
                            rs.getString("name"),
                            rs.getString("source"),
                            rs.getString("sha256"),
                            rs.getString("data_date"),
                            rs.getInt("record_count"),
                            strings(rs.getString("flagged")),
                            Instant.ofEpochMilli(rs.getLong("imported_at")),
                            rs.getString("imported_by"),
                            rs.getInt("superseded") != 0))
                .list());
  }

  /** Streams the records of every data set still in force: (data set id, OSV JSON). */
  void forEachActiveRecord(java.util.function.BiConsumer<Long, byte[]> consumer) {
    jdbi.useHandle(
        h ->
            h.createQuery(
                    "SELECT r.dataset_id, r.content FROM vuln_records r JOIN vuln_datasets d ON"
                        + " d.id = r.dataset_id WHERE d.superseded = 0 ORDER BY r.dataset_id,"
                        + " r.osv_id")
                .setFetchSize(1000)
                .map(
                    (rs, ctx) ->
                        Map.entry(
                            rs.getLong(1),
                            rs.getString(2).getBytes(java.nio.charset.StandardCharsets.UTF_8)))
                .forEach(e -> consumer.accept(e.getKey(), e.getValue())));
  }

  // ------------------------------------------------------------------------------- matches

  /** Replaces every stored match (all releases) with {@code rows}, in one transaction. */
  void replaceAllMatches(List<MatchRow> rows) {
    jdbi.useTransaction(
        h -> {
          h.execute("DELETE FROM vuln_matches");
          insertMatches(h, rows);
        });
  }

  static void replaceMatches(Handle h, long releaseId, List<MatchRow> rows) {
    h.createUpdate("DELETE FROM vuln_matches WHERE release_id = :r").bind("r", releaseId).execute();
    insertMatches(h, rows);
  }

  private static void insertMatches(Handle h, List<MatchRow> rows) {
    if (rows.isEmpty()) {
      return;
    }
    PreparedBatch batch =
        h.prepareBatch(
            "INSERT INTO vuln_matches (release_id, ordinal, osv_id, aliases, summary, severity,"
                + " score, affected, dataset_id, matched_at) VALUES (:r, :o, :id, :al, :su, :sev,"
                + " :sc, :af, :ds, :at)");
    int pending = 0;
    for (MatchRow m : rows) {
      batch
          .bind("r", m.releaseId())
          .bind("o", m.ordinal())
          .bind("id", m.osvId())
          .bind("al", String.join(" ", m.aliases()))
          .bind("su", m.summary())
          .bind("sev", m.severity())
          .bind("sc", m.score())
          .bind("af", m.affected())
          .bind("ds", m.datasetId())
          .bind("at", m.matchedAt().toEpochMilli())
          .add();
      if (++pending == 1000) {
        batch.execute();
        pending = 0;
      }
    }
    if (pending > 0) {
      batch.execute();
    }
  }

  List<MatchRow> matches(long releaseId) {
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    "SELECT * FROM vuln_matches WHERE release_id = :r ORDER BY ordinal, osv_id")
                .bind("r", releaseId)
                .map((rs, ctx) -> matchRow(rs))
                .list());
  }

  List<MatchRow> allMatches() {
    return jdbi.withHandle(
        h ->
            h.createQuery("SELECT * FROM vuln_matches ORDER BY release_id, ordinal, osv_id")
                .map((rs, ctx) -> matchRow(rs))
                .list());
  }

  private static MatchRow matchRow(java.sql.ResultSet rs) throws java.sql.SQLException {
    String aliases = rs.getString("aliases");
    return new MatchRow(
        rs.getLong("release_id"),
        rs.getInt("ordinal"),
        rs.getString("osv_id"),
        aliases.isBlank() ? List.of() : Arrays.asList(aliases.split(" ")),
        rs.getString("summary"),
        rs.getString("severity"),
        rs.getString("score"),
        rs.getString("affected"),
        rs.getLong("dataset_id"),
        Instant.ofEpochMilli(rs.getLong("matched_at")));
  }

  // ------------------------------------------------------------------------------------- VEX

  void insertVex(
      String hardwareId,
      String version,
      List<VexStatement> statements,
      String source,
      String actor,
      Instant now) {
    jdbi.useTransaction(
        h -> {
          PreparedBatch batch =
              h.prepareBatch(
                  "INSERT INTO vex_statements (hardware_id, version, component, vulnerability,"
                      + " status, justification, detail, source, recorded_by, recorded_at) VALUES"
                      + " (:h, :v, :c, :vu, :st, :j, :d, :src, :by, :at)");
          for (VexStatement s : statements) {
            batch
                .bind("h", hardwareId)
                .bind("v", version)
                .bind("c", s.component())
                .bind("vu", s.vulnerability())
                .bind("st", s.status().label())
                .bind("j", s.justification().map(VexJustification::label).orElse(""))
                .bind("d", s.detail())
                .bind("src", source)
                .bind("by", actor)
                .bind("at", now.toEpochMilli())
                .add();
          }
          if (!statements.isEmpty()) {
            batch.execute();
          }
        });
  }

  List<VexRow> vex(String hardwareId, String version) {
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    "SELECT * FROM vex_statements WHERE hardware_id = :h AND version = :v ORDER BY"
                        + " id")
                .bind("h", hardwareId)
                .bind("v", version)
                .map(
                    (rs, ctx) ->
                        new VexRow(
                            rs.getLong("id"),
                            rs.getString("hardware_id"),
                            rs.getString("version"),
                            new VexStatement(
                                rs.getString("vulnerability"),
                                rs.getString("component"),
                                VexStatus.fromLabel(rs.getString("status")).orElseThrow(),
                                VexJustification.fromLabel(rs.getString("justification")),
                                rs.getString("detail")),
                            rs.getString("source"),
                            rs.getString("recorded_by"),
                            Instant.ofEpochMilli(rs.getLong("recorded_at"))))
                .list());
  }

  // ------------------------------------------------------------------------- justifications

  static void insertJustification(Handle h, JustificationRow row) {
    h.createUpdate(
            "INSERT INTO gate_justifications (release_id, justification, findings, recorded_by,"
                + " recorded_at) VALUES (:r, :j, :f, :by, :at)")
        .bind("r", row.releaseId())
        .bind("j", row.justification())
        .bind("f", json(row.findings()))
        .bind("by", row.recordedBy())
        .bind("at", row.recordedAt().toEpochMilli())
        .execute();
  }

  Optional<JustificationRow> justification(long releaseId) {
    return jdbi.withHandle(
        h ->
            h.createQuery("SELECT * FROM gate_justifications WHERE release_id = :r")
                .bind("r", releaseId)
                .map(
                    (rs, ctx) ->
                        new JustificationRow(
                            rs.getLong("release_id"),
                            rs.getString("justification"),
                            strings(rs.getString("findings")),
                            rs.getString("recorded_by"),
                            Instant.ofEpochMilli(rs.getLong("recorded_at"))))
                .findOne());
  }

  // -------------------------------------------------------------------------------- helpers

  private static String json(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot encode " + value.getClass(), e);
    }
  }

  private static List<String> strings(String json) {
    try {
      return new ArrayList<>(JSON.readValue(json, new TypeReference<List<String>>() {}));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("stored JSON does not parse", e);
    }
  }

  private static Map<String, String> stringMap(String json) {
    try {
      return JSON.readValue(json, new TypeReference<Map<String, String>>() {});
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("stored JSON does not parse", e);
    }
  }
}
