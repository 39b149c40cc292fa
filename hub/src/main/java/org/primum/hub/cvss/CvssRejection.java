package org.primum.hub.cvss;

import org.primum.core.Rejection;

/**
 * A CVSS vector was refused. {@link #code()} is {@code cvss-invalid} when the vector breaks the
 * specification (unknown, repeated or missing metric, a value the metric does not allow) and {@code
 * cvss-unscorable} when the calculator could not score a vector that passed those checks. The
 * message names the version and says what was expected and what was found.
 */
public final class CvssRejection extends Rejection {
  CvssRejection(String code, String message) {
    super(code, message);
  }
}
