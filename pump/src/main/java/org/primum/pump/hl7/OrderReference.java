package org.primum.pump.hl7;

import java.util.Objects;

/**
 * The order a program came from, as the pump's reports refer to it (T4): its placer order number
 * and the message header of the order (to address the report to the sender). It holds no patient
 * data, so it can be kept with the running program.
 *
 * @param placerOrderNumber ORC-2.1 of the order
 * @param orderHeader the order's MSH: control id and sender
 */
public record OrderReference(String placerOrderNumber, MessageHeader orderHeader) {
  public OrderReference {
    Objects.requireNonNull(placerOrderNumber, "placerOrderNumber");
    Objects.requireNonNull(orderHeader, "orderHeader");
  }
}
