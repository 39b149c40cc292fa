package org.primum.bench.supplychain;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.packageurl.PackageURL;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.primum.core.json.Json;
import org.primum.hub.supplychain.Finding;
import org.primum.hub.supplychain.GateVerdict;
import org.primum.hub.supplychain.osv.Flagged;
import org.primum.hub.supplychain.osv.VulnIndex;
import org.primum.hub.supplychain.sbom.Sbom;
import org.primum.hub.supplychain.sbom.SbomComponent;
import org.primum.hub.supplychain.sbom.SbomRejection;
import org.primum.hub.supplychain.sbom.Sboms;

/**
 * Issue target: matching a 1,000-component SBOM against ~200,000 OSV records in ≤ 1 s once the
 * index is loaded. One operation = what the release gate does with an SBOM: schema-validate and
 * read the CycloneDX JSON, match every component's package URL, and judge the findings. The index
 * is built once per trial from {@link OsvDataGenerator} records (same seed every run).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 3)
@Fork(value = 1, jvmArgsAppend = "-Xmx4g")
public class SbomMatchBenchmark {
  @State(Scope.Benchmark)
  public static class Loaded {
    VulnIndex index;
    byte[] sbom;

    @Setup(Level.Trial)
    public void setUp() {
      OsvDataGenerator generator = new OsvDataGenerator(20_261_122L);
      index = VulnIndex.build(generator.records(200_000));
      sbom = sbom(generator.purls(1_000, 200_000));
    }
  }

  /** A CycloneDX 1.6 SBOM listing {@code purls}, as a build tool writes it. */
  static byte[] sbom(List<PackageURL> purls) {
    JsonNodeFactory f = JsonNodeFactory.instance;
    ObjectNode bom = f.objectNode();
    bom.put("bomFormat", "CycloneDX");
    bom.put("specVersion", "1.6");
    bom.put("version", 1);
    ArrayNode components = bom.putArray("components");
    int i = 0;
    for (PackageURL p : purls) {
      ObjectNode c = components.addObject();
      c.put("type", "library");
      c.put("bom-ref", "c" + i++);
      c.put("name", p.getName());
      c.put("version", p.getVersion());
      c.put("purl", p.canonicalize());
    }
    return Json.write(bom);
  }

  @Benchmark
  public GateVerdict judgeThousandComponentSbom(Loaded s) throws Exception {
    return judge(s.index, s.sbom);
  }

  /** The release gate's work on one SBOM, without the database. */
  static GateVerdict judge(VulnIndex index, byte[] bytes) throws SbomRejection, Exception {
    Sbom sbom = Sboms.parse(bytes);
    List<Finding> findings = new ArrayList<>();
    List<String> unevaluated = new ArrayList<>();
    int ordinal = 0;
    for (SbomComponent c : sbom.components()) {
      VulnIndex.Findings found = index.match(c.bomRef(), new PackageURL(c.purl().orElseThrow()));
      for (VulnIndex.Match m : found.matches()) {
        findings.add(
            new Finding(
                ordinal,
                c,
                m.id(),
                m.aliases(),
                m.summary(),
                m.severity().rating().name(),
                "",
                m.evidence().toString(),
                0));
      }
      for (Flagged flag : found.unevaluated()) {
        unevaluated.add(flag.detail());
      }
      ordinal++;
    }
    return GateVerdict.judge(
        sbom.components(), findings, List.of(), unevaluated, LocalDate.of(2026, 11, 22));
  }
}
