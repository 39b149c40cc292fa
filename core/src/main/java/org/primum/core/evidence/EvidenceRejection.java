package org.primum.core.evidence;

import org.primum.core.Rejection;

/** An evidence entry, log or upload was refused; the message says why. */
public final class EvidenceRejection extends Rejection {
  public EvidenceRejection(String code, String message) {
    super(code, message);
  }
}
