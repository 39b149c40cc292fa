package org.primum.hub.supplychain.osv;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import org.primum.core.formats.Texts;
import org.primum.hub.supplychain.osv.versions.InvalidVersion;
import org.primum.hub.supplychain.osv.versions.Version;
import org.primum.hub.supplychain.osv.versions.VersionScheme;
import org.primum.hub.supplychain.osv.versions.VersionSchemes;

/**
 * The OSV ecosystems the offline matcher can evaluate, each with its version ordering (OSV schema
 * "Defined ecosystems"). Any other ecosystem is unsupported and reported as such, never compared
 * with a guessed ordering.
 */
public enum Ecosystem {
  MAVEN("Maven", VersionSchemes.MAVEN),
  NPM("npm", VersionSchemes.NPM),
  PYPI("PyPI", VersionSchemes.PYPI),
  GO("Go", VersionSchemes.GO),
  DEBIAN("Debian", VersionSchemes.DEBIAN),
  UBUNTU("Ubuntu", VersionSchemes.DEBIAN);

  private static final Pattern PEP_503_SEPARATORS = Pattern.compile("[-_.]+");

  private final String osvName;
  private final VersionScheme scheme;

  Ecosystem(String osvName, VersionScheme scheme) {
    this.osvName = osvName;
    this.scheme = scheme;
  }

  /** The ecosystem's name in OSV records, e.g. {@code PyPI}. */
  public String osvName() {
    return osvName;
  }

  /** The version ordering of {@code ECOSYSTEM} ranges and {@code versions} lists. */
  public VersionScheme scheme() {
    return scheme;
  }

  /**
   * The base of an OSV ecosystem string: {@code Debian} for {@code Debian:12}, {@code Ubuntu} for
   * {@code Ubuntu:22.04:LTS}, {@code Maven} for {@code Maven:https://maven.google.com} (OSV schema
   * "Defined ecosystems": an optional {@code :<suffix>} scopes the package).
   */
  public static String base(String ecosystem) {
    int colon = ecosystem.indexOf(':');
    return colon < 0 ? ecosystem : ecosystem.substring(0, colon);
  }

  /** The suffix after the first colon, if any, e.g. {@code 22.04:LTS}. */
  public static Optional<String> suffix(String ecosystem) {
    int colon = ecosystem.indexOf(':');
    return colon < 0 || colon == ecosystem.length() - 1
        ? Optional.empty()
        : Optional.of(ecosystem.substring(colon + 1));
  }

  /** The supported ecosystem an OSV ecosystem string names (case-sensitive, as OSV spells it). */
  public static Optional<Ecosystem> fromOsv(String ecosystem) {
    String base = base(ecosystem);
    for (Ecosystem candidate : values()) {
      if (candidate.osvName.equals(base)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }

  /**
   * Like {@link #fromOsv} but an unsupported ecosystem is an explicit result.
   *
   * @throws NotEvaluable with {@link Flag#UNSUPPORTED_ECOSYSTEM}
   */
  public static Ecosystem require(String ecosystem) throws NotEvaluable {
    Optional<Ecosystem> known = fromOsv(ecosystem);
    if (known.isEmpty()) {
      throw new NotEvaluable(
          Flag.UNSUPPORTED_ECOSYSTEM,
          "unsupported ecosystem \""
              + Texts.printable(ecosystem, 60)
              + "\"; expected one of Maven, npm, PyPI, Go, Debian, Ubuntu");
    }
    return known.get();
  }

  /**
   * The package name as the index keys it: PyPI names by PEP 503 "Normalized Names"; Go module
   * paths lower-cased (package URLs of type golang are lower-cased by the purl library, and Go
   * refuses module paths that differ only in case); other names exactly as written.
   */
  public String key(String name) {
    return switch (this) {
      case PYPI -> PEP_503_SEPARATORS.matcher(name).replaceAll("-").toLowerCase(Locale.ROOT);
      case GO -> name.toLowerCase(Locale.ROOT);
      default -> name;
    };
  }

  /**
   * Reads a version written in a record of this ecosystem ({@code ECOSYSTEM} range events and
   * {@code versions} lists). Go records write module versions in SemVer form without the {@code v}
   * (OSV schema: {@code SEMVER} versions have no leading "v"); that form is read as the SemVer
   * version it unambiguously is.
   */
  Version recordVersion(String text) throws InvalidVersion {
    if (this == GO && !text.startsWith("v")) {
      return VersionSchemes.SEMVER.parse(text);
    }
    return scheme.parse(text);
  }

  /**
   * Reads a package's version for comparison with the bounds of a {@code SEMVER} range: npm and Go
   * through their own SemVer doors (leading {@code v}), every other ecosystem as strict SemVer.
   */
  Version semverCandidate(String text) throws InvalidVersion {
    return switch (this) {
      case NPM, GO -> scheme.parse(text);
      default -> VersionSchemes.SEMVER.parse(text);
    };
  }
}
