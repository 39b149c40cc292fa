package org.primum.hub.advisories;

import java.time.Instant;
import java.util.Objects;

/**
 * One publication of an advisory: an item of its CSAF revision history (CSAF 2.0 3.2.1.12.6).
 *
 * @param version the integer version (CSAF 2.0 3.2.1.12.9, integer versioning)
 * @param date when it was published
 * @param summary what it changed
 * @param status {@code final} or {@code interim}
 * @param tlp its label when published
 * @param publishedBy who published it (audit name)
 * @param sha256 the SHA-256 of the CSAF document as distributed
 * @param keyFingerprint the OpenPGP key that signed it
 */
public record Revision(
    int version,
    Instant date,
    String summary,
    String status,
    Tlp tlp,
    String publishedBy,
    String sha256,
    String keyFingerprint) {
  public Revision {
    if (version < 1) {
      throw new IllegalArgumentException(
          "revision: expected a version of 1 or more, found " + version);
    }
    Objects.requireNonNull(date, "date");
    Objects.requireNonNull(summary, "summary");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(tlp, "tlp");
    Objects.requireNonNull(publishedBy, "publishedBy");
    Objects.requireNonNull(sha256, "sha256");
    Objects.requireNonNull(keyFingerprint, "keyFingerprint");
  }
}
