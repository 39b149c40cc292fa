package org.primum.hub.supplychain.sbom;

import org.primum.core.Rejection;

/** A software bill of materials was refused; the message says what was expected and found. */
public final class SbomRejection extends Rejection {
  public SbomRejection(String code, String message) {
    super(code, message);
  }

  public SbomRejection(String code, String message, Throwable cause) {
    super(code, message, cause);
  }
}
