package org.primum.hub.supplychain.osv;

import org.primum.hub.supplychain.osv.versions.InvalidVersion;
import org.primum.hub.supplychain.osv.versions.Version;

/**
 * A package version being evaluated, parsed at most once under each ordering it meets: the
 * ecosystem's own (ECOSYSTEM ranges, {@code versions} lists) and SemVer (SEMVER ranges).
 */
final class Candidate {
  private final Ecosystem ecosystem;
  private final String text;
  private Version own;
  private InvalidVersion ownFailure;
  private Version semver;
  private InvalidVersion semverFailure;

  Candidate(Ecosystem ecosystem, String text) {
    this.ecosystem = ecosystem;
    this.text = text;
  }

  Ecosystem ecosystem() {
    return ecosystem;
  }

  String text() {
    return text;
  }

  /** The version under the ecosystem's ordering. */
  Version own() throws InvalidVersion {
    if (own == null && ownFailure == null) {
      try {
        own = ecosystem.scheme().parse(text);
      } catch (InvalidVersion e) {
        ownFailure = e;
      }
    }
    if (ownFailure != null) {
      throw ownFailure;
    }
    return own;
  }

  /** The version under SemVer precedence, for SEMVER ranges. */
  Version semver() throws InvalidVersion {
    if (semver == null && semverFailure == null) {
      try {
        semver = ecosystem.semverCandidate(text);
      } catch (InvalidVersion e) {
        semverFailure = e;
      }
    }
    if (semverFailure != null) {
      throw semverFailure;
    }
    return semver;
  }
}
