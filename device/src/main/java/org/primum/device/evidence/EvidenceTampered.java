package org.primum.device.evidence;

import org.primum.core.Rejection;

/**
 * The evidence log on disk was altered: damage inside the acknowledged, checkpointed part, entries
 * out of order or missing, or a checkpoint that does not match the entries. Crash damage (a torn
 * tail after the last checkpoint) is never reported as this; it is cut off silently and counted in
 * {@link EvidenceLog.Recovery}.
 */
public final class EvidenceTampered extends Rejection {
  private final String where;

  public EvidenceTampered(String code, String where, String message) {
    super(code, where + ": " + message);
    this.where = where;
  }

  /** The segment and byte offset (or entry) where the first inconsistency was found. */
  public String where() {
    return where;
  }
}
