package org.primum.hub.updates;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.primum.hub.TestHub;
import org.primum.hub.supplychain.SupplyChain;
import org.primum.hub.supplychain.vex.VexJustification;
import org.primum.hub.supplychain.vex.VexStatement;
import org.primum.hub.supplychain.vex.VexStatus;

/**
 * The supply-chain release gate wired into the image repository, on SQLite and PostgreSQL: a
 * release whose SBOM carries a known critical flaw is refused with the report, passes once a VEX
 * statement for that product version and component clears it, or once a justification is recorded
 * (which must be in the signed notes and reaches the audit trail); new vulnerability data
 * re-matches published releases and fleet exposure counts the devices running them by site.
 */
class ReleaseGateTest {
  private static final String LOG4J = "pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1";
  private static final String LODASH = "pkg:npm/lodash@4.17.15";

  @TempDir Path dir;
  private RepositoryFixture fx;
  private SupplyChain supplyChain;
  private final List<SupplyChain.DeviceSoftware> devices = new ArrayList<>();

  @AfterEach
  void close() {
    if (fx != null) {
      fx.close();
    }
  }

  private void start(TestHub.Db db) throws Exception {
    fx =
        new RepositoryFixture(
            db,
            dir,
            (database, audit) -> {
              supplyChain = new SupplyChain(database.jdbi(), audit, fx0Clock(), () -> devices);
              return supplyChain;
            });
    fx.initialized();
  }

  /** The gate's clock: the fixture's start day (end of support is judged on it). */
  private static java.time.Clock fx0Clock() {
    return new org.primum.testing.FakeClock(RepositoryFixture.START);
  }

  private Path osv(String... advisories) throws IOException {
    Path out = Files.createDirectories(dir.resolve("osv-" + advisories.length));
    for (String a : advisories) {
      try (InputStream in =
          getClass()
              .getResourceAsStream("/org/primum/hub/supplychain/osv/advisories/" + a + ".json")) {
        Files.write(out.resolve(a + ".json"), in.readAllBytes());
      }
    }
    return out;
  }

  private Path sbom(String version, String... purls) throws IOException {
    StringBuilder components = new StringBuilder();
    for (int i = 0; i < purls.length; i++) {
      String purl = purls[i];
      String name = purl.substring(purl.lastIndexOf('/') + 1, purl.indexOf('@'));
      components
          .append(i == 0 ? "" : ",")
          .append("{\"type\":\"library\",\"bom-ref\":\"c")
          .append(i)
          .append("\",\"name\":\"")
          .append(name)
          .append("\",\"version\":\"")
          .append(purl.substring(purl.indexOf('@') + 1))
          .append("\",\"purl\":\"")
          .append(purl)
          .append("\"}");
    }
    String json =
        "{\"bomFormat\":\"CycloneDX\",\"specVersion\":\"1.6\",\"version\":1,"
            + "\"metadata\":{\"component\":{\"type\":\"firmware\",\"name\":\"primum-rp1\","
            + "\"version\":\""
            + version
            + "\"}},\"components\":["
            + components
            + "]}";
    return Files.writeString(dir.resolve("sbom-" + version + ".json"), json);
  }

  private ReleaseSummary publish(String version, long counter, Path sbom, Optional<String> why)
      throws Exception {
    Path image = fx.image("primum-rp1-" + version + ".fw", "firmware " + version);
    String text = "Release " + version + "." + why.map(w -> " Gate: " + w).orElse("");
    byte[] notes = RepositoryFixture.notes(text);
    return fx.repository.publish(
        new UpdateRepository.Publication(
            image,
            version,
            "rp-1",
            notes,
            Optional.of(sbom),
            fx.signedTargetsWithSbom(image, sbom, version, counter, notes),
            why),
        "staff:rm");
  }

  @ParameterizedTest
  @EnumSource(TestHub.Db.class)
  void knownCriticalFlaw_refusedUntilVexClearsIt(TestHub.Db db) throws Exception {
    start(db);
    supplyChain.importOsv(osv("GHSA-jfh8-c2jp-5v3q", "GHSA-p6mc-m468-83gw"), "osv-test", "rm");
    Path sbom = sbom("0.3.2", LOG4J, "pkg:maven/org.example/fine@1.0.0");

    assertThatThrownBy(() -> publish("0.3.2", 2, sbom, Optional.empty()))
        .isInstanceOf(UpdateRefusal.class)
        .hasMessageContaining("release gate refuses rp-1 0.3.2")
        .hasMessageContaining("CRITICAL GHSA-jfh8-c2jp-5v3q (CVE-2021-44228) in log4j-core 2.14.1");
    assertThat(fx.repository.releases()).isEmpty();

    // A VEX statement for another component or another version does not clear it.
    supplyChain.addVex(
        "rp-1",
        "0.3.1",
        new VexStatement(
            "CVE-2021-44228",
            LOG4J,
            VexStatus.NOT_AFFECTED,
            Optional.of(VexJustification.VULNERABLE_CODE_NOT_IN_EXECUTE_PATH),
            ""),
        "rm");
    assertThatThrownBy(() -> publish("0.3.2", 2, sbom, Optional.empty()))
        .isInstanceOf(UpdateRefusal.class);

    supplyChain.addVex(
        "rp-1",
        "0.3.2",
        new VexStatement(
            "CVE-2021-44228",
            LOG4J + "?type=jar",
            VexStatus.NOT_AFFECTED,
            Optional.of(VexJustification.VULNERABLE_CODE_NOT_IN_EXECUTE_PATH),
            "JndiLookup removed from the image"),
        "rm");
    ReleaseSummary published = publish("0.3.2", 2, sbom, Optional.empty());

    SupplyChain.ReleaseDetail detail = supplyChain.release(published.id()).orElseThrow();
    assertThat(detail.components()).hasSize(2);
    assertThat(detail.matches())
        .singleElement()
        .satisfies(
            m -> {
              assertThat(m.osvId()).isEqualTo("GHSA-jfh8-c2jp-5v3q");
              assertThat(m.vex()).isPresent();
            });
    assertThat(detail.release().open()).isZero();
    assertThat(detail.release().cleared()).isEqualTo(1);
  }

  @ParameterizedTest
  @EnumSource(TestHub.Db.class)
  void justification_letsTheReleaseThroughAndIsRecorded(TestHub.Db db) throws Exception {
    start(db);
    supplyChain.importOsv(osv("GHSA-jfh8-c2jp-5v3q"), "osv-test", "rm");
    Path sbom = sbom("0.3.2", LOG4J);
    String why = "log4j is only used by the offline test harness, not in therapy code";

    // The justification must be in the signed notes.
    Path image = fx.image("primum-rp1-0.3.2.fw", "firmware 0.3.2");
    byte[] notes = RepositoryFixture.notes("Release 0.3.2.");
    assertThatThrownBy(
            () ->
                fx.repository.publish(
                    new UpdateRepository.Publication(
                        image,
                        "0.3.2",
                        "rp-1",
                        notes,
                        Optional.of(sbom),
                        fx.signedTargetsWithSbom(image, sbom, "0.3.2", 2, notes),
                        Optional.of(why)),
                    "staff:rm"))
        .isInstanceOf(UpdateRefusal.class)
        .hasMessageContaining("must appear in the signed release notes");

    ReleaseSummary published = publish("0.3.2", 2, sbom, Optional.of(why));
    assertThat(published.notes()).contains(why);
    SupplyChain.ReleaseDetail detail = supplyChain.release(published.id()).orElseThrow();
    assertThat(detail.justification())
        .get()
        .satisfies(
            j -> {
              assertThat(j.justification()).isEqualTo(why);
              assertThat(j.findings()).singleElement().asString().contains("GHSA-jfh8-c2jp-5v3q");
            });
    assertThat(fx.audit.latest(10, "release.gate")).singleElement().asString().contains(why);
  }

  @ParameterizedTest
  @EnumSource(TestHub.Db.class)
  void newVulnerabilityData_flagsADeployedRelease_andCountsItsDevicesBySite(TestHub.Db db)
      throws Exception {
    start(db);
    supplyChain.importOsv(osv("GHSA-jfh8-c2jp-5v3q"), "osv-test", "rm");
    ReleaseSummary deployed = publish("0.3.1", 2, sbom("0.3.1", LODASH), Optional.empty());
    devices.add(new SupplyChain.DeviceSoftware("PUMP-0001", "ICU", "rp-1", "0.3.1"));
    devices.add(new SupplyChain.DeviceSoftware("PUMP-0002", "ICU", "rp-1", "0.3.1"));
    devices.add(new SupplyChain.DeviceSoftware("PUMP-0003", "Ward-4B", "rp-1", "0.3.1"));
    devices.add(new SupplyChain.DeviceSoftware("PUMP-0004", "Ward-4B", "rp-1", "0.3.0"));
    assertThat(supplyChain.exposure()).isEmpty();

    SupplyChain.ImportResult result =
        supplyChain.importOsv(osv("GHSA-jfh8-c2jp-5v3q", "GHSA-p6mc-m468-83gw"), "osv-test", "rm");

    assertThat(result.rematch().newlyAffected()).containsExactly("rp-1 0.3.1: GHSA-p6mc-m468-83gw");
    assertThat(supplyChain.exposure())
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.osvId()).isEqualTo("GHSA-p6mc-m468-83gw");
              assertThat(e.severity()).isEqualTo("HIGH");
              assertThat(e.releases()).containsExactly("rp-1 0.3.1");
              assertThat(e.devicesBySite()).isEqualTo(Map.of("ICU", 2, "Ward-4B", 1));
            });
    assertThat(supplyChain.datasets())
        .extracting(SupplyChain.DatasetView::superseded)
        .containsExactly(false, true);
    assertThat(supplyChain.release(deployed.id()).orElseThrow().matches())
        .singleElement()
        .extracting(SupplyChain.MatchView::dataset)
        .asString()
        .startsWith("osv-test");
  }

  @ParameterizedTest
  @EnumSource(TestHub.Db.class)
  void noSbomOrMalformedOsv_refusedAndNothingStored(TestHub.Db db) throws Exception {
    start(db);
    assertThatThrownBy(() -> fx.publish("0.2.0", 1))
        .isInstanceOf(UpdateRefusal.class)
        .hasMessageContaining("has no SBOM");

    Path bad = Files.createDirectories(dir.resolve("bad-osv"));
    Files.writeString(
        bad.resolve("ok.json"),
        new String(
            getClass()
                .getResourceAsStream(
                    "/org/primum/hub/supplychain/osv/advisories/GHSA-jfh8-c2jp-5v3q.json")
                .readAllBytes(),
            StandardCharsets.UTF_8));
    Files.writeString(bad.resolve("broken.json"), "{\"id\": \"X\", \"modified\": ");
    assertThatThrownBy(() -> supplyChain.importOsv(bad, "osv-test", "rm"))
        .hasMessageContaining("nothing imported");
    assertThat(supplyChain.datasets()).isEmpty();
  }
}
