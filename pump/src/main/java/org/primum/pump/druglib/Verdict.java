package org.primum.pump.druglib;

import java.util.List;
import java.util.Objects;

/**
 * The outcome of dose error reduction: the program is accepted (and only then exists as a {@link
 * VerifiedProgram}), needs confirmation of soft-limit warnings (D2), or is rejected (D1, D3, D5,
 * D10, P3, T3).
 */
public sealed interface Verdict {
  /** Every check passed; {@link #program()} is what the pump shows and delivers (MN10). */
  record Accepted(VerifiedProgram program) implements Verdict {
    public Accepted {
      Objects.requireNonNull(program, "program");
    }
  }

  /**
   * Soft limits were passed and not all are covered by an {@link SoftLimitOverride}: show each
   * warning and ask for confirmation with a reason, then check again with the overrides.
   */
  record NeedsConfirmation(List<SoftLimitWarning> warnings) implements Verdict {
    public NeedsConfirmation {
      warnings = List.copyOf(warnings);
      if (warnings.isEmpty()) {
        throw new IllegalArgumentException("a confirmation needs at least one warning");
      }
    }
  }

  /** The program is refused; therapy cannot start. Log the reasons (D1). */
  record Rejected(List<RejectionReason> reasons) implements Verdict {
    public Rejected {
      reasons = List.copyOf(reasons);
      if (reasons.isEmpty()) {
        throw new IllegalArgumentException("a rejection needs at least one reason");
      }
    }
  }
}
