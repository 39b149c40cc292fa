package org.primum.pump.hl7;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.primum.pump.druglib.ProgramRequest;
import org.primum.pump.druglib.SoftLimitWarning;
import org.primum.pump.druglib.Verdict;
import org.primum.pump.druglib.VerifiedProgram;

/**
 * An order that passed intake and now waits for the clinician at the pump (T1): it is never started
 * automatically. The pump shows it; the clinician confirms it (a {@link Verdict.Accepted} program
 * goes through the pump's local confirmation, for example {@code PumpProgramming.confirm}), changes
 * it (check {@link #request()} again, with overrides for any soft-limit warnings, D2) or rejects
 * it.
 *
 * <p>Security guarantees: nothing in this package starts therapy; a pending order holds a verdict
 * (and, if accepted, the verified program to display, MN10), never a running infusion.
 *
 * @param order the order as received (its patient identifier is redacted in {@link #toString()})
 * @param request the program request built from the order, for the clinician to change and check
 *     again
 * @param verdict dose error reduction's verdict: {@link Verdict.Accepted} or {@link
 *     Verdict.NeedsConfirmation}, never {@link Verdict.Rejected}
 * @param concentrationFromLibrary whether the order gave no concentration and the only one the
 *     library lists for this drug, care area and dose unit was used (show it for checking)
 */
public record PendingOrder(
    InfusionOrder order, ProgramRequest request, Verdict verdict, boolean concentrationFromLibrary)
    implements IntakeResult {
  public PendingOrder {
    Objects.requireNonNull(order, "order");
    Objects.requireNonNull(request, "request");
    Objects.requireNonNull(verdict, "verdict");
    if (verdict instanceof Verdict.Rejected) {
      throw new IllegalArgumentException("a rejected program is not pending");
    }
  }

  /** ORC-2 of the order. */
  public String placerOrderNumber() {
    return order.placerOrderNumber();
  }

  /** The verified program to display for confirmation, if no soft limit needs confirming. */
  public Optional<VerifiedProgram> program() {
    return verdict instanceof Verdict.Accepted accepted
        ? Optional.of(accepted.program())
        : Optional.empty();
  }

  /** The soft-limit warnings the clinician must confirm with a reason (D2); empty if none. */
  public List<SoftLimitWarning> warnings() {
    return verdict instanceof Verdict.NeedsConfirmation soft ? soft.warnings() : List.of();
  }
}
