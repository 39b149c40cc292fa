package org.primum.core.tuf;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Delegation path patterns match as Python's fnmatch does, segment by segment (TUF §5.6.7.2). */
class DelegatedRolePatternTest {
  private static boolean matches(String pattern, String path) {
    return new TufMetadata.DelegatedRole("r", List.of(), 1, false, List.of(pattern), List.of())
        .matches(path);
  }

  @Test
  void patterns_matchLikeFnmatch_perPathSegment() {
    assertThat(matches("druglib/*", "druglib/primum-rp1.note")).isTrue();
    assertThat(matches("druglib/*", "druglib/a/b.note")).isFalse(); // * never crosses /
    assertThat(matches("*.tgz", "file.tgz")).isTrue();
    assertThat(matches("*.tgz", "file.tar")).isFalse();
    assertThat(matches("file-?.txt", "file-1.txt")).isTrue();
    assertThat(matches("file-?.txt", "file-12.txt")).isFalse();
    assertThat(matches("f[abc].txt", "fb.txt")).isTrue();
    assertThat(matches("f[!abc].txt", "fb.txt")).isFalse();
    assertThat(matches("f[a-c].txt", "fc.txt")).isTrue();
    assertThat(matches("f[]].txt", "f].txt")).isTrue(); // ] first in a set is literal
    assertThat(matches("[]", "[]")).isTrue(); // an unclosed set is literal
    assertThat(matches("a*b*c", "axxbyyc")).isTrue();
    assertThat(matches("a*b*c", "axxbyy")).isFalse();
    assertThat(matches("*", "")).isTrue();
  }

  @Test
  void hostilePattern_isRefusedWithoutBlowingUp() {
    // Many stars against a long near-miss: the matcher only backtracks to the last star, so this
    // is a few hundred thousand steps (a regular expression here could backtrack exponentially).
    assertThat(matches("a*".repeat(30) + "b", "a".repeat(5000))).isFalse();
  }
}
