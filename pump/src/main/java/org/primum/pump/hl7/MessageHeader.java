package org.primum.pump.hl7;

import java.util.Objects;

/**
 * What the pump keeps of an order's MSH segment: enough to address and correlate its answers.
 *
 * @param controlId MSH-10, echoed in the acknowledgement's MSA-2
 * @param sendingApplication MSH-3.1, the ack's receiving application (MSH-5)
 * @param sendingFacility MSH-4.1, the ack's receiving facility (MSH-6); may be empty
 */
public record MessageHeader(String controlId, String sendingApplication, String sendingFacility) {
  public MessageHeader {
    Objects.requireNonNull(controlId, "controlId");
    Objects.requireNonNull(sendingApplication, "sendingApplication");
    Objects.requireNonNull(sendingFacility, "sendingFacility");
  }
}
