package org.primum.device.identity;

import org.primum.core.Rejection;

/** The hub refused to enroll or re-enroll this device, or sent a certificate we cannot accept. */
public final class EnrollmentRefused extends Rejection {
  private final int status;

  public EnrollmentRefused(int status, String message) {
    super("enrollment-refused", message);
    this.status = status;
  }

  /** The HTTP status the hub answered with, or 0 when the device itself refused the answer. */
  public int status() {
    return status;
  }
}
