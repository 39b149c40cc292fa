package org.primum.core.merkle;

import org.primum.core.Rejection;

/** An inclusion or consistency proof does not prove what it claims; the message says why. */
public final class MerkleProofRejection extends Rejection {
  public MerkleProofRejection(String code, String message) {
    super(code, message);
  }
}
