package org.primum.pump.hl7;

import java.util.Objects;

/**
 * The patient identifier of an order (PID-3, first repetition): personal data.
 *
 * <p>Security guarantees: it is kept only in the {@link InfusionOrder} returned to the pump, which
 * stores it in its encrypted patient record store; {@link #toString()} does not reveal it, and no
 * message, acknowledgement, report or exception of this package contains it. Read it with {@link
 * #value()} only to store it or to compare it with the patient the pump knows.
 *
 * @param value CX-1, the identifier
 * @param assigningAuthority CX-4.1, the namespace of the authority that assigned it; may be empty
 * @param typeCode CX-5, the identifier type (e.g. {@code MR}); may be empty
 */
public record PatientIdentifier(String value, String assigningAuthority, String typeCode) {
  public PatientIdentifier {
    Objects.requireNonNull(value, "value");
    Objects.requireNonNull(assigningAuthority, "assigningAuthority");
    Objects.requireNonNull(typeCode, "typeCode");
    if (value.isEmpty()) {
      throw new IllegalArgumentException("a patient identifier is not empty");
    }
  }

  @Override
  public String toString() {
    return "PatientIdentifier[redacted]";
  }
}
