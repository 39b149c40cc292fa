package org.primum.hub.supplychain;

import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.primum.hub.supplychain.osv.OsvRecord;
import org.primum.hub.supplychain.sbom.Sbom;
import org.primum.hub.supplychain.sbom.SbomComponent;
import org.primum.hub.supplychain.sbom.SbomRejection;
import org.primum.hub.supplychain.sbom.Sboms;
import org.primum.hub.supplychain.vex.VexDocuments;
import org.primum.hub.supplychain.vex.VexRejection;
import org.primum.hub.supplychain.vex.VexStatement;

/**
 * The release gate without a hub, for manufacturers' own pipelines ({@code primum sbom check}): an
 * SBOM judged against OSV data and VEX documents given as files, entirely offline.
 */
public final class SbomCheck {
  /**
   * What the check found.
   *
   * @param sources each OSV source read, with its record count and newest record date
   */
  public record Result(
      Sbom sbom, GateVerdict verdict, List<Finding> findings, int records, List<String> sources) {}

  private SbomCheck() {}

  /**
   * Judges {@code sbom} on {@code today}.
   *
   * @param osv OSV {@code all.zip} files or directories of OSV JSON
   * @param vex VEX documents (CycloneDX, CSAF or OpenVEX) about this SBOM's product version
   */
  public static Result run(byte[] sbom, List<Path> osv, List<byte[]> vex, LocalDate today)
      throws SbomRejection, SupplyChainRefusal, IOException {
    Sbom parsed = Sboms.parse(sbom);
    List<OsvRecord> records = new ArrayList<>();
    List<String> sources = new ArrayList<>();
    for (Path source : osv) {
      OsvMatcher.Parsed p = OsvMatcher.read(source);
      records.addAll(p.parsed());
      sources.add(
          source
              + ": "
              + p.parsed().size()
              + " records"
              + (p.dataDate().isEmpty() ? "" : ", newest modified " + p.dataDate())
              + (p.flagged().isEmpty() ? "" : ", " + p.flagged().size() + " flagged"));
    }
    Map<String, String> bomRefs = new LinkedHashMap<>();
    for (SbomComponent c : parsed.components()) {
      c.purl().ifPresent(p -> bomRefs.put(c.bomRef(), p));
    }
    List<VexStatement> statements = new ArrayList<>();
    for (byte[] doc : vex) {
      try {
        statements.addAll(VexDocuments.parse(doc, bomRefs).statements());
      } catch (VexRejection e) {
        throw SupplyChainRefusal.badInput(e.code(), "VEX refused: " + e.getMessage());
      }
    }
    Matcher matcher = OsvMatcher.of(records);
    List<String> unevaluated = new ArrayList<>();
    List<Finding> findings = new ArrayList<>();
    for (int i = 0; i < parsed.components().size(); i++) {
      findings.addAll(matcher.match(i, parsed.components().get(i), unevaluated));
    }
    GateVerdict verdict =
        GateVerdict.judge(parsed.components(), findings, statements, unevaluated, today);
    return new Result(parsed, verdict, findings, records.size(), sources);
  }
}
