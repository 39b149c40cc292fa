package org.primum.pump;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import org.primum.core.evidence.Severity;
import org.primum.device.DeviceAgent;
import org.primum.pump.druglib.Verdict;
import org.primum.pump.druglib.VerifiedProgram;
import org.primum.pump.hl7.InfusionOrder;
import org.primum.pump.hl7.IntakeResult;
import org.primum.pump.hl7.OrderAcknowledgements;
import org.primum.pump.hl7.OrderIntake;
import org.primum.pump.hl7.OrderParser;
import org.primum.pump.hl7.OrderRejection;
import org.primum.pump.hl7.OrderStatusReport;
import org.primum.pump.hl7.PendingOrder;
import org.primum.pump.therapy.InfusionPump;

/**
 * The pump's order desk: infusion orders relayed by the hub arrive here, are validated strictly
 * against the pump and its active drug library, answered with the HL7 acknowledgement, and — if
 * acceptable — wait for a clinician to review and confirm them at the pump. Nothing here starts
 * therapy (PUMP-SAFETY T1). The evidence log records each order's outcome by error id and drug code
 * only: never the patient, never the placer order number.
 */
public final class PumpOrders implements DeviceAgent.OrderDesk {
  private final OrderParser parser = new OrderParser();
  private final OrderIntake intake;
  private final OrderAcknowledgements acknowledgements;
  private final OrderStatusReport reports;
  private final ActiveDrugLibrary library;
  private final String careArea;
  private final Consumer<InfusionPump.Event> recorder;
  private final Map<Long, PendingOrder> pending = new LinkedHashMap<>();

  public PumpOrders(
      String serial,
      Clock clock,
      ActiveDrugLibrary library,
      String careArea,
      Consumer<InfusionPump.Event> recorder) {
    this.intake = new OrderIntake(serial);
    this.acknowledgements = new OrderAcknowledgements(serial, clock);
    this.reports = new OrderStatusReport(serial, clock);
    this.library = Objects.requireNonNull(library, "library");
    this.careArea = Objects.requireNonNull(careArea, "careArea");
    this.recorder = Objects.requireNonNull(recorder, "recorder");
  }

  @Override
  public synchronized String receive(long id, String message) {
    ObjectNode payload = JsonNodeFactory.instance.objectNode();
    payload.put("order", id);
    try {
      InfusionOrder order = parser.parse(message.getBytes(StandardCharsets.UTF_8));
      IntakeResult result = intake.review(order, library.current(), careArea);
      if (result instanceof PendingOrder waiting) {
        pending.put(id, waiting);
        payload.put("drug", waiting.request().drugCode());
        payload.put(
            "verdict",
            waiting.verdict() instanceof Verdict.Accepted ? "ACCEPTED" : "NEEDS_CONFIRMATION");
        payload.put("message", "order " + id + " waits for a clinician's review at the pump");
        record("therapy.order.received", Severity.NOTICE, payload);
      } else {
        IntakeResult.Rejected rejected = (IntakeResult.Rejected) result;
        payload.put("error", rejected.error().id());
        payload.put("message", "order " + id + " refused: " + rejected.error().label());
        record("therapy.order.refused", Severity.WARNING, payload);
      }
      return acknowledgements.acknowledge(result);
    } catch (OrderRejection e) {
      payload.put("error", e.error().id());
      payload.put("message", "order " + id + " refused: " + e.error().label());
      record("therapy.order.refused", Severity.WARNING, payload);
      return acknowledgements.acknowledge(e);
    }
  }

  /** Orders waiting for review, oldest first. */
  public synchronized List<Map.Entry<Long, PendingOrder>> waiting() {
    return new ArrayList<>(pending.entrySet());
  }

  /** Takes order {@code id} for review (it leaves the waiting list). */
  public synchronized Optional<PendingOrder> take(long id) {
    return Optional.ofNullable(pending.remove(id));
  }

  /** Puts an order taken for review back on the waiting list (review cancelled). */
  public synchronized void putBack(long id, PendingOrder order) {
    pending.put(id, order);
  }

  /** The HL7 report of the settings in force once an order's program runs (T4). */
  public String report(VerifiedProgram program, PendingOrder order) {
    return reports.report(program, Optional.of(order.order().reference()));
  }

  private void record(String type, Severity severity, ObjectNode payload) {
    try {
      recorder.accept(new InfusionPump.Event(type, severity, payload));
    } catch (RuntimeException e) {
      // evidence never blocks the order desk
    }
  }
}
