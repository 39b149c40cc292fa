package org.primum.hub.supplychain.osv.versions;

import org.apache.maven.artifact.versioning.ComparableVersion;

/**
 * A Maven version ordered by Maven's own {@link ComparableVersion} (Maven "Version Order
 * Specification": numbers and qualifiers, {@code alpha < beta < milestone < rc < snapshot < "" <
 * sp}, trailing zeros and {@code ga}/{@code final}/{@code release} ignored).
 *
 * <p>Maven accepts almost any string as a version; this refuses only what cannot appear in a POM:
 * empty text, whitespace, control characters, and text longer than {@value
 * VersionSchemes#MAX_LENGTH} characters.
 */
public final class MavenVersion implements Version {
  private static final String EXPECTED = "Maven version order, no whitespace";

  private final String text;
  private final ComparableVersion comparable;

  private MavenVersion(String text, ComparableVersion comparable) {
    this.text = text;
    this.comparable = comparable;
  }

  static MavenVersion parse(String text) throws InvalidVersion {
    VersionSchemes.bounded(text, "Maven", EXPECTED);
    if (VersionSchemes.hasSpaceOrControl(text)) {
      throw new InvalidVersion("Maven", EXPECTED, text);
    }
    try {
      return new MavenVersion(text, new ComparableVersion(text));
    } catch (RuntimeException e) {
      // ComparableVersion is documented to accept anything; a failure is still a refusal, not a
      // crash of the import.
      throw new InvalidVersion("Maven", EXPECTED, text);
    }
  }

  @Override
  public String text() {
    return text;
  }

  /** Maven's canonical form, e.g. {@code 1-alpha-2} for {@code 1.0-alpha2}. */
  public String canonical() {
    return comparable.getCanonical();
  }

  @Override
  public int compareTo(Version other) {
    if (!(other instanceof MavenVersion maven)) {
      throw new IllegalArgumentException("cannot compare a Maven version with " + other);
    }
    return comparable.compareTo(maven.comparable);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof MavenVersion maven && comparable.equals(maven.comparable);
  }

  @Override
  public int hashCode() {
    return comparable.hashCode();
  }

  @Override
  public String toString() {
    return text;
  }
}
