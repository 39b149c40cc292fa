package org.primum.hub.supplychain.vex;

import org.primum.core.Rejection;

/** A VEX document was refused; the message says what was expected and found. */
public final class VexRejection extends Rejection {
  public VexRejection(String code, String message) {
    super(code, message);
  }
}
