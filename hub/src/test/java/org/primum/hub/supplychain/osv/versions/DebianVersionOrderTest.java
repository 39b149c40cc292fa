package org.primum.hub.supplychain.osv.versions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** dpkg ordering against Debian Policy 5.6.12, apt's versions.lst and dpkg's own parser tests. */
class DebianVersionOrderTest {
  @Test
  void publishedVectors_policyAptAndDpkg_allHold() {
    OrderVectors.check("debian.txt", VersionSchemes.DEBIAN);
  }

  @Test
  void parse_leadingAndTrailingBlanks_ignoredAsDpkgDoes() throws InvalidVersion {
    // dpkg t-version.c: "  \t0:0-1", "0:0-1\t  "
    Version expected = VersionSchemes.DEBIAN.parse("0:0-1");
    assertThat(VersionSchemes.DEBIAN.parse("  \t0:0-1")).isEqualTo(expected);
    assertThat(VersionSchemes.DEBIAN.parse("0:0-1\t  ")).isEqualTo(expected);
  }

  @Test
  void parse_emptyOrBlank_rejected() {
    for (String text : new String[] {"", "  "}) {
      assertThatThrownBy(() -> VersionSchemes.DEBIAN.parse(text))
          .isInstanceOf(InvalidVersion.class)
          .hasMessageContaining("Debian Policy 5.6.12");
    }
  }

  @Test
  void parts_epochUpstreamRevision_splitAtFirstColonAndLastHyphen() throws InvalidVersion {
    DebianVersion version = (DebianVersion) VersionSchemes.DEBIAN.parse("1:2.3-4-5");
    assertThat(version.epoch()).isEqualTo(1);
    assertThat(version.upstream()).isEqualTo("2.3-4");
    assertThat(version.revision()).isEqualTo("5");
  }
}
