package org.primum.hub.advisories;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * An advisory as the hub holds it: the working draft, and what has been published of it.
 *
 * @param trackingId e.g. {@code PRIMUM-SA-2026-0001} (CSAF 2.0 3.2.1.12.4)
 * @param draft the working draft (what the next publication would say)
 * @param published the draft as last published, if ever
 * @param revisions every publication, oldest first
 * @param initialReleaseDate the first publication
 * @param currentReleaseDate the latest publication
 */
public record Advisory(
    String trackingId,
    AdvisoryDraft draft,
    Optional<AdvisoryDraft> published,
    List<Revision> revisions,
    Optional<Instant> initialReleaseDate,
    Optional<Instant> currentReleaseDate,
    String createdBy,
    Instant createdAt,
    String updatedBy,
    Instant updatedAt) {

  /** Where an advisory stands. */
  public enum State {
    /** Never published. */
    DRAFT,
    /** Published with status interim: information may still change. */
    INTERIM,
    /** Published with status final. */
    FINAL
  }

  public Advisory {
    Objects.requireNonNull(trackingId, "trackingId");
    Objects.requireNonNull(draft, "draft");
    Objects.requireNonNull(published, "published");
    revisions = List.copyOf(revisions);
    Objects.requireNonNull(initialReleaseDate, "initialReleaseDate");
    Objects.requireNonNull(currentReleaseDate, "currentReleaseDate");
    Objects.requireNonNull(createdBy, "createdBy");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(updatedBy, "updatedBy");
    Objects.requireNonNull(updatedAt, "updatedAt");
    if (published.isPresent() == revisions.isEmpty()) {
      throw new IllegalArgumentException(
          trackingId + ": expected a published draft exactly when there are revisions");
    }
  }

  /** The latest published version, or 0 if never published. */
  public int version() {
    return revisions.isEmpty() ? 0 : revisions.get(revisions.size() - 1).version();
  }

  public State state() {
    if (revisions.isEmpty()) {
      return State.DRAFT;
    }
    return "interim".equals(revisions.get(revisions.size() - 1).status())
        ? State.INTERIM
        : State.FINAL;
  }

  /** Whether the working draft differs from what was last published (or was never published). */
  public boolean hasUnpublishedChanges() {
    return published.map(p -> !p.equals(draft)).orElse(true);
  }

  /** Whether the latest publication is in the public provider directory (TLP:WHITE). */
  public boolean isDistributed() {
    return published.map(p -> p.tlp().isPublic()).orElse(false);
  }
}
