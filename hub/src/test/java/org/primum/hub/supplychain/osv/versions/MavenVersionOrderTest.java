package org.primum.hub.supplychain.osv.versions;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Maven ordering against the sequences and equalities of Maven's ComparableVersionTest. */
class MavenVersionOrderTest {
  @Test
  void publishedVectors_comparableVersionTest_allHold() {
    OrderVectors.check("maven.txt", VersionSchemes.MAVEN);
  }

  @Test
  void parse_whitespaceOrControlCharacters_rejected() {
    for (String text : new String[] {"", " ", "1.0\t1", "1.0\n", "1.0\u0000", "x".repeat(257)}) {
      assertThatThrownBy(() -> VersionSchemes.MAVEN.parse(text))
          .as("%s", text)
          .isInstanceOf(InvalidVersion.class);
    }
  }
}
