package org.primum.device.patient;

import org.primum.core.Rejection;

/** A patient record that does not read back as written: altered, truncated, or its key lost. */
public final class PatientRecordDamaged extends Rejection {
  public PatientRecordDamaged(String pseudonym, String message) {
    super("patient-record-damaged", "patient record " + pseudonym + ": " + message);
  }
}
