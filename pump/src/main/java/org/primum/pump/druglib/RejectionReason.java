package org.primum.pump.druglib;

/**
 * Why dose error reduction refused a program: a {@link HardLimitViolation} or another {@link
 * ProgramProblem}. The code is stable and short (for the HL7 acknowledgement, T2, and the log); the
 * message names the specific problem for the clinician.
 */
public sealed interface RejectionReason permits HardLimitViolation, ProgramProblem {
  /** A stable, machine-readable code, e.g. {@code "hard-limit"} or {@code "not-in-library"}. */
  String code();

  /** A sentence naming the value, the limit and the unit. */
  String message();
}
