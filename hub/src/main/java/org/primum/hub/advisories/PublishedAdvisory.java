package org.primum.hub.advisories;

import java.time.Instant;
import java.util.Objects;

/**
 * What one publication produced.
 *
 * @param trackingId e.g. {@code PRIMUM-SA-2026-0001}
 * @param version the version just published
 * @param status {@code final} or {@code interim}
 * @param distributed whether it is in the public provider directory (TLP:WHITE only)
 * @param csafUrl the CSAF document: its public URL when distributed, else the staff download URL
 * @param htmlUrl the page for people: public when distributed, else the staff page
 * @param releaseDate the publication time (the document's {@code current_release_date})
 * @param sha256 the SHA-256 of the CSAF document
 * @param notifications how many notifications were queued (one per subscriber and channel)
 */
public record PublishedAdvisory(
    String trackingId,
    int version,
    String status,
    boolean distributed,
    String csafUrl,
    String htmlUrl,
    Instant releaseDate,
    String sha256,
    int notifications) {
  public PublishedAdvisory {
    Objects.requireNonNull(trackingId, "trackingId");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(csafUrl, "csafUrl");
    Objects.requireNonNull(htmlUrl, "htmlUrl");
    Objects.requireNonNull(releaseDate, "releaseDate");
    Objects.requireNonNull(sha256, "sha256");
  }
}
