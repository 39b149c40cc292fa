package org.primum.hub.orders;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.primum.hub.audit.AuditLog;

/**
 * Relays infusion orders (HL7 v2 ER7 text, IHE PCD-03) from the hospital side to a pump and the
 * pump's answers back. The hub does not interpret an order beyond finding its message control id:
 * the pump validates it strictly and answers with the HL7 acknowledgement; a clinician confirms it
 * at the pump before anything runs (PUMP-SAFETY T1).
 *
 * <p>Privacy: an order names a patient. Its text is kept only until the pump answers, never written
 * to the audit trail or to logs (only the control id is).
 */
public final class OrderRelay {
  /** The largest order accepted (the pump's own limit is the same). */
  public static final int MAX_BYTES = 64 * 1024;

  /** An order as the hub holds it. */
  public record OrderView(
      long id,
      String deviceSerial,
      String controlId,
      String status,
      Optional<String> ack,
      Optional<String> report,
      Instant submittedAt) {}

  /** An order waiting for its pump. */
  public record Delivery(long id, String message) {}

  private final OrderStore store;
  private final AuditLog audit;
  private final Clock clock;

  public OrderRelay(Jdbi jdbi, AuditLog audit, Clock clock) {
    this.store = new OrderStore(Objects.requireNonNull(jdbi, "jdbi"));
    this.audit = Objects.requireNonNull(audit, "audit");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * Queues an order for {@code serial}; returns its id.
   *
   * @throws IllegalArgumentException if it is not an HL7 v2 ER7 message of acceptable size, or the
   *     device is not an enrolled, active pump
   */
  public long submit(String serial, byte[] message, String actor, String source) {
    if (message.length == 0 || message.length > MAX_BYTES) {
      throw new IllegalArgumentException(
          "an order is 1 to " + MAX_BYTES + " bytes, found " + message.length);
    }
    String text = new String(message, StandardCharsets.UTF_8);
    if (!text.startsWith("MSH|^~\\&|")) {
      throw new IllegalArgumentException(
          "an order is an HL7 v2 message in ER7 encoding starting with MSH|^~\\&|");
    }
    String controlId = controlId(text);
    String status = store.deviceStatus(serial);
    if (!status.equals("ACTIVE")) {
      throw new IllegalArgumentException(
          "no active pump " + serial + (status.isEmpty() ? "" : " (it is " + status + ")"));
    }
    long id = store.insert(serial, controlId, text, actor, clock.instant().toEpochMilli());
    audit.ok(actor, "order.submit", serial, "order " + id + ", control id " + controlId, source);
    return id;
  }

  /** MSH-10, the message control id (the field separator is the fourth character). */
  static String controlId(String text) {
    String msh = text.split("[\r\n]", 2)[0];
    String[] fields = msh.split("\\|", -1);
    // fields[0] = "MSH", fields[1] = encoding characters = MSH-2, so MSH-n is fields[n - 1].
    if (fields.length < 10 || fields[9].isBlank() || fields[9].length() > 64) {
      throw new IllegalArgumentException("MSH-10: the message control id is missing");
    }
    return fields[9];
  }

  /** Hands the pump its waiting orders (marked delivered; they come again until answered). */
  public List<Delivery> pending(String serial) {
    return store.deliver(serial, clock.instant().toEpochMilli());
  }

  /**
   * The pump's HL7 acknowledgement for one of its orders; the order's text is dropped.
   *
   * @return false if the pump has no such open order
   */
  public boolean answer(String serial, long id, String ack) {
    return store.answer(serial, id, ack, clock.instant().toEpochMilli());
  }

  /** The pump's report of the settings in force once the order's program runs (T4). */
  public boolean report(String serial, long id, String report) {
    return store.report(serial, id, report, clock.instant().toEpochMilli());
  }

  /** Whether the hub still holds the order's text (only until the pump answers). */
  boolean holdsText(long id) {
    return store.holdsText(id);
  }

  public Optional<OrderView> order(long id) {
    return store.order(id);
  }
}
