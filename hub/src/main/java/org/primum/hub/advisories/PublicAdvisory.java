package org.primum.hub.advisories;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A distributed (TLP:WHITE) advisory as anyone may read it: its latest publication only, never the
 * working draft.
 *
 * @param published the draft as published in {@code version}
 * @param csafUrl the CSAF document in the provider directory
 * @param htmlUrl the page for people
 * @param path the document's path below the TLP:WHITE directory, e.g. {@code
 *     2026/primum-sa-2026-0001.json}
 */
public record PublicAdvisory(
    String trackingId,
    int version,
    String status,
    AdvisoryDraft published,
    Instant initialReleaseDate,
    Instant currentReleaseDate,
    List<Revision> revisions,
    String csafUrl,
    String htmlUrl,
    String path) {
  public PublicAdvisory {
    Objects.requireNonNull(trackingId, "trackingId");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(published, "published");
    Objects.requireNonNull(initialReleaseDate, "initialReleaseDate");
    Objects.requireNonNull(currentReleaseDate, "currentReleaseDate");
    revisions = List.copyOf(revisions);
    Objects.requireNonNull(csafUrl, "csafUrl");
    Objects.requireNonNull(htmlUrl, "htmlUrl");
    Objects.requireNonNull(path, "path");
  }
}
