package org.primum.pump.hl7;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import org.primum.pump.druglib.Concentration;
import org.primum.pump.druglib.DoseUnit;

/**
 * A well-formed IHE PCD-03 infusion order, as {@link OrderParser} read it: still untrusted (it has
 * not been checked against this pump or its drug library; {@link OrderIntake} does that).
 *
 * <p>There is deliberately no drug name: the give code's text (RXG-4.2) is dropped while parsing,
 * so free text cannot reach delivery (T3).
 *
 * @param header MSH: control id and sender
 * @param patient PID-3: personal data, redacted in {@link #toString()}
 * @param orderControl ORC-1, {@code NW} or {@code RE}
 * @param placerOrderNumber ORC-2.1
 * @param drugCode RXG-4.1, the drug code; empty if the give code carried only a name
 * @param drugCodingSystem RXG-4.3, the code's coding system; may be empty
 * @param vtbiMl RXG-5 (with RXG-7 in mL): volume to be infused
 * @param dose RXG-15: the ordered rate, in {@code doseUnit}
 * @param doseUnit RXG-16: {@code mL/h} or a dose-rate unit such as {@code units/h}
 * @param concentration RXG-17/18 per RXG-23/24, if the order gives it
 * @param route RXR-1.1, e.g. {@code IV}
 * @param weightKg the patient weight OBX, if present
 * @param deviceSerial OBX-18.1 of the device OBX (69986 MDC_DEV_PUMP_INFUS_VMD): the target pump
 */
public record InfusionOrder(
    MessageHeader header,
    PatientIdentifier patient,
    String orderControl,
    String placerOrderNumber,
    Optional<String> drugCode,
    String drugCodingSystem,
    double vtbiMl,
    double dose,
    DoseUnit doseUnit,
    Optional<Concentration> concentration,
    String route,
    OptionalDouble weightKg,
    String deviceSerial) {
  public InfusionOrder {
    Objects.requireNonNull(header, "header");
    Objects.requireNonNull(patient, "patient");
    Objects.requireNonNull(orderControl, "orderControl");
    Objects.requireNonNull(placerOrderNumber, "placerOrderNumber");
    Objects.requireNonNull(drugCode, "drugCode");
    Objects.requireNonNull(drugCodingSystem, "drugCodingSystem");
    Objects.requireNonNull(doseUnit, "doseUnit");
    Objects.requireNonNull(concentration, "concentration");
    Objects.requireNonNull(route, "route");
    Objects.requireNonNull(weightKg, "weightKg");
    Objects.requireNonNull(deviceSerial, "deviceSerial");
  }

  /** What the pump's answers refer to: the placer order number and the sender, no patient data. */
  public OrderReference reference() {
    return new OrderReference(placerOrderNumber, header);
  }
}
