package org.primum.hub.updates;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.primum.core.json.Json;
import org.primum.hub.audit.AuditLog;
import org.primum.hub.updates.RolloutStore.DeviceRow;
import org.primum.hub.updates.RolloutStore.RolloutRow;
import org.primum.hub.updates.RolloutStore.WaveRow;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves rollouts along; the hub's housekeeping calls {@link #tick()} every few seconds.
 *
 * <p>Each tick, for every running rollout: opens the current wave (writing notifications to the
 * subscribers of the sites it reaches, and queuing their delivery by e-mail or signed webhook
 * through {@link SiteNotices}), assigns its pending devices whose site's maintenance window is open
 * and whose site approved (when the site requires approval), then judges the wave. The rollout
 * pauses itself, with the reason, when failures and rollbacks in the wave exceed the failure
 * threshold. The wave advances when all its devices have finished, or the wave timeout has passed,
 * and at least the success threshold of its assigned devices are healthy, and the minimum soak time
 * has passed; if it finished below the threshold, the rollout pauses itself instead. For aborted
 * rollouts it withdraws the assignments marked for withdrawal.
 *
 * <p>Security guarantees: every state change is a conditional update, so hub replicas sharing one
 * database assign each device once, advance each wave once, and write each notification once.
 */
public final class RolloutDriver {
  private static final Logger LOG = LoggerFactory.getLogger(RolloutDriver.class);

  /** The actor named in the audit trail for what the hub decides by itself. */
  public static final String ACTOR = "hub:rollouts";

  private static final int NOTES_IN_NOTIFICATION = 500;

  private final RolloutStore store;
  private final Assignments assignments;
  private final ReleaseLookup releases;
  private final AuditLog audit;
  private final Clock clock;
  private final SiteNotices notices;

  /**
   * A driver that queues the notices of each site reached with {@code notices}, in the transaction
   * that writes them.
   */
  public RolloutDriver(
      Jdbi jdbi,
      Assignments assignments,
      ReleaseLookup releases,
      AuditLog audit,
      Clock clock,
      SiteNotices notices) {
    this.store = new RolloutStore(Objects.requireNonNull(jdbi, "jdbi"));
    this.assignments = Objects.requireNonNull(assignments, "assignments");
    this.releases = Objects.requireNonNull(releases, "releases");
    this.audit = Objects.requireNonNull(audit, "audit");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.notices = Objects.requireNonNull(notices, "notices");
  }

  /** One pass over all running and aborted rollouts. Never throws: a failure waits for the next. */
  public void tick() {
    for (RolloutRow rollout : store.rolloutsIn(Set.of(RolloutState.RUNNING))) {
      try {
        drive(rollout);
      } catch (RuntimeException e) {
        LOG.atWarn()
            .addKeyValue("rollout", rollout.id())
            .setCause(e)
            .log("rollout step failed; will retry");
      }
    }
    for (long id : store.rolloutsWithdrawing()) {
      try {
        withdraw(id);
      } catch (RuntimeException e) {
        LOG.atWarn().addKeyValue("rollout", id).setCause(e).log("withdrawal failed; will retry");
      }
    }
  }

  private void drive(RolloutRow rollout) {
    long id = rollout.id();
    List<WaveRow> waves = store.waves(id);
    int current = rollout.currentWave();
    if (waves.get(current - 1).startedAt().isEmpty()) {
      Instant now = clock.instant();
      List<String> notes =
          store.jdbi().inTransaction(h -> openWave(h, rollout, current, waves, now));
      notes.forEach(n -> audit.ok(ACTOR, "rollout.notify", "rollout " + id, n, "hub"));
    }
    assignEligible(rollout);
    if (judge(rollout, waves)) {
      // The next wave starts assigning in the same tick.
      store
          .rollout(id)
          .filter(r -> r.state() == RolloutState.RUNNING)
          .ifPresent(this::assignEligible);
    }
  }

  // ---------------------------------------------------------------- assigning

  private void assignEligible(RolloutRow rollout) {
    long id = rollout.id();
    Instant now = clock.instant();
    Map<String, RolloutStore.SiteRow> policies = RolloutService.sitePolicies(store);
    Set<String> approved =
        store.approvals(id).stream()
            .map(RolloutStore.ApprovalRow::site)
            .collect(Collectors.toSet());
    for (DeviceRow d : store.devices(id)) {
      if (d.wave() > rollout.currentWave() || d.state() != RolloutDeviceState.PENDING) {
        continue;
      }
      Optional<RolloutStore.SiteRow> policy = Optional.ofNullable(policies.get(d.site()));
      boolean windowOpen =
          policy.flatMap(RolloutService::window).map(w -> w.isOpen(now)).orElse(true);
      boolean approvalMissing =
          policy.map(RolloutStore.SiteRow::approvalRequired).orElse(false)
              && !approved.contains(d.site());
      if (!windowOpen || approvalMissing) {
        continue;
      }
      boolean claimed =
          store
              .jdbi()
              .inTransaction(
                  h ->
                      RolloutStore.moveDevice(
                          h,
                          id,
                          d.serial(),
                          RolloutDeviceState.PENDING,
                          RolloutDeviceState.ASSIGNED,
                          "assigned in wave " + d.wave(),
                          now));
      if (!claimed) {
        continue;
      }
      try {
        assignments.assign(d.serial(), rollout.releaseId(), id);
      } catch (RuntimeException e) {
        store.jdbi().useTransaction(h -> RolloutStore.unclaim(h, id, d.serial()));
        LOG.atWarn()
            .addKeyValue("rollout", id)
            .addKeyValue("serial", d.serial())
            .setCause(e)
            .log("the director could not assign; will retry");
        continue;
      }
      store
          .jdbi()
          .useTransaction(
              h ->
                  RolloutStore.insertEvent(
                      h,
                      id,
                      d.serial(),
                      RolloutDeviceState.ASSIGNED,
                      "assigned in wave " + d.wave(),
                      Optional.empty(),
                      now));
    }
  }

  // ---------------------------------------------------------------- judging a wave

  /** Judges the current wave; true if the next wave started. */
  private boolean judge(RolloutRow rollout, List<WaveRow> waves) {
    long id = rollout.id();
    int number = rollout.currentWave();
    RolloutPlan plan = rollout.plan();
    Instant now = clock.instant();
    List<DeviceRow> all = store.devices(id);
    List<DeviceRow> wave = all.stream().filter(d -> d.wave() == number).toList();
    int size = wave.size();
    List<DeviceRow> failed = wave.stream().filter(d -> d.state().failure()).toList();
    int fresh = failed.size() - rollout.acknowledgedFailures();
    boolean overPercent = fresh > 0 && fresh * 100L > (long) plan.failureThreshold() * size;
    boolean overCount = plan.maxFailures() > 0 && fresh >= plan.maxFailures();
    if (overPercent || overCount) {
      pause(
          rollout,
          String.format(
              Locale.ROOT,
              "wave %d: %d of %d devices failed or rolled back%s (%d %%) %s: %s",
              number,
              fresh,
              size,
              rollout.acknowledgedFailures() > 0 ? " since the last resume" : "",
              Math.round(fresh * 100.0 / size),
              overPercent
                  ? "> " + plan.failureThreshold() + " %"
                  : ">= the limit of " + plan.maxFailures(),
              failures(failed)));
      return false;
    }
    // A pump in therapy never installs (it waits until therapy ends): an intermediate wave is
    // judged on the devices that could install, and the waiting ones keep their assignment and
    // install later. The last wave completes only when every device has finished.
    boolean lastWave = number >= waves.size();
    int deferred =
        lastWave
            ? 0
            : (int)
                wave.stream()
                    .filter(d -> d.state() == RolloutDeviceState.WAITING_FOR_THERAPY)
                    .count();
    int assigned = (int) wave.stream().filter(d -> d.assignedAt().isPresent()).count() - deferred;
    int healthy = (int) wave.stream().filter(d -> d.state() == RolloutDeviceState.HEALTHY).count();
    boolean finished =
        wave.stream()
            .allMatch(
                d ->
                    d.state().terminal()
                        || (!lastWave && d.state() == RolloutDeviceState.WAITING_FOR_THERAPY));
    Duration elapsed = Duration.between(rollout.waveStartedAt(), now);
    boolean timedOut = elapsed.compareTo(plan.waveTimeout()) >= 0;
    // ... but only once at least half of the wave could be judged: a canary wave whose pumps
    // are mostly in therapy waits rather than advancing on one result.
    boolean tooFewJudged = deferred * 2 > wave.size();
    if (!(finished || timedOut) || assigned <= 0 || tooFewJudged) {
      return false; // still installing, or waiting for a window, an approval or therapy to end
    }
    int judged = assigned - rollout.acknowledgedFailures();
    double rate = judged <= 0 ? 100.0 : healthy * 100.0 / judged;
    String tally =
        String.format(
            Locale.ROOT,
            "%d of %d assigned devices healthy (%d %%)%s",
            healthy,
            assigned,
            Math.round(Math.floor(rate)),
            deferred > 0 ? "; " + deferred + " waiting for therapy to end install later" : "");
    if (rate < plan.successThreshold()) {
      pause(
          rollout,
          String.format(
              Locale.ROOT,
              "wave %d %s with %s < %d %%%s",
              number,
              finished ? "finished" : "timed out after " + plan.waveTimeout(),
              tally,
              plan.successThreshold(),
              failed.isEmpty() ? "" : ": " + failures(failed)));
      return false;
    }
    if (elapsed.compareTo(plan.soak()) < 0) {
      return false; // soaking
    }
    String outcome = (finished ? "finished: " : "timed out: ") + tally;
    if (number < waves.size()) {
      List<String> notes =
          store
              .jdbi()
              .inTransaction(
                  h ->
                      RolloutStore.advance(h, id, number, outcome, now)
                          ? openWave(h, rollout, number + 1, waves, now)
                          : null);
      if (notes != null) {
        audit.ok(
            ACTOR,
            "rollout.advance",
            "rollout " + id,
            "wave " + number + " " + outcome + "; wave " + (number + 1) + " started",
            "hub");
        notes.forEach(n -> audit.ok(ACTOR, "rollout.notify", "rollout " + id, n, "hub"));
      }
      return notes != null;
    }
    if (all.stream().anyMatch(d -> d.state() == RolloutDeviceState.PENDING)) {
      return false; // the last wave waits for devices still waiting for a window or an approval
    }
    boolean completed =
        store
            .jdbi()
            .inTransaction(
                h -> {
                  if (!RolloutStore.transition(
                      h,
                      id,
                      Set.of(RolloutState.RUNNING),
                      RolloutState.COMPLETED,
                      Optional.empty(),
                      now)) {
                    return false;
                  }
                  RolloutStore.endWave(h, id, number, outcome, now);
                  return true;
                });
    if (completed) {
      audit.ok(
          ACTOR,
          "rollout.complete",
          "rollout " + id,
          "last wave " + outcome + "; " + RolloutService.counts(all),
          "hub");
    }
    return false;
  }

  private void pause(RolloutRow rollout, String reason) {
    Instant now = clock.instant();
    boolean paused =
        store
            .jdbi()
            .inTransaction(
                h ->
                    RolloutStore.transition(
                        h,
                        rollout.id(),
                        Set.of(RolloutState.RUNNING),
                        RolloutState.PAUSED,
                        Optional.of(reason),
                        now));
    if (paused) {
      LOG.atWarn().addKeyValue("rollout", rollout.id()).log("rollout paused itself: " + reason);
      audit.ok(ACTOR, "rollout.pause", "rollout " + rollout.id(), reason, "hub");
    }
  }

  /** {@code PUMP-0004 rolled back: health check failed: …; PUMP-0005 failed: …}, at most five. */
  private static String failures(List<DeviceRow> failed) {
    List<DeviceRow> newest =
        failed.stream()
            .sorted(
                Comparator.comparing(DeviceRow::updatedAt)
                    .reversed()
                    .thenComparing(DeviceRow::serial))
            .toList();
    List<String> parts = new ArrayList<>();
    for (DeviceRow d : newest.subList(0, Math.min(5, newest.size()))) {
      parts.add(
          d.serial()
              + " "
              + d.state().label()
              + (d.detail().isBlank() ? "" : ": " + shorten(d.detail(), 160)));
    }
    if (newest.size() > 5) {
      parts.add("and " + (newest.size() - 5) + " more");
    }
    return String.join("; ", parts);
  }

  // ---------------------------------------------------------------- opening a wave, notifying

  /**
   * Marks wave {@code number} started and writes one notification per subscriber of each site the
   * rollout reaches for the first time with this wave; returns what to audit.
   */
  private List<String> openWave(
      Handle h, RolloutRow rollout, int number, List<WaveRow> waves, Instant now) {
    if (!RolloutStore.openWave(h, rollout.id(), number, now)) {
      return List.of();
    }
    Set<String> notified = new HashSet<>(RolloutStore.notifiedSites(h, rollout.id()));
    Map<String, Long> reached =
        RolloutStore.devices(h, rollout.id()).stream()
            .filter(d -> d.wave() == number)
            .collect(Collectors.groupingBy(DeviceRow::site, Collectors.counting()));
    Map<String, RolloutStore.SiteRow> policies = RolloutService.sitePolicies(store);
    Optional<ReleaseSummary> release = releases.release(rollout.releaseId());
    List<String> audited = new ArrayList<>();
    for (String site : reached.keySet().stream().sorted().toList()) {
      if (notified.contains(site)) {
        continue;
      }
      Optional<RolloutStore.SiteRow> policy = Optional.ofNullable(policies.get(site));
      String text =
          notification(
              rollout,
              site,
              number,
              waves,
              reached.get(site),
              policy.flatMap(RolloutService::window),
              policy.map(RolloutStore.SiteRow::approvalRequired).orElse(false),
              release.map(ReleaseSummary::notes).orElse(""));
      String subject =
          String.format(
              Locale.ROOT,
              "Rollout %d: %s %s reaches %s (wave %d of %d)",
              rollout.id(),
              rollout.hardwareId(),
              rollout.releaseVersion(),
              site,
              number,
              waves.size());
      String json =
          json(
              rollout,
              site,
              number,
              waves,
              reached.get(site),
              policy.flatMap(RolloutService::window),
              policy.map(RolloutStore.SiteRow::approvalRequired).orElse(false),
              text,
              now);
      for (RolloutStore.SubscriberRow subscriber : RolloutStore.subscribers(h, site)) {
        long notification =
            RolloutStore.insertNotification(
                h, site, subscriber.contact(), rollout.id(), rollout.releaseId(), text, now);
        notices.queue(
            h,
            new SiteNotice(
                notification,
                rollout.id(),
                site,
                subscriber.contact(),
                subscriber.webhookSecret(),
                subject,
                text,
                json));
        audited.add("site " + site + " → " + subscriber.contact());
      }
    }
    return audited;
  }

  /** The webhook body of a rollout reaching a site (compact JSON, members in this order). */
  private static String json(
      RolloutRow rollout,
      String site,
      int number,
      List<WaveRow> waves,
      long devices,
      Optional<RolloutWindow> window,
      boolean approvalRequired,
      String text,
      Instant now) {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    o.put("event", SiteNotice.EVENT);
    o.put("rollout_id", rollout.id());
    o.put("site", site);
    o.put("hardware_id", rollout.hardwareId());
    o.put("release_version", rollout.releaseVersion());
    o.put("release_counter", rollout.releaseCounter());
    o.put("wave", number);
    o.put("waves", waves.size());
    o.put("wave_label", waves.get(number - 1).label());
    o.put("devices", devices);
    window.ifPresentOrElse(w -> o.put("window", w.toString()), () -> o.putNull("window"));
    o.put("approval_required", approvalRequired);
    o.put("text", text);
    o.put("reached_at", now.toString());
    return new String(Json.write(o), StandardCharsets.UTF_8);
  }

  private static String notification(
      RolloutRow rollout,
      String site,
      int number,
      List<WaveRow> waves,
      long devices,
      Optional<RolloutWindow> window,
      boolean approvalRequired,
      String notes) {
    StringBuilder text =
        new StringBuilder(
            String.format(
                Locale.ROOT,
                "Rollout %d of %s release %s (release counter %d) reaches site %s in wave %d of"
                    + " %d (%s): %d device(s) will be updated",
                rollout.id(),
                rollout.hardwareId(),
                rollout.releaseVersion(),
                rollout.releaseCounter(),
                site,
                number,
                waves.size(),
                waves.get(number - 1).label(),
                devices));
    window.ifPresent(w -> text.append(" during the maintenance window ").append(w));
    if (approvalRequired) {
      text.append(", once hospital staff approve it on the rollout page");
    }
    text.append(". A pump installs only when no therapy runs, and rolls back by itself if its")
        .append(" health check fails.");
    if (!notes.isBlank()) {
      text.append(" Release notes: ").append(shorten(notes.strip(), NOTES_IN_NOTIFICATION));
    }
    return text.toString();
  }

  // ---------------------------------------------------------------- withdrawing

  private void withdraw(long id) {
    Instant now = clock.instant();
    boolean aborted = store.rollout(id).map(r -> r.state() == RolloutState.ABORTED).orElse(false);
    for (DeviceRow d : store.devices(id)) {
      boolean leftOver = aborted && d.state() == RolloutDeviceState.ASSIGNED;
      if (d.state() != RolloutDeviceState.WITHDRAWING && !leftOver) {
        continue;
      }
      assignments.withdraw(d.serial());
      String detail = "assignment withdrawn";
      boolean moved =
          store
              .jdbi()
              .inTransaction(
                  h -> {
                    if (!RolloutStore.moveDevice(
                        h, id, d.serial(), d.state(), RolloutDeviceState.WITHDRAWN, detail, now)) {
                      return false;
                    }
                    RolloutStore.insertEvent(
                        h,
                        id,
                        d.serial(),
                        RolloutDeviceState.WITHDRAWN,
                        detail,
                        Optional.empty(),
                        now);
                    return true;
                  });
      if (moved) {
        audit.ok(ACTOR, "rollout.withdraw", d.serial(), "rollout " + id + ": " + detail, "hub");
      }
    }
  }

  private static String shorten(String text, int max) {
    return text.length() <= max ? text : text.substring(0, max - 1) + "…";
  }
}
