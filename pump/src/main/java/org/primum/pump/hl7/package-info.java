/**
 * IHE PCD-03 infusion order intake (HL7 v2.6 {@code RGV^O15^RGV_O15}) and the pump's answers: the
 * {@code RRG^O16^RRG_O16} acknowledgement and the {@code ORU^R01} report of the settings in force.
 *
 * <p>The flow is {@link org.primum.pump.hl7.OrderParser#parse} (T2: strict, ER7 only, MN15) then
 * {@link org.primum.pump.hl7.OrderIntake#review} (T3: drug by library code only; dose error
 * reduction) then {@link org.primum.pump.hl7.OrderAcknowledgements}; a {@link
 * org.primum.pump.hl7.PendingOrder} is only ever shown to the clinician, who confirms, changes or
 * rejects it at the pump (T1). After programming, {@link org.primum.pump.hl7.OrderStatusReport}
 * reports what actually runs (T4). Nothing in this package logs, and no rejection message, ack or
 * report carries the patient identifier. See {@code docs/hl7-orders.md}.
 *
 * <p>References: IHE PCD Technical Framework Vol. 2 (PCD TF-2), transaction PCD-03 "Communicate
 * Infusion Order", with change proposals CP-PCD-053 (care-area error code, limitations), CP-PCD-054
 * (ORC), CP-PCD-055 (message table) and CP-PCD-073 (acknowledgement codes); the IHE PIV application
 * error codes (IHE wiki "PumpErrorCodes"); HL7 v2.6 chapters 2 (control), 4A (pharmacy: RXG, RXR)
 * and 7 (OBX).
 */
package org.primum.pump.hl7;
