package org.primum.hub.supplychain;

import com.github.packageurl.MalformedPackageURLException;
import com.github.packageurl.PackageURL;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.primum.core.crypto.Hashes;
import org.primum.hub.supplychain.osv.Flagged;
import org.primum.hub.supplychain.osv.OsvArchive;
import org.primum.hub.supplychain.osv.OsvRecord;
import org.primum.hub.supplychain.osv.OsvRejection;
import org.primum.hub.supplychain.osv.Severity;
import org.primum.hub.supplychain.osv.VulnIndex;
import org.primum.hub.supplychain.sbom.SbomComponent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bridge between OSV data ({@code supplychain.osv}: records, archive reader, index) and the
 * supply-chain service: reads an import all-or-nothing, and matches SBOM components with the index,
 * remembering which data set each record came from.
 */
final class OsvMatcher implements Matcher {
  private static final Logger LOG = LoggerFactory.getLogger(OsvMatcher.class);

  /** A fully read import: every record (id, JSON), the flagged ones, a digest and the data date. */
  record Parsed(
      List<Map.Entry<String, String>> records,
      List<OsvRecord> parsed,
      List<String> flagged,
      String sha256,
      String dataDate) {}

  private final VulnIndex index;
  private final Map<String, Long> datasetOf;

  private OsvMatcher(VulnIndex index, Map<String, Long> datasetOf) {
    this.index = index;
    this.datasetOf = datasetOf;
  }

  /** A matcher over records read offline (for {@code primum sbom check}), data set id 0. */
  static OsvMatcher of(List<OsvRecord> records) {
    return new OsvMatcher(VulnIndex.build(records), Map.of());
  }

  /** Loads the records of every data set in force from the store and indexes them. */
  static SupplyChain.LoadedIndex load(SupplyChainStore store) {
    long newest = store.newestDatasetId();
    List<OsvRecord> records = new ArrayList<>();
    Map<String, Long> datasetOf = new HashMap<>();
    store.forEachActiveRecord(
        (dataset, json) -> {
          try {
            OsvRecord r = OsvRecord.parse(json);
            records.add(r);
            datasetOf.put(r.id(), dataset);
          } catch (OsvRejection e) {
            // Stored records passed the same parser at import; one that no longer parses (a
            // newer, stricter parser) is skipped loudly rather than stopping every match.
            LOG.warn("stored OSV record no longer parses, skipped: {}", e.getMessage());
          }
        });
    Map<Long, String> names = new HashMap<>();
    store.datasets().forEach(d -> names.put(d.id(), d.name()));
    return new SupplyChain.LoadedIndex(
        new OsvMatcher(VulnIndex.build(records), datasetOf), names, newest);
  }

  /**
   * Reads an OSV {@code all.zip} or a directory of OSV JSON files completely before anything is
   * stored: a malformed file refuses the whole import.
   */
  static Parsed read(Path source) throws SupplyChainRefusal, IOException {
    OsvArchive.Import contents;
    try {
      contents = OsvArchive.read(source);
      contents.handOver(r -> {}); // refuses the whole import if any record is malformed
    } catch (OsvRejection e) {
      throw SupplyChainRefusal.badInput(e.code(), "nothing imported: " + e.getMessage());
    }
    List<Map.Entry<String, String>> records = new ArrayList<>();
    Instant newest = Instant.EPOCH;
    MessageDigest digest = Hashes.newSha256();
    for (OsvArchive.Entry e : contents.entries()) {
      records.add(Map.entry(e.record().id(), new String(e.json(), StandardCharsets.UTF_8)));
      digest.update(e.json());
      if (e.record().modified().isAfter(newest)) {
        newest = e.record().modified();
      }
    }
    List<String> flagged = new ArrayList<>();
    for (Flagged f : contents.flagged()) {
      flagged.add(f.subject() + ": " + f.detail());
    }
    return new Parsed(
        records,
        contents.imported(),
        flagged,
        java.util.HexFormat.of().formatHex(digest.digest()),
        records.isEmpty() ? "" : newest.toString());
  }

  @Override
  public int records() {
    return index.recordCount();
  }

  @Override
  public List<Finding> match(int ordinal, SbomComponent component, List<String> unevaluated) {
    if (component.purl().isEmpty()) {
      unevaluated.add(
          "not evaluated: "
              + component.displayName()
              + " "
              + component.version()
              + " has no package URL");
      return List.of();
    }
    PackageURL purl;
    try {
      purl = new PackageURL(component.purl().get());
    } catch (MalformedPackageURLException e) {
      unevaluated.add("not evaluated: " + component.purl().get() + ": " + e.getMessage());
      return List.of();
    }
    VulnIndex.Findings found = index.match(component.bomRef(), purl);
    for (Flagged f : found.unevaluated()) {
      unevaluated.add("not evaluated: " + component.displayName() + ": " + f.detail());
    }
    List<Finding> out = new ArrayList<>();
    for (VulnIndex.Match m : found.matches()) {
      out.add(
          new Finding(
              ordinal,
              component,
              m.id(),
              m.aliases(),
              m.summary(),
              m.severity().rating().name(),
              score(m.severity()),
              m.evidence().toString(),
              datasetOf.getOrDefault(m.id(), 0L)));
    }
    return out;
  }

  private static String score(Severity s) {
    String number =
        s.score().isPresent() ? String.format(Locale.ROOT, "%.1f", s.score().getAsDouble()) : "";
    Optional<String> vector = s.vector();
    // e.g. "CVSS:4.0/... (DATABASE SPECIFIC; CVSS v4 vector not scored: $.severity[0].score: ...)"
    String source =
        s.source().name().replace('_', ' ')
            + s.problem().map(p -> "; CVSS v4 vector not scored: " + p).orElse("");
    if (number.isEmpty()) {
      return vector.map(v -> v + " (" + source + ")").orElse("(" + source + ")");
    }
    return number + vector.map(v -> " " + v).orElse("");
  }
}
