package org.primum.pump.druglib;

import java.util.Objects;

/**
 * A reason to refuse a program other than a hard limit: an unknown drug, care area or entry (T3,
 * D3), an invalid number (D10), a missing or out-of-range weight (D5), a rate or volume outside the
 * pump's range (D10), a bolus or PCA the entry does not permit (P3, P4).
 *
 * @param code stable code, e.g. {@code "not-in-library"}
 * @param message the specific problem, for the clinician and the log
 */
public record ProgramProblem(String code, String message) implements RejectionReason {
  public ProgramProblem {
    Objects.requireNonNull(code, "code");
    Objects.requireNonNull(message, "message");
  }
}
