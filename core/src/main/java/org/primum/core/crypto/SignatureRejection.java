package org.primum.core.crypto;

import org.primum.core.Rejection;

/** A signature did not verify, or could not be read. */
public final class SignatureRejection extends Rejection {
  public SignatureRejection(String message) {
    super("bad-signature", message);
  }
}
