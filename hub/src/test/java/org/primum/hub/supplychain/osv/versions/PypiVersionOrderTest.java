package org.primum.hub.supplychain.osv.versions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** PEP 440 ordering against pypa/packaging's ordered list and PEP 440's own examples. */
class PypiVersionOrderTest {
  @Test
  void publishedVectors_pep440_allHold() {
    OrderVectors.check("pypi.txt", VersionSchemes.PYPI, v -> ((Pep440Version) v).normalized());
  }

  @Test
  void parse_surroundingWhitespaceIncludingUnicode_ignored() throws InvalidVersion {
    // PEP 440 "Leading and Trailing Whitespace"; packaging's test uses U+202F and U+2029.
    assertThat(VersionSchemes.PYPI.parse("   v1.0\t\n"))
        .isEqualTo(VersionSchemes.PYPI.parse("1.0"));
    assertThat(((Pep440Version) VersionSchemes.PYPI.parse("\u202f1.0\t\u2029\n ")).normalized())
        .isEqualTo("1.0");
  }

  @Test
  void parse_emptyOrOverlong_rejected() {
    assertThatThrownBy(() -> VersionSchemes.PYPI.parse("")).isInstanceOf(InvalidVersion.class);
    assertThatThrownBy(() -> VersionSchemes.PYPI.parse("1." + "0".repeat(300)))
        .isInstanceOf(InvalidVersion.class)
        .hasMessageContaining("1-256 characters");
  }

  @Test
  void compareTo_otherScheme_refusedAsProgrammingError() throws InvalidVersion {
    Version pypi = VersionSchemes.PYPI.parse("1.0");
    Version maven = VersionSchemes.MAVEN.parse("1.0");
    assertThatThrownBy(() -> pypi.compareTo(maven)).isInstanceOf(IllegalArgumentException.class);
  }
}
