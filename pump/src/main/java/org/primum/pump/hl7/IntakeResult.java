package org.primum.pump.hl7;

import java.util.List;
import java.util.Objects;

/**
 * What {@link OrderIntake#review} made of an order: a {@link PendingOrder} for the clinician to
 * confirm, change or reject at the pump (T1), or a rejection with its reasons (T2).
 */
public sealed interface IntakeResult permits PendingOrder, IntakeResult.Rejected {
  /**
   * The order was refused; nothing is shown for confirmation. Each problem becomes one ERR segment
   * of the acknowledgement.
   *
   * @param order the order that was refused
   * @param problems why, at least one
   */
  record Rejected(InfusionOrder order, List<OrderProblem> problems) implements IntakeResult {
    public Rejected {
      Objects.requireNonNull(order, "order");
      problems = List.copyOf(problems);
      if (problems.isEmpty()) {
        throw new IllegalArgumentException("a rejection needs at least one problem");
      }
    }

    /** The first problem's kind, e.g. {@link OrderError#UNKNOWN_DEVICE}. */
    public OrderError error() {
      return problems.get(0).error();
    }
  }
}
