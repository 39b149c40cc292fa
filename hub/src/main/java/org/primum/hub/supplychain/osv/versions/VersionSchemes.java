package org.primum.hub.supplychain.osv.versions;

/**
 * The version orderings the offline matcher understands, one per supported ecosystem plus generic
 * SemVer for OSV {@code SEMVER} ranges. There is deliberately no fallback: an ecosystem without a
 * scheme here is unsupported, never compared with a guessed ordering.
 */
public final class VersionSchemes {
  /** Longest version text accepted by any scheme; real versions are far shorter. */
  public static final int MAX_LENGTH = 256;

  /** Maven: {@code ComparableVersion} ordering (Maven "Version Order Specification"). */
  public static final VersionScheme MAVEN = new Scheme("Maven", MavenVersion::parse);

  /** npm: SemVer 2.0.0, tolerating a leading {@code v} or {@code =} as npm's own parser does. */
  public static final VersionScheme NPM = new Scheme("npm", SemVersion::npm);

  /** PyPI: PEP 440 versions, normalised as PEP 440 "Normalization" describes. */
  public static final VersionScheme PYPI = new Scheme("PyPI", Pep440Version::parse);

  /** Debian and Ubuntu: dpkg ordering of Debian Policy 5.6.12. */
  public static final VersionScheme DEBIAN = new Scheme("Debian", DebianVersion::parse);

  /** Go modules: SemVer with the mandatory {@code v}; pseudo-versions and {@code +incompatible}. */
  public static final VersionScheme GO = new Scheme("Go", SemVersion::go);

  /** SemVer 2.0.0 exactly, without a leading {@code v} (OSV {@code SEMVER} ranges). */
  public static final VersionScheme SEMVER = new Scheme("SemVer", SemVersion::strict);

  private VersionSchemes() {}

  private interface Parser {
    Version parse(String text) throws InvalidVersion;
  }

  private record Scheme(String name, Parser parser) implements VersionScheme {
    @Override
    public Version parse(String text) throws InvalidVersion {
      return parser.parse(text);
    }

    @Override
    public String toString() {
      return name;
    }
  }

  /** Rejects null, empty and over-long text before a scheme looks at it. */
  static String bounded(String text, String scheme, String expected) throws InvalidVersion {
    if (text == null || text.isEmpty() || text.length() > MAX_LENGTH) {
      throw new InvalidVersion(scheme, expected + ", 1-" + MAX_LENGTH + " characters", text);
    }
    return text;
  }

  /** Whether {@code text} has whitespace or control characters anywhere. */
  static boolean hasSpaceOrControl(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (Character.isWhitespace(c) || Character.isSpaceChar(c) || Character.isISOControl(c)) {
        return true;
      }
    }
    return false;
  }
}
