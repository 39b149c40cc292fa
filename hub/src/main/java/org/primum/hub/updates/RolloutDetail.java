package org.primum.hub.updates;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Everything the rollout page and {@code GET /api/v1/rollouts/{id}} show about one rollout. */
public record RolloutDetail(
    RolloutSummary rollout,
    Optional<ReleaseSummary> release,
    List<Wave> waves,
    List<Site> sites,
    List<Device> devices,
    List<Notification> notifications,
    List<Point> timeline) {
  public RolloutDetail {
    waves = List.copyOf(waves);
    sites = List.copyOf(sites);
    devices = List.copyOf(devices);
    notifications = List.copyOf(notifications);
    timeline = List.copyOf(timeline);
  }

  /** One wave and its devices' states. */
  public record Wave(
      int number,
      String label,
      Optional<Instant> startedAt,
      Optional<Instant> endedAt,
      Optional<String> outcome,
      int devices,
      Map<RolloutDeviceState, Integer> counts) {
    public Wave {
      counts = Map.copyOf(counts);
    }

    public int count(RolloutDeviceState state) {
      return counts.getOrDefault(state, 0);
    }
  }

  /**
   * One site with devices in the rollout: its window (open now or not) and whether hospital staff
   * must approve, and did.
   */
  public record Site(
      String site,
      int devices,
      Optional<String> window,
      boolean windowOpen,
      boolean approvalRequired,
      Optional<String> approvedBy,
      Optional<Instant> approvedAt) {}

  /** One device's state in the rollout. */
  public record Device(
      String serial,
      int wave,
      String site,
      RolloutDeviceState state,
      String detail,
      Optional<Instant> assignedAt,
      Instant updatedAt) {}

  /** A notification written when the rollout reached a site, and how it was delivered. */
  public record Notification(
      long id, String site, String contact, String text, Instant createdAt, Delivery delivery) {}

  /**
   * How a notification was delivered.
   *
   * @param state {@code pending} (queued, or waiting to be tried again), {@code delivered}, {@code
   *     failed} (for good), or {@code not sent} (written without an outbox, e.g. before the hub
   *     delivered rollout notifications)
   * @param attempts attempts so far
   * @param at when it was delivered or given up, or when a pending one is tried next
   * @param detail why the latest attempt failed ({@code ""} if none did)
   */
  public record Delivery(String state, int attempts, Optional<Instant> at, String detail) {
    public static final Delivery NOT_SENT = new Delivery("not sent", 0, Optional.empty(), "");

    /** One line for pages and the command line, e.g. {@code delivered (1 attempt)}. */
    public String describe() {
      StringBuilder b = new StringBuilder(state);
      if (attempts > 0) {
        b.append(" (").append(attempts).append(attempts == 1 ? " attempt)" : " attempts)");
      }
      if (!detail.isBlank() && !state.equals("delivered")) {
        b.append(": ").append(detail);
      }
      return b.toString();
    }
  }

  /** The number of devices in each state at one moment (the chart over time). */
  public record Point(Instant at, Map<RolloutDeviceState, Integer> counts) {
    public Point {
      counts = Map.copyOf(counts);
    }
  }
}
