package org.primum.hub.supplychain.osv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.primum.hub.supplychain.osv.OsvFixtures.entry;
import static org.primum.hub.supplychain.osv.OsvFixtures.parse;
import static org.primum.hub.supplychain.osv.OsvFixtures.record;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.primum.core.Rejection;
import org.primum.hub.supplychain.osv.versions.InvalidVersion;

/** Range evaluation against the examples of the OSV schema "Evaluation" and "Examples" sections. */
class OsvRangeEvaluationTest {
  private final List<String> failures = new ArrayList<>();

  private static OsvRecord.Affected affected(
      String ecosystem, String name, String type, String events) {
    return parse(record("TEST-1", entry(ecosystem, name, type, events))).affected().get(0);
  }

  private void expect(OsvRecord.Affected affected, String version, boolean vulnerable) {
    try {
      boolean found = affected.affects(version).isPresent();
      if (found != vulnerable) {
        failures.add(
            affected + ": expected " + version + (vulnerable ? " affected" : " not affected"));
      }
    } catch (Rejection e) {
      failures.add(affected + ": " + version + " could not be evaluated: " + e.getMessage());
    }
  }

  @Test
  void affects_schemaExamples_asTheSchemaDescribes() {
    // "Unfixed vulnerability example": every possible version is affected.
    OsvRecord.Affected unfixed = affected("npm", "x", "SEMVER", "{\"introduced\": \"0\"}");
    expect(unfixed, "0.0.0-alpha", true);
    expect(unfixed, "1.0.0", true);
    expect(unfixed, "999.0.0", true);
    // "Fixed vulnerability example": everything before 1.0.2.
    OsvRecord.Affected fixed =
        affected("npm", "x", "SEMVER", "{\"introduced\": \"0\"}, {\"fixed\": \"1.0.2\"}");
    expect(fixed, "1.0.1", true);
    expect(fixed, "1.0.2-rc.1", true);
    expect(fixed, "1.0.2", false);
    expect(fixed, "1.0.3", false);
    // "Multiple range example": [1.0.0, 1.0.2) and [3.0.0, 3.2.5).
    OsvRecord.Affected multiple =
        affected(
            "npm",
            "x",
            "SEMVER",
            "{\"introduced\": \"1.0.0\"}, {\"fixed\": \"1.0.2\"},"
                + " {\"introduced\": \"3.0.0\"}, {\"fixed\": \"3.2.5\"}");
    expect(multiple, "0.9.9", false);
    expect(multiple, "1.0.0", true);
    expect(multiple, "1.0.1", true);
    expect(multiple, "1.0.2", false);
    expect(multiple, "2.9.9", false);
    expect(multiple, "3.0.0", true);
    expect(multiple, "3.2.4", true);
    expect(multiple, "3.2.5", false);
    // "last_affected vs fixed example": last_affected is inclusive, fixed exclusive.
    OsvRecord.Affected lastAffected =
        affected(
            "Maven",
            "com.h2database:h2",
            "ECOSYSTEM",
            "{\"introduced\": \"0\"}, {\"last_affected\": \"2.1.214\"}");
    expect(lastAffected, "2.1.214", true);
    expect(lastAffected, "2.1.215", false);
    OsvRecord.Affected fixedInstead =
        affected("npm", "x", "SEMVER", "{\"introduced\": \"0\"}, {\"fixed\": \"2.1.214\"}");
    expect(fixedInstead, "2.1.213", true);
    expect(fixedInstead, "2.1.214", false);
    // "Special values": limit is exclusive; "*" is infinity; more than one limit is allowed.
    OsvRecord.Affected limited =
        affected("npm", "x", "SEMVER", "{\"introduced\": \"1.0.0\"}, {\"limit\": \"2.0.0\"}");
    expect(limited, "0.9.0", false);
    expect(limited, "1.5.0", true);
    expect(limited, "2.0.0", false);
    OsvRecord.Affected unlimited =
        affected("npm", "x", "SEMVER", "{\"introduced\": \"1.0.0\"}, {\"limit\": \"*\"}");
    expect(unlimited, "99.0.0", true);
    OsvRecord.Affected twoLimits =
        affected(
            "npm",
            "x",
            "SEMVER",
            "{\"introduced\": \"1.0.0\"}, {\"limit\": \"1.5.0\"}, {\"limit\": \"3.0.0\"}");
    expect(twoLimits, "2.0.0", true);
    expect(twoLimits, "3.0.0", false);
    assertThat(failures).isEmpty();
  }

  @Test
  void affects_eventsOutOfOrder_sortedBeforeEvaluation() {
    OsvRecord.Affected unsorted =
        affected(
            "PyPI",
            "x",
            "ECOSYSTEM",
            "{\"fixed\": \"2.0\"}, {\"introduced\": \"1.0\"}, {\"fixed\": \"1.5\"},"
                + " {\"introduced\": \"1.8\"}");
    expect(unsorted, "0.9", false);
    expect(unsorted, "1.2", true);
    expect(unsorted, "1.6", false);
    expect(unsorted, "1.9", true);
    expect(unsorted, "2.0", false);
    assertThat(failures).isEmpty();
  }

  @Test
  void affects_eventsAtEqualVersions_recordOrderDecides() {
    // Adjacent ranges written as one timeline: [1.0, 2.0) then [2.0, 3.0): 2.0 is affected.
    OsvRecord.Affected adjacent =
        affected(
            "npm",
            "x",
            "SEMVER",
            "{\"introduced\": \"1.0.0\"}, {\"fixed\": \"2.0.0\"}, {\"introduced\": \"2.0.0\"},"
                + " {\"fixed\": \"3.0.0\"}");
    expect(adjacent, "2.0.0", true);
    expect(adjacent, "3.0.0", false);
    // An empty range [1.0, 1.0): nothing is affected, and no later version either.
    OsvRecord.Affected empty =
        affected("npm", "x", "SEMVER", "{\"introduced\": \"1.0.0\"}, {\"fixed\": \"1.0.0\"}");
    expect(empty, "1.0.0", false);
    expect(empty, "5.0.0", false);
    assertThat(failures).isEmpty();
  }

  @Test
  void affects_introducedZeroInEcosystemRange_beforeEveryVersion() {
    // Maven sorts 0-alpha below 0; "0" must still mean "from the beginning".
    OsvRecord.Affected maven =
        affected("Maven", "g:a", "ECOSYSTEM", "{\"introduced\": \"0\"}, {\"fixed\": \"1.0\"}");
    expect(maven, "0-alpha", true);
    // PEP 440 sorts 0.dev0 below 0.
    OsvRecord.Affected pypi =
        affected("PyPI", "x", "ECOSYSTEM", "{\"introduced\": \"0\"}, {\"fixed\": \"1.0\"}");
    expect(pypi, "0.dev0", true);
    assertThat(failures).isEmpty();
  }

  @Test
  void affects_versionsList_equalityUnderTheEcosystemOrdering() {
    OsvRecord.Affected listed =
        parse(
                record(
                    "TEST-2",
                    "{\"package\": {\"ecosystem\": \"PyPI\", \"name\": \"x\"},"
                        + " \"versions\": [\"1.0\", \"2.0.0\", \"3.0rc1\"]}"))
            .affected()
            .get(0);
    expect(listed, "2.0", true);
    expect(listed, "2.0.0.0", true);
    expect(listed, "3.0c1", true);
    expect(listed, "1.5", false);
    assertThat(failures).isEmpty();
  }

  @Test
  void affects_semverRangeOfMavenPackage_nonSemVerVersionNotEvaluable() throws Exception {
    OsvRecord.Affected semverInMaven =
        affected("Maven", "g:a", "SEMVER", "{\"introduced\": \"0\"}, {\"fixed\": \"2.0.0\"}");
    assertThat(semverInMaven.affects("1.9.9")).isPresent();
    assertThat(semverInMaven.affects("2.0.0")).isEmpty();
    assertThatThrownBy(() -> semverInMaven.affects("1.9"))
        .isInstanceOf(InvalidVersion.class)
        .hasMessageContaining("SemVer");
  }

  @Test
  void affects_goRecordWithoutV_readAsTheSemVerItIs() throws Exception {
    OsvRecord.Affected go =
        affected(
            "Go",
            "example.org/m",
            "ECOSYSTEM",
            "{\"introduced\": \"1.0.0\"}, {\"fixed\": \"v1.4.0\"}");
    assertThat(go.affects("v1.2.0")).isPresent();
    assertThat(go.affects("v1.4.0")).isEmpty();
    assertThatThrownBy(() -> go.affects("1.2.0")).isInstanceOf(InvalidVersion.class);
  }

  @Test
  void affects_invalidCandidate_rejectedNotPassed() {
    OsvRecord.Affected fixed =
        affected("PyPI", "x", "ECOSYSTEM", "{\"introduced\": \"0\"}, {\"fixed\": \"1.0\"}");
    assertThatThrownBy(() -> fixed.affects("french toast"))
        .isInstanceOf(InvalidVersion.class)
        .hasMessageContaining("PEP 440");
  }

  @Test
  void contains_gitRange_refusedAsNotEvaluable() {
    OsvRange git =
        parse(
                record(
                    "TEST-3",
                    "{\"package\": {\"ecosystem\": \"npm\", \"name\": \"x\"}, \"ranges\": [{\"type\":"
                        + " \"GIT\", \"repo\": \"https://example.org/x.git\", \"events\":"
                        + " [{\"introduced\": \"0\"}]}]}"))
            .affected()
            .get(0)
            .ranges()
            .get(0);
    assertThat(git.evaluable()).isFalse();
    assertThatThrownBy(() -> git.contains(null)).isInstanceOf(IllegalStateException.class);
  }
}
