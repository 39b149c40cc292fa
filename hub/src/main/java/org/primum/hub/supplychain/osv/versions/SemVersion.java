package org.primum.hub.supplychain.osv.versions;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.semver4j.Semver;

/**
 * A Semantic Version 2.0.0, read by one of three doors: strict SemVer (OSV {@code SEMVER} ranges,
 * no leading {@code v}), npm (a leading {@code v} or {@code =} and surrounding whitespace
 * tolerated, as npm's parser does) and Go modules (the {@code v} is mandatory; build metadata only
 * as {@code +incompatible} on major 2 or later). All three share one ordering, so a Go module
 * version compares with the bounds of an OSV {@code SEMVER} range.
 *
 * <p>Syntax is checked by semver4j; precedence is computed here (SemVer 2.0.0 §11), because
 * semver4j overflows on long numeric pre-release identifiers. Build metadata does not take part in
 * precedence or equality (SemVer §10).
 */
public final class SemVersion implements Version {
  private static final String EXPECTED_STRICT = "SemVer 2.0.0 MAJOR.MINOR.PATCH, no leading v";
  private static final String EXPECTED_NPM = "SemVer 2.0.0 MAJOR.MINOR.PATCH, optional v or =";
  private static final String EXPECTED_GO =
      "Go module version: v + SemVer 2.0.0, build metadata only +incompatible";

  private final String text;
  private final int major;
  private final int minor;
  private final int patch;
  private final String[] preRelease;
  private final String[] build;

  private SemVersion(
      String text, int major, int minor, int patch, List<String> preRelease, List<String> build) {
    this.text = text;
    this.major = major;
    this.minor = minor;
    this.patch = patch;
    this.preRelease = preRelease.toArray(String[]::new);
    this.build = build.toArray(String[]::new);
  }

  static SemVersion strict(String text) throws InvalidVersion {
    VersionSchemes.bounded(text, "SemVer", EXPECTED_STRICT);
    return read(text, "SemVer", EXPECTED_STRICT, text);
  }

  static SemVersion npm(String text) throws InvalidVersion {
    VersionSchemes.bounded(text, "npm", EXPECTED_NPM);
    String core = text.strip();
    if (core.startsWith("=")) {
      core = core.substring(1);
    }
    if (core.startsWith("v")) {
      core = core.substring(1);
    }
    return read(core, "npm", EXPECTED_NPM, text);
  }

  static SemVersion go(String text) throws InvalidVersion {
    VersionSchemes.bounded(text, "Go", EXPECTED_GO);
    // Go Modules Reference "Versions": a version starts with the letter v.
    if (!text.startsWith("v")) {
      throw new InvalidVersion("Go", EXPECTED_GO, text);
    }
    SemVersion version = read(text.substring(1), "Go", EXPECTED_GO, text);
    // Go Modules Reference "Compatibility with non-module repositories": +incompatible marks a
    // major version 2 or higher without a go.mod; no other build metadata is a module version.
    if (version.build.length > 0
        && !(version.build.length == 1
            && version.build[0].equals("incompatible")
            && version.major >= 2)) {
      throw new InvalidVersion("Go", EXPECTED_GO, text);
    }
    return version;
  }

  private static SemVersion read(String core, String scheme, String expected, String original)
      throws InvalidVersion {
    // SemVer 2.0.0 §2, §9, §10: ASCII alphanumerics, hyphen, dot and plus only, starting with
    // the major number (semver4j alone would also take a leading v).
    if (core.isEmpty() || core.charAt(0) < '0' || core.charAt(0) > '9') {
      throw new InvalidVersion(scheme, expected, original);
    }
    for (int i = 0; i < core.length(); i++) {
      char c = core.charAt(i);
      boolean allowed =
          (c >= '0' && c <= '9')
              || (c >= 'a' && c <= 'z')
              || (c >= 'A' && c <= 'Z')
              || c == '.'
              || c == '-'
              || c == '+';
      if (!allowed) {
        throw new InvalidVersion(scheme, expected, original);
      }
    }
    Semver parsed;
    try {
      parsed = new Semver(core);
    } catch (RuntimeException e) {
      throw new InvalidVersion(scheme, expected, original);
    }
    return new SemVersion(
        original,
        parsed.getMajor(),
        parsed.getMinor(),
        parsed.getPatch(),
        parsed.getPreRelease(),
        parsed.getBuild());
  }

  @Override
  public String text() {
    return text;
  }

  public int major() {
    return major;
  }

  public int minor() {
    return minor;
  }

  public int patch() {
    return patch;
  }

  /** The dot-separated pre-release identifiers; empty for a release. */
  public List<String> preRelease() {
    return List.of(preRelease);
  }

  /** The dot-separated build metadata identifiers (ignored by the ordering). */
  public List<String> build() {
    return List.of(build);
  }

  @Override
  public int compareTo(Version other) {
    if (!(other instanceof SemVersion that)) {
      throw new IllegalArgumentException("cannot compare a SemVer version with " + other);
    }
    // SemVer 2.0.0 §11.2: major, minor, patch compared numerically.
    int c = Integer.compare(major, that.major);
    if (c == 0) {
      c = Integer.compare(minor, that.minor);
    }
    if (c == 0) {
      c = Integer.compare(patch, that.patch);
    }
    if (c != 0) {
      return c;
    }
    // SemVer 2.0.0 §11.3: a pre-release has lower precedence than the release.
    if (preRelease.length == 0 || that.preRelease.length == 0) {
      return Boolean.compare(preRelease.length == 0, that.preRelease.length == 0);
    }
    // SemVer 2.0.0 §11.4: identifier by identifier.
    int shared = Math.min(preRelease.length, that.preRelease.length);
    for (int i = 0; i < shared; i++) {
      c = compareIdentifiers(preRelease[i], that.preRelease[i]);
      if (c != 0) {
        return c;
      }
    }
    // SemVer 2.0.0 §11.4.4: a larger set of identifiers has higher precedence.
    return Integer.compare(preRelease.length, that.preRelease.length);
  }

  private static int compareIdentifiers(String a, String b) {
    boolean numericA = Numerals.isDigits(a);
    boolean numericB = Numerals.isDigits(b);
    if (numericA && numericB) {
      // §11.4.1: numerically (§9 forbids leading zeros, so the text is canonical).
      return Numerals.compare(a, b);
    }
    if (numericA != numericB) {
      // §11.4.3: numeric identifiers have lower precedence than alphanumeric ones.
      return numericA ? -1 : 1;
    }
    // §11.4.2: lexically in ASCII sort order.
    return Integer.signum(a.compareTo(b));
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof SemVersion that && compareTo(that) == 0;
  }

  @Override
  public int hashCode() {
    return Objects.hash(major, minor, patch, Arrays.hashCode(preRelease));
  }

  @Override
  public String toString() {
    return text;
  }
}
