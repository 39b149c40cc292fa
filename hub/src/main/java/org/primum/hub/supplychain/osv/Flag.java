package org.primum.hub.supplychain.osv;

/**
 * Why something could not be evaluated. A flagged record or component is reported, never passed
 * silently as "no known vulnerability".
 */
public enum Flag {
  /** The record is withdrawn (OSV "withdrawn" field); it is kept out of the index. */
  WITHDRAWN("withdrawn"),
  /** The record, or an affected entry, names no package. */
  NO_AFFECTED_PACKAGE("no-affected-package"),
  /** The ecosystem (of a record or of a package URL type) has no supported version ordering. */
  UNSUPPORTED_ECOSYSTEM("unsupported-ecosystem"),
  /** Affected versions are given only as GIT commit ranges, which need the repository. */
  GIT_ONLY("git-only-range"),
  /** An affected entry gives neither ranges nor versions. */
  NO_RANGES("no-ranges"),
  /** A component has no package URL. */
  NO_PURL("no-purl"),
  /** A component's package URL does not parse. */
  INVALID_PURL("invalid-purl"),
  /** A component's package URL has no version. */
  NO_VERSION("no-version"),
  /** A component's version is not valid under the ordering it must be compared with. */
  INVALID_VERSION("invalid-version");

  private final String code;

  Flag(String code) {
    this.code = code;
  }

  /** A short, stable code, e.g. {@code unsupported-ecosystem}. */
  public String code() {
    return code;
  }
}
