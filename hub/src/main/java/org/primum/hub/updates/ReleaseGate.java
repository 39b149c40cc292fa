package org.primum.hub.updates;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/**
 * The supply-chain release gate, as the image repository sees it: asked before a release is
 * published, it either refuses the release (with its report) or returns a decision, which it then
 * records in the very transaction that stores the release, so a release never exists without its
 * SBOM rows and gate record, nor they without it.
 */
public interface ReleaseGate {
  /**
   * A release about to be published.
   *
   * @param notes the release notes text (a recorded justification must appear in them)
   * @param justification the release manager's reason to publish despite the gate's findings
   */
  record Candidate(
      String hardwareId,
      String version,
      Optional<byte[]> sbom,
      String notes,
      Optional<String> justification) {
    public Candidate {
      Objects.requireNonNull(hardwareId, "hardwareId");
      Objects.requireNonNull(version, "version");
      sbom = sbom.map(byte[]::clone);
      Objects.requireNonNull(notes, "notes");
      Objects.requireNonNull(justification, "justification");
    }
  }

  /** What the gate decided to let through; opaque to the repository except for the audit trail. */
  interface Decision {
    /** What the gate would have refused, had no justification been recorded (empty: nothing). */
    List<String> overridden();

    /** The justification that lets the release through despite {@link #overridden()}. */
    Optional<String> justification();
  }

  /**
   * Judges a release.
   *
   * @throws UpdateRefusal when the release must not be published; the message is the gate's report
   */
  Decision check(Candidate candidate) throws UpdateRefusal;

  /** Stores the decision for the release with id {@code releaseId}, inside the publication. */
  void record(Handle handle, long releaseId, Decision decision, String actor, Instant now);
}
