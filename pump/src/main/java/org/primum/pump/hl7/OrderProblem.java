package org.primum.pump.hl7;

import java.util.Objects;
import java.util.Optional;

/**
 * One reason an order was refused, as it goes into one {@code ERR} segment of the acknowledgement.
 *
 * <p>Security guarantees: the message never contains the patient identifier, and problems found
 * while parsing never quote the message's field contents (any field may carry patient data); they
 * name the segment and field and say what was expected.
 *
 * @param error what kind of problem, with its HL7 and IHE PIV codes
 * @param message the specific problem, starting with the location where there is one, e.g. {@code
 *     "RXG-5: give amount is not a number"}
 * @param location where in the message, if the problem is about one place
 */
public record OrderProblem(OrderError error, String message, Optional<Hl7Location> location) {
  public OrderProblem {
    Objects.requireNonNull(error, "error");
    Objects.requireNonNull(message, "message");
    Objects.requireNonNull(location, "location");
  }

  /**
   * The acknowledgement's user message (ERR-8): the error's label, then the message, e.g. {@code
   * "dose outside limits: dose rate 3500 units/h exceeds the hard max 3000 units/h"}.
   */
  public String userMessage() {
    return message.startsWith(error.label()) ? message : error.label() + ": " + message;
  }
}
