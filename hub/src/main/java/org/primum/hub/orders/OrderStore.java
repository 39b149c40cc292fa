package org.primum.hub.orders;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/** The {@code device_orders} table (see {@link OrderRelay}). */
final class OrderStore {
  private final Jdbi jdbi;

  OrderStore(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  String deviceStatus(String serial) {
    return jdbi.withHandle(
        h ->
            h.createQuery("SELECT status FROM devices WHERE serial = :s")
                .bind("s", serial)
                .mapTo(String.class)
                .findOne()
                .orElse(""));
  }

  long insert(String serial, String controlId, String text, String actor, long at) {
    return jdbi.withHandle(
        h ->
            h.createUpdate(
                    "INSERT INTO device_orders (device_serial, control_id, message, status,"
                        + " submitted_by, submitted_at) VALUES (:s, :c, :m, 'PENDING', :by, :at)")
                .bind("s", serial)
                .bind("c", controlId)
                .bind("m", text)
                .bind("by", actor)
                .bind("at", at)
                .executeAndReturnGeneratedKeys("id")
                .mapTo(Long.class)
                .one());
  }

  List<OrderRelay.Delivery> deliver(String serial, long at) {
    return jdbi.inTransaction(
        h -> {
          List<OrderRelay.Delivery> out =
              h.createQuery(
                      "SELECT id, message FROM device_orders WHERE device_serial = :s AND status IN"
                          + " ('PENDING', 'DELIVERED') ORDER BY id")
                  .bind("s", serial)
                  .map(
                      (rs, ctx) ->
                          new OrderRelay.Delivery(rs.getLong("id"), rs.getString("message")))
                  .list();
          h.createUpdate(
                  "UPDATE device_orders SET status = 'DELIVERED', delivered_at = :at WHERE"
                      + " device_serial = :s AND status = 'PENDING'")
              .bind("s", serial)
              .bind("at", at)
              .execute();
          return out;
        });
  }

  boolean answer(String serial, long id, String ack, long at) {
    return jdbi.withHandle(
            h ->
                h.createUpdate(
                        "UPDATE device_orders SET status = 'ANSWERED', ack = :ack, message = NULL,"
                            + " answered_at = :at WHERE id = :id AND device_serial = :s AND status"
                            + " IN ('PENDING', 'DELIVERED')")
                    .bind("ack", ack)
                    .bind("at", at)
                    .bind("id", id)
                    .bind("s", serial)
                    .execute())
        == 1;
  }

  boolean report(String serial, long id, String report, long at) {
    return jdbi.withHandle(
            h ->
                h.createUpdate(
                        "UPDATE device_orders SET report = :r, reported_at = :at WHERE id = :id"
                            + " AND device_serial = :s AND status = 'ANSWERED'")
                    .bind("r", report)
                    .bind("at", at)
                    .bind("id", id)
                    .bind("s", serial)
                    .execute())
        == 1;
  }

  boolean holdsText(long id) {
    return jdbi.withHandle(
        h ->
            h.createQuery(
                        "SELECT COUNT(*) FROM device_orders WHERE id = :id AND message IS NOT NULL")
                    .bind("id", id)
                    .mapTo(Long.class)
                    .one()
                > 0);
  }

  Optional<OrderRelay.OrderView> order(long id) {
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    "SELECT id, device_serial, control_id, status, ack, report, submitted_at FROM"
                        + " device_orders WHERE id = :id")
                .bind("id", id)
                .map(
                    (rs, ctx) ->
                        new OrderRelay.OrderView(
                            rs.getLong("id"),
                            rs.getString("device_serial"),
                            rs.getString("control_id"),
                            rs.getString("status"),
                            Optional.ofNullable(rs.getString("ack")),
                            Optional.ofNullable(rs.getString("report")),
                            Instant.ofEpochMilli(rs.getLong("submitted_at"))))
                .findOne());
  }
}
