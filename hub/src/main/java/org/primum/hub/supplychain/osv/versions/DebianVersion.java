package org.primum.hub.supplychain.osv.versions;

import java.util.Objects;

/**
 * A Debian (and Ubuntu) package version {@code [epoch:]upstream_version[-debian_revision]}, ordered
 * by the dpkg algorithm of Debian Policy 5.6.12: the epoch numerically, then upstream version and
 * revision by alternating non-digit runs (letters before non-letters, {@code ~} before everything,
 * even the end of the string) and digit runs (numerically).
 *
 * <p>Syntax is as strict as {@code dpkg}: the upstream version must start with a digit, and only
 * the characters Policy 5.6.12 allows are accepted.
 */
public final class DebianVersion implements Version {
  private static final String EXPECTED =
      "[epoch:]upstream[-revision] per Debian Policy 5.6.12, upstream starting with a digit";

  private final String text;
  private final long epoch;
  private final String upstream;
  private final String revision;

  private DebianVersion(String text, long epoch, String upstream, String revision) {
    this.text = text;
    this.epoch = epoch;
    this.upstream = upstream;
    this.revision = revision;
  }

  static DebianVersion parse(String text) throws InvalidVersion {
    VersionSchemes.bounded(text, "Debian", EXPECTED);
    // dpkg parseversion: leading and trailing blanks are ignored, embedded ones are not.
    String core = text.strip();
    if (core.isEmpty() || VersionSchemes.hasSpaceOrControl(core)) {
      throw invalid(text);
    }
    long epoch = 0;
    int colon = core.indexOf(':');
    if (colon >= 0) {
      // Policy 5.6.12 "epoch": a single (generally small) unsigned integer.
      String digits = core.substring(0, colon);
      if (!Numerals.isDigits(digits) || Numerals.canonical(digits).length() > 9) {
        throw invalid(text);
      }
      epoch = Long.parseLong(digits);
      core = core.substring(colon + 1);
    }
    String upstream = core;
    String revision = "";
    int hyphen = core.lastIndexOf('-');
    if (hyphen >= 0) {
      // Policy 5.6.12 "debian_revision": the part after the last hyphen.
      upstream = core.substring(0, hyphen);
      revision = core.substring(hyphen + 1);
    }
    // Policy 5.6.12 "upstream_version": should start with a digit (dpkg refuses otherwise) and
    // contain only alphanumerics and . + - ~ (and : after an epoch, which dpkg accepts).
    if (upstream.isEmpty() || !isDigit(upstream.charAt(0))) {
      throw invalid(text);
    }
    for (int i = 0; i < upstream.length(); i++) {
      char c = upstream.charAt(i);
      if (!isAlphanumeric(c) && ".+-~:".indexOf(c) < 0) {
        throw invalid(text);
      }
    }
    // Policy 5.6.12 "debian_revision": only alphanumerics and + . ~.
    for (int i = 0; i < revision.length(); i++) {
      char c = revision.charAt(i);
      if (!isAlphanumeric(c) && "+.~".indexOf(c) < 0) {
        throw invalid(text);
      }
    }
    return new DebianVersion(text, epoch, upstream, revision);
  }

  private static InvalidVersion invalid(String text) {
    return new InvalidVersion("Debian", EXPECTED, text);
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private static boolean isLetter(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  }

  private static boolean isAlphanumeric(char c) {
    return isDigit(c) || isLetter(c);
  }

  @Override
  public String text() {
    return text;
  }

  public long epoch() {
    return epoch;
  }

  public String upstream() {
    return upstream;
  }

  /** The Debian revision; empty when absent (which orders like {@code 0}). */
  public String revision() {
    return revision;
  }

  @Override
  public int compareTo(Version other) {
    if (!(other instanceof DebianVersion that)) {
      throw new IllegalArgumentException("cannot compare a Debian version with " + other);
    }
    // Policy 5.6.12: epochs first, numerically; an absent epoch is 0.
    int c = Long.compare(epoch, that.epoch);
    if (c == 0) {
      c = compareStrings(upstream, that.upstream);
    }
    if (c == 0) {
      // An absent revision is equivalent to "0" (Policy 5.6.12: "1.0" == "1.0-0").
      c = compareStrings(revision, that.revision);
    }
    return c;
  }

  /** The Policy 5.6.12 comparison of upstream versions or revisions. */
  private static int compareStrings(String a, String b) {
    int i = 0;
    int j = 0;
    while (i < a.length() || j < b.length()) {
      // 1. The initial non-digit parts, character by character (order() below).
      while ((i < a.length() && !isDigit(a.charAt(i)))
          || (j < b.length() && !isDigit(b.charAt(j)))) {
        int ac = i < a.length() ? order(a.charAt(i)) : 0;
        int bc = j < b.length() ? order(b.charAt(j)) : 0;
        if (ac != bc) {
          return Integer.compare(ac, bc);
        }
        i++;
        j++;
      }
      // 2. The initial digit parts, numerically; an empty digit part is 0.
      int startA = i;
      while (i < a.length() && isDigit(a.charAt(i))) {
        i++;
      }
      int startB = j;
      while (j < b.length() && isDigit(b.charAt(j))) {
        j++;
      }
      int c =
          Numerals.compare(
              Numerals.canonical(a.substring(startA, i)),
              Numerals.canonical(b.substring(startB, j)));
      if (c != 0) {
        return c;
      }
    }
    return 0;
  }

  /**
   * Policy 5.6.12 character order: {@code ~} before everything, even the end of a part; then the
   * end of a part (and digits, which end it); then letters; then all other characters.
   */
  private static int order(char c) {
    if (isDigit(c)) {
      return 0;
    }
    if (isLetter(c)) {
      return c;
    }
    if (c == '~') {
      return -1;
    }
    return c + 256;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof DebianVersion that && compareTo(that) == 0;
  }

  @Override
  public int hashCode() {
    return Objects.hash(epoch, canonical(upstream), canonical(revision));
  }

  /**
   * A form equal for exactly the strings {@link #compareStrings} finds equal: digit runs without
   * leading zeros, and trailing empty-and-zero runs dropped ({@code ""}, {@code "0"}, {@code "00"}
   * all compare equal).
   */
  private static String canonical(String part) {
    StringBuilder out = new StringBuilder();
    int i = 0;
    int keep = 0;
    while (i < part.length()) {
      int start = i;
      while (i < part.length() && !isDigit(part.charAt(i))) {
        i++;
      }
      out.append(part, start, i).append('|');
      boolean nonDigits = i > start;
      start = i;
      while (i < part.length() && isDigit(part.charAt(i))) {
        i++;
      }
      String number = Numerals.canonical(part.substring(start, i));
      out.append(number).append('|');
      if (nonDigits || !number.isEmpty()) {
        keep = out.length();
      }
    }
    return out.substring(0, keep);
  }

  @Override
  public String toString() {
    return text;
  }
}
