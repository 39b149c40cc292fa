package org.primum.hub.supplychain.osv.versions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** SemVer 2.0.0 precedence and syntax against semver.org's examples and FAQ lists. */
class SemVerVersionOrderTest {
  @Test
  void publishedVectors_semverOrg_allHold() {
    OrderVectors.check("semver.txt", VersionSchemes.SEMVER);
  }

  @Test
  void parse_whitespace_rejectedByStrictSemVer() {
    for (String text : new String[] {" 1.2.3", "1.2.3 ", "1.2.3\n"}) {
      assertThatThrownBy(() -> VersionSchemes.SEMVER.parse(text))
          .as("%s", text)
          .isInstanceOf(InvalidVersion.class);
    }
  }

  @Test
  void goVersion_comparedWithSemVerBound_sameOrdering() throws InvalidVersion {
    // A Go module version meets the SemVer bounds of an OSV SEMVER range.
    assertThat(VersionSchemes.GO.parse("v1.2.3").compareTo(VersionSchemes.SEMVER.parse("1.2.3")))
        .isZero();
    assertThat(VersionSchemes.NPM.parse("v1.2.4").compareTo(VersionSchemes.SEMVER.parse("1.2.3")))
        .isPositive();
  }
}
