package org.primum.hub.advisories.csaf;

import java.math.BigInteger;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A CSAF document version ({@code version_t}, CSAF 2.0 3.1.11): integer versioning ({@code "3"}) or
 * semantic versioning 2.0.0 ({@code "1.2.0-rc.1+build"}). Ordered by precedence; build metadata
 * does not count, and an integer version {@code n} orders as {@code n.0.0}.
 */
record DocumentVersion(
    String text,
    boolean integer,
    BigInteger major,
    BigInteger minor,
    BigInteger patch,
    List<String> preRelease,
    String build)
    implements Comparable<DocumentVersion> {
  // CSAF 2.0 3.1.11.1 and 3.1.11.2 (the pattern of version_t in the schema)
  private static final Pattern INTEGER = Pattern.compile("0|[1-9][0-9]*");
  private static final Pattern SEMANTIC =
      Pattern.compile(
          "(0|[1-9][0-9]*)\\.(0|[1-9][0-9]*)\\.(0|[1-9][0-9]*)"
              + "(?:-((?:0|[1-9][0-9]*|[0-9]*[a-zA-Z-][0-9a-zA-Z-]*)"
              + "(?:\\.(?:0|[1-9][0-9]*|[0-9]*[a-zA-Z-][0-9a-zA-Z-]*))*))?"
              + "(?:\\+([0-9a-zA-Z-]+(?:\\.[0-9a-zA-Z-]+)*))?");

  DocumentVersion {
    preRelease = List.copyOf(preRelease);
  }

  /** The version, or {@code null} if {@code text} is null or not a {@code version_t}. */
  static DocumentVersion parse(String text) {
    if (text == null || text.length() > 256) {
      return null;
    }
    if (INTEGER.matcher(text).matches()) {
      return new DocumentVersion(
          text, true, new BigInteger(text), BigInteger.ZERO, BigInteger.ZERO, List.of(), null);
    }
    Matcher m = SEMANTIC.matcher(text);
    if (!m.matches()) {
      return null;
    }
    return new DocumentVersion(
        text,
        false,
        new BigInteger(m.group(1)),
        new BigInteger(m.group(2)),
        new BigInteger(m.group(3)),
        m.group(4) == null ? List.of() : List.of(m.group(4).split("\\.")),
        m.group(5));
  }

  /** {@code 0} or {@code 0.y.z}: before the initial release (CSAF 2.0 3.1.11). */
  boolean initialDevelopment() {
    return major.signum() == 0;
  }

  boolean isPreRelease() {
    return !preRelease.isEmpty();
  }

  /** The text without build metadata and, if {@code dropPreRelease}, without pre-release. */
  String withoutBuild(boolean dropPreRelease) {
    if (integer) {
      return text;
    }
    String core = major + "." + minor + "." + patch;
    return dropPreRelease || preRelease.isEmpty()
        ? core
        : core + "-" + String.join(".", preRelease);
  }

  @Override
  public int compareTo(DocumentVersion other) {
    int c = major.compareTo(other.major);
    if (c == 0) {
      c = minor.compareTo(other.minor);
    }
    if (c == 0) {
      c = patch.compareTo(other.patch);
    }
    if (c != 0) {
      return c;
    }
    // SemVer 2.0.0 11.3: a pre-release has lower precedence than the release
    if (preRelease.isEmpty() || other.preRelease.isEmpty()) {
      return Boolean.compare(preRelease.isEmpty(), other.preRelease.isEmpty());
    }
    // SemVer 2.0.0 11.4: identifier by identifier
    for (int i = 0; i < Math.min(preRelease.size(), other.preRelease.size()); i++) {
      c = compareIdentifiers(preRelease.get(i), other.preRelease.get(i));
      if (c != 0) {
        return c;
      }
    }
    return Integer.compare(preRelease.size(), other.preRelease.size());
  }

  private static int compareIdentifiers(String a, String b) {
    boolean numericA = a.chars().allMatch(Character::isDigit);
    boolean numericB = b.chars().allMatch(Character::isDigit);
    if (numericA && numericB) {
      return new BigInteger(a).compareTo(new BigInteger(b));
    }
    if (numericA || numericB) {
      return numericA ? -1 : 1; // SemVer 2.0.0 11.4.3: numeric identifiers sort first
    }
    return a.compareTo(b);
  }

  @Override
  public String toString() {
    return text;
  }
}
