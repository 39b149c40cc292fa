package org.primum.hub.supplychain.osv.versions;

/**
 * One ecosystem's version syntax and ordering: parses text into a {@link Version} or rejects it.
 * The standard schemes are in {@link VersionSchemes}.
 */
public interface VersionScheme {
  /** A short name for messages, e.g. {@code PyPI}. */
  String name();

  /**
   * Reads {@code text} as a version of this scheme.
   *
   * @throws InvalidVersion if the text is not a version of this scheme
   */
  Version parse(String text) throws InvalidVersion;
}
