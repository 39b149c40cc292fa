package org.primum.pump.hl7;

import java.util.Objects;
import java.util.Optional;
import org.primum.core.Rejection;

/**
 * An infusion order message was refused before it became an {@link InfusionOrder} (T2, MN15).
 *
 * <p>{@link #code()} is the {@link OrderError#id()}; the message names the segment and field and
 * says what was expected, e.g. {@code "RXG-5: give amount is not a number"}. The {@link #header()}
 * is there whenever MSH could be read, so the acknowledgement can echo the message control id.
 *
 * <p>Security guarantees: the message never quotes field contents of the order, so it never
 * contains the patient identifier; there is no cause attached (HAPI's exception messages quote the
 * input and are dropped).
 */
public final class OrderRejection extends Rejection {
  private final OrderProblem problem;
  private final transient MessageHeader header;

  OrderRejection(OrderProblem problem, MessageHeader header) {
    super(Objects.requireNonNull(problem, "problem").error().id(), problem.message());
    this.problem = problem;
    this.header = header;
  }

  /** What was wrong, as the acknowledgement reports it. */
  public OrderProblem problem() {
    return problem;
  }

  /** The kind of problem. */
  public OrderError error() {
    return problem.error();
  }

  /** Where in the message, if the problem is about one place. */
  public Optional<Hl7Location> location() {
    return problem.location();
  }

  /** The message's header (control id, sender), if MSH could be read. */
  public Optional<MessageHeader> header() {
    return Optional.ofNullable(header);
  }
}
