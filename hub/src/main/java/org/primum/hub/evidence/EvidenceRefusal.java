package org.primum.hub.evidence;

import java.util.Optional;
import org.primum.core.Rejection;

/**
 * An evidence upload was refused: bad input (400), a mismatch the device can correct by
 * re-uploading from the hub's size (409 without incident), or an integrity incident (409 with the
 * incident's id).
 */
public final class EvidenceRefusal extends Rejection {
  private final int status;
  private final Optional<Long> incident;
  private final Optional<Long> hubSize;

  EvidenceRefusal(
      int status, String code, String message, Optional<Long> incident, Optional<Long> hubSize) {
    super(code, message);
    this.status = status;
    this.incident = incident;
    this.hubSize = hubSize;
  }

  static EvidenceRefusal badInput(String code, String message) {
    return new EvidenceRefusal(400, code, message, Optional.empty(), Optional.empty());
  }

  public int status() {
    return status;
  }

  /** The incident recorded for this refusal, if it was an integrity failure. */
  public Optional<Long> incident() {
    return incident;
  }

  /** The size the hub holds, when the device should upload from there. */
  public Optional<Long> hubSize() {
    return hubSize;
  }
}
