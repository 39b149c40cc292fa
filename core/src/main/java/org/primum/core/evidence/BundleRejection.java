package org.primum.core.evidence;

import org.primum.core.Rejection;

/** An evidence bundle failed verification; {@link #where()} names the first part that failed. */
public final class BundleRejection extends Rejection {
  private final String where;

  public BundleRejection(String code, String where, String message) {
    super(code, where + ": " + message);
    this.where = where;
  }

  /** The manifest, entry number, proof, receipt or custody record that failed. */
  public String where() {
    return where;
  }
}
