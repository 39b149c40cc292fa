package org.primum.core.formats;

import org.primum.core.Rejection;

/** A signed note, note key or checkpoint was refused; the message says why. */
public final class NoteRejection extends Rejection {
  public NoteRejection(String code, String message) {
    super(code, message);
  }
}
