package org.primum.hub.supplychain.osv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.primum.hub.supplychain.osv.OsvFixtures.entry;
import static org.primum.hub.supplychain.osv.OsvFixtures.parse;
import static org.primum.hub.supplychain.osv.OsvFixtures.record;

import com.github.packageurl.PackageURL;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The index: keys, de-duplication, withdrawn records, and every way a component is flagged. */
class OsvVulnIndexTest {
  private static final VulnIndex INDEX = VulnIndex.build(OsvFixtures.advisories());

  @Test
  void matchAll_componentsThatCannotBeEvaluated_flaggedNotPassed() {
    List<VulnIndex.Component> components =
        List.of(
            new VulnIndex.Component("no-purl", Optional.empty()),
            new VulnIndex.Component("blank-purl", Optional.of(" ")),
            new VulnIndex.Component("bad-purl", Optional.of("not a purl")),
            new VulnIndex.Component("generic", Optional.of("pkg:generic/openssl@3.0.0")),
            new VulnIndex.Component("cargo", Optional.of("pkg:cargo/smallvec@1.0.0")),
            new VulnIndex.Component("no-version", Optional.of("pkg:npm/lodash")),
            new VulnIndex.Component("bad-pypi", Optional.of("pkg:pypi/urllib3@french-toast")),
            new VulnIndex.Component("bad-maven", Optional.of("pkg:maven/g/a@1.0%20beta")),
            new VulnIndex.Component(
                "unknown-but-bad", Optional.of("pkg:pypi/nobody@not.a.version!")),
            new VulnIndex.Component("bad-deb", Optional.of("pkg:deb/debian/openssh@abc")),
            new VulnIndex.Component("bad-go", Optional.of("pkg:golang/example.org/m@1.0.0")),
            new VulnIndex.Component(
                "log4j", Optional.of("pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1")));
    VulnIndex.Findings findings = INDEX.matchAll(components);
    assertThat(findings.matches()).extracting(VulnIndex.Match::component).containsExactly("log4j");
    assertThat(findings.unevaluated())
        .extracting(f -> f.subject() + ":" + f.flag())
        .containsExactly(
            "no-purl:NO_PURL",
            "blank-purl:NO_PURL",
            "bad-purl:INVALID_PURL",
            "generic:UNSUPPORTED_ECOSYSTEM",
            "cargo:UNSUPPORTED_ECOSYSTEM",
            "no-version:NO_VERSION",
            "bad-pypi:INVALID_VERSION",
            "bad-maven:INVALID_VERSION",
            "unknown-but-bad:INVALID_VERSION",
            "bad-deb:INVALID_VERSION",
            "bad-go:INVALID_VERSION");
    List<String> vague = new ArrayList<>();
    for (Flagged flagged : findings.unevaluated()) {
      if (!flagged.detail().contains("expected") && flagged.flag() != Flag.NO_PURL) {
        vague.add(flagged.toString());
      }
    }
    assertThat(vague).as("details that do not say what was expected").isEmpty();
  }

  @Test
  void match_semverRangeAndNonSemVerVersion_flaggedWithTheRecord() throws Exception {
    VulnIndex index =
        VulnIndex.build(
            List.of(
                parse(
                    record(
                        "GHSA-semv-erin-mavn",
                        entry(
                            "Maven",
                            "g:a",
                            "SEMVER",
                            "{\"introduced\": \"0\"}, {\"fixed\": \"2.0.0\"}")))));
    VulnIndex.Findings findings = index.match(new PackageURL("pkg:maven/g/a@1.9"));
    assertThat(findings.matches()).isEmpty();
    assertThat(findings.unevaluated()).hasSize(1);
    assertThat(findings.unevaluated().get(0).flag()).isEqualTo(Flag.INVALID_VERSION);
    assertThat(findings.unevaluated().get(0).detail()).contains("GHSA-semv-erin-mavn");
    assertThat(index.match(new PackageURL("pkg:maven/g/a@1.9.0")).matches()).hasSize(1);
  }

  @Test
  void build_sameIdTwice_latestModifiedKept() throws Exception {
    String older =
        """
        {"id": "GHSA-dupe-dupe-dupe", "modified": "2024-01-01T00:00:00Z", "affected": [%s]}
        """
            .formatted(
                entry("npm", "x", "SEMVER", "{\"introduced\": \"0\"}, {\"fixed\": \"1.0.0\"}"));
    String newer =
        """
        {"id": "GHSA-dupe-dupe-dupe", "modified": "2024-06-01T00:00:00Z", "affected": [%s]}
        """
            .formatted(
                entry("npm", "x", "SEMVER", "{\"introduced\": \"0\"}, {\"fixed\": \"2.0.0\"}"));
    for (List<OsvRecord> records :
        List.of(List.of(parse(older), parse(newer)), List.of(parse(newer), parse(older)))) {
      VulnIndex index = VulnIndex.build(records);
      assertThat(index.recordCount()).isEqualTo(1);
      assertThat(index.match(new PackageURL("pkg:npm/x@1.5.0")).matches()).hasSize(1);
    }
  }

  @Test
  void build_withdrawnAndUnevaluableRecords_skippedWithReasons() throws Exception {
    OsvRecord withdrawn =
        parse(
            """
            {"id": "GHSA-with-draw-nnnn", "modified": "2024-01-01T00:00:00Z",
             "withdrawn": "2024-02-01T00:00:00Z", "affected": [%s]}
            """
                .formatted(entry("npm", "lodash", "SEMVER", "{\"introduced\": \"0\"}")));
    OsvRecord rust =
        parse(
            record(
                "RUSTSEC-2099-0002", entry("crates.io", "x", "SEMVER", "{\"introduced\": \"0\"}")));
    List<OsvRecord> records = new ArrayList<>(OsvFixtures.advisories());
    records.add(withdrawn);
    records.add(rust);
    VulnIndex index = VulnIndex.build(records);
    assertThat(index.recordCount()).isEqualTo(5);
    assertThat(index.skipped())
        .extracting(f -> f.subject() + ":" + f.flag())
        .containsExactly(
            "GHSA-with-draw-nnnn:WITHDRAWN", "RUSTSEC-2099-0002:UNSUPPORTED_ECOSYSTEM");
    assertThat(index.match(new PackageURL("pkg:npm/lodash@4.17.21")).matches()).isEmpty();
    assertThatThrownBy(() -> index.skipped().clear())
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void match_twoEntriesOfOneRecordMatch_reportedOnce() throws Exception {
    OsvRecord record =
        parse(
            record(
                "GHSA-twic-ematc-hedd",
                entry(
                        "PyPI",
                        "Some_Package",
                        "ECOSYSTEM",
                        "{\"introduced\": \"0\"}, {\"fixed\": \"2.0\"}")
                    + ","
                    + entry("PyPI", "some.package", "ECOSYSTEM", "{\"introduced\": \"1.0\"}")));
    VulnIndex index = VulnIndex.build(List.of(record));
    assertThat(index.packageCount()).isEqualTo(1);
    assertThat(index.match(new PackageURL("pkg:pypi/some-package@1.5")).matches()).hasSize(1);
  }

  @Test
  void match_affectedLevelSeverity_preferredOverRecordLevel() throws Exception {
    OsvRecord record =
        parse(
            """
            {"id": "GHSA-sevr-sevr-sevr", "modified": "2024-01-01T00:00:00Z",
             "database_specific": {"severity": "LOW"},
             "affected": [{"package": {"ecosystem": "npm", "name": "x"},
               "severity": [{"type": "CVSS_V3", "score": "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"}],
               "ranges": [{"type": "SEMVER", "events": [{"introduced": "0"}]}]}]}
            """);
    assertThat(record.severity().rating()).isEqualTo(Severity.Rating.LOW);
    VulnIndex.Match match =
        VulnIndex.build(List.of(record)).match(new PackageURL("pkg:npm/x@1.0.0")).matches().get(0);
    assertThat(match.severity().rating()).isEqualTo(Severity.Rating.CRITICAL);
  }

  @Test
  void match_goModulePathCase_purlLibraryLowerCasesSoKeysAreCaseFolded() throws Exception {
    OsvRecord record =
        parse(
            record(
                "GO-2099-0001",
                entry(
                    "Go",
                    "github.com/Masterminds/semver/v3",
                    "SEMVER",
                    "{\"introduced\": \"0\"}, {\"fixed\": \"3.1.1\"}")));
    VulnIndex index = VulnIndex.build(List.of(record));
    assertThat(
            index
                .match(new PackageURL("pkg:golang/github.com/Masterminds/semver/v3@v3.1.0"))
                .matches())
        .hasSize(1);
  }

  @Test
  void match_unknownPackage_noMatchesNoFlags() throws Exception {
    VulnIndex.Findings findings = INDEX.match(new PackageURL("pkg:npm/left-pad@1.0.0"));
    assertThat(findings.matches()).isEmpty();
    assertThat(findings.unevaluated()).isEmpty();
  }
}
