package org.primum.hub.supplychain.osv.versions;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** npm ordering against node-semver's comparison and equality fixtures. */
class NpmVersionOrderTest {
  @Test
  void publishedVectors_nodeSemverFixtures_allHold() {
    OrderVectors.check("npm.txt", VersionSchemes.NPM);
  }

  @Test
  void parse_surroundingWhitespace_toleratedAsNpmDoes() throws InvalidVersion {
    // node-semver equality.js: ['  v1.2.3+build', '1.2.3+otherbuild']
    assertThat(VersionSchemes.NPM.parse("  v1.2.3+build"))
        .isEqualTo(VersionSchemes.NPM.parse("1.2.3+otherbuild"));
  }
}
