package org.primum.hub.supplychain.osv;

import org.primum.core.Rejection;

/**
 * Outside vulnerability data was refused: a malformed OSV record, a record that breaks the OSV
 * schema, or an archive that is not a bounded set of OSV records. The message says what was
 * expected and what was found; {@link #code()} is a stable reason.
 *
 * <p>This is the base of the offline vulnerability matching subsystem.
 */
public class OsvRejection extends Rejection {
  public OsvRejection(String code, String message) {
    super(code, message);
  }

  public OsvRejection(String code, String message, Throwable cause) {
    super(code, message, cause);
  }
}
