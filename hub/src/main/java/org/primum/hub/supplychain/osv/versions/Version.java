package org.primum.hub.supplychain.osv.versions;

/**
 * A version parsed under one ecosystem's ordering; valid from birth.
 *
 * <p>Versions compare only with versions of the same kind: comparing a PEP 440 version with a dpkg
 * version is a programming error and throws {@link IllegalArgumentException}. The SemVer-based
 * schemes (generic SemVer, npm, Go) share one kind, so a Go module version compares with the SemVer
 * bounds of an OSV {@code SEMVER} range. {@link #equals} agrees with {@link #compareTo}: PEP 440
 * {@code 1.0} equals {@code 1.0.0}, dpkg {@code 1.0} equals {@code 0:1.0}.
 */
public interface Version extends Comparable<Version> {
  /** The text as it was given. */
  String text();
}
