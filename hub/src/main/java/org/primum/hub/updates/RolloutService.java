package org.primum.hub.updates;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.primum.core.crypto.Hashes;
import org.primum.core.formats.Serials;
import org.primum.core.formats.Texts;
import org.primum.hub.audit.AuditLog;
import org.primum.hub.updates.RolloutStore.DeviceRow;
import org.primum.hub.updates.RolloutStore.FleetDevice;
import org.primum.hub.updates.RolloutStore.RolloutRow;

/**
 * Staged rollouts: starting one (a release to the active devices of one hardware id, split into
 * waves), pausing, resuming, aborting, hospital approval per site, device update reports, sites,
 * subscribers, and the views the pages and the JSON API show. Assignments themselves are made by
 * {@link RolloutDriver} on the hub's housekeeping thread, so these operations also work from the
 * command line on the hub's machine.
 *
 * <p>Security guarantees: every operation is recorded in the audit trail with who, when and from
 * where; a device report changes only the reporting device's own entry, and only for a release it
 * was assigned; at most one rollout per hardware id is open at a time, so a device never holds two
 * assignments from rollouts.
 */
public final class RolloutService {
  /** The hardware of a device with no recorded hardware: the reference pump. */
  public static final String DEFAULT_HARDWARE = "rp-1";

  /** The site of a device with no recorded site. */
  public static final String UNASSIGNED = "unassigned";

  private static final Pattern EMAIL = Pattern.compile("[^@\\s]{1,64}@[^@\\s]+\\.[^@\\s]+");
  private static final int TIMELINE_POINTS = 60;

  private final RolloutStore store;
  private final ReleaseLookup releases;
  private final AuditLog audit;
  private final Clock clock;
  private final SecureRandom random;
  private final SiteNotices notices;

  /**
   * The rollout operations; {@code random} makes the webhook secrets of subscribers, {@code
   * notices} checks webhook URLs and tells how notifications were delivered.
   */
  public RolloutService(
      Jdbi jdbi,
      ReleaseLookup releases,
      AuditLog audit,
      Clock clock,
      SecureRandom random,
      SiteNotices notices) {
    this.store = new RolloutStore(Objects.requireNonNull(jdbi, "jdbi"));
    this.releases = Objects.requireNonNull(releases, "releases");
    this.audit = Objects.requireNonNull(audit, "audit");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.random = Objects.requireNonNull(random, "random");
    this.notices = Objects.requireNonNull(notices, "notices");
  }

  /** What an enrolled device last reported running, and where it stands. */
  public record DeviceSoftware(String serial, String site, String hardwareId, String version) {}

  /** Every enrolled device with the software it last reported and its site (fleet exposure). */
  public static List<DeviceSoftware> census(Jdbi jdbi) {
    return new RolloutStore(jdbi)
        .activeSoftware(UNASSIGNED, DEFAULT_HARDWARE).stream()
            .map(d -> new DeviceSoftware(d.serial(), d.site(), d.hardwareId(), d.firmware()))
            .toList();
  }

  /** Published releases (for the start form). */
  public List<ReleaseSummary> releases() {
    return releases.releases();
  }

  // ---------------------------------------------------------------- operations

  /**
   * Starts a rollout of release {@code version} of {@code hardwareId}.
   *
   * @throws RolloutRefusal if there is no such release, no active device of that hardware, a listed
   *     site has no device, or another rollout for that hardware is still open
   */
  public RolloutSummary start(
      String actor, String hardwareId, String version, RolloutPlan plan, String source)
      throws RolloutRefusal {
    ReleaseSummary release =
        releases
            .releaseByVersion(hardwareId, version)
            .orElseThrow(
                () ->
                    new RolloutRefusal(
                        RolloutRefusal.Kind.NOT_FOUND,
                        "release-unknown",
                        "no published release "
                            + Texts.printable(version, 64)
                            + " for hardware "
                            + Texts.printable(hardwareId, 64)));
    return start(actor, release, plan, source);
  }

  /** Starts a rollout of the published release {@code releaseId}. */
  public RolloutSummary start(String actor, long releaseId, RolloutPlan plan, String source)
      throws RolloutRefusal {
    ReleaseSummary release =
        releases
            .release(releaseId)
            .orElseThrow(
                () ->
                    new RolloutRefusal(
                        RolloutRefusal.Kind.NOT_FOUND,
                        "release-unknown",
                        "no published release " + releaseId));
    return start(actor, release, plan, source);
  }

  private RolloutSummary start(
      String actor, ReleaseSummary release, RolloutPlan plan, String source) throws RolloutRefusal {
    Objects.requireNonNull(plan, "plan");
    Instant now = clock.instant();
    String hardware = release.hardwareId();
    long id;
    try {
      id =
          store
              .jdbi()
              .<Long, RolloutRefusal>inTransaction(
                  h -> {
                    Optional<Long> open = RolloutStore.openRollout(h, hardware);
                    if (open.isPresent()) {
                      throw RolloutRefusal.conflict(
                          "rollout-open",
                          "rollout "
                              + open.get()
                              + " for "
                              + hardware
                              + " is still running or paused; abort it or let it finish first");
                    }
                    int withdrawals = RolloutStore.pendingWithdrawals(h, hardware);
                    if (withdrawals > 0) {
                      throw RolloutRefusal.conflict(
                          "withdrawals-pending",
                          withdrawals
                              + " assignment(s) of an aborted "
                              + hardware
                              + " rollout are still being withdrawn; retry in a few seconds");
                    }
                    List<FleetDevice> devices =
                        RolloutStore.activeDevices(h, UNASSIGNED, DEFAULT_HARDWARE).stream()
                            .filter(d -> d.hardwareId().equals(hardware))
                            .toList();
                    if (devices.isEmpty()) {
                      throw RolloutRefusal.conflict(
                          "no-devices", "no active device has hardware id " + hardware);
                    }
                    long rolloutId =
                        RolloutStore.insertRollout(
                            h,
                            new RolloutRow(
                                0,
                                release.id(),
                                release.version(),
                                release.releaseCounter(),
                                release.targetPath(),
                                hardware,
                                plan,
                                RolloutState.RUNNING,
                                1,
                                now,
                                0,
                                Optional.empty(),
                                now,
                                actor,
                                now,
                                Optional.empty()));
                    List<Wave> waves = waves(rolloutId, plan, devices);
                    for (int w = 0; w < waves.size(); w++) {
                      RolloutStore.insertWave(h, rolloutId, w + 1, waves.get(w).label());
                      List<FleetDevice> members = waves.get(w).devices();
                      for (int p = 0; p < members.size(); p++) {
                        FleetDevice d = members.get(p);
                        RolloutStore.insertDevice(
                            h, rolloutId, d.serial(), w + 1, p, d.site(), now);
                      }
                    }
                    return rolloutId;
                  });
    } catch (RolloutRefusal refusal) {
      audit.refused(
          actor, "rollout.start", release.version() + " " + hardware, refusal.getMessage(), source);
      throw refusal;
    }
    RolloutSummary summary = summary(store.rollout(id).orElseThrow());
    audit.ok(
        actor,
        "rollout.start",
        "rollout " + id,
        String.format(
            Locale.ROOT,
            "release %s (counter %d) to %d %s devices in %d waves (%s %s); success >= %d %%,"
                + " pause when failures > %d %%%s",
            release.version(),
            release.releaseCounter(),
            summary.devices(),
            hardware,
            summary.waveCount(),
            plan.strategy() == RolloutPlan.Strategy.SITE ? "by site" : "cumulative %",
            plan.text(),
            plan.successThreshold(),
            plan.failureThreshold(),
            plan.maxFailures() > 0 ? " or >= " + plan.maxFailures() : ""),
        source);
    return summary;
  }

  private record Wave(String label, List<FleetDevice> devices) {}

  /**
   * Splits the target devices into waves. Devices are ordered by SHA-256 of (rollout id, serial):
   * stable for the rollout, different between rollouts, so the same pumps are not always first.
   */
  private static List<Wave> waves(long rolloutId, RolloutPlan plan, List<FleetDevice> devices)
      throws RolloutRefusal {
    Function<FleetDevice, String> key =
        d -> Hashes.sha256Hex((rolloutId + ":" + d.serial()).getBytes(StandardCharsets.UTF_8));
    List<FleetDevice> ordered = devices.stream().sorted(Comparator.comparing(key)).toList();
    List<Wave> waves = new ArrayList<>();
    if (plan.strategy() == RolloutPlan.Strategy.PERCENTAGE) {
      int n = ordered.size();
      int from = 0;
      for (int percent : plan.percentages()) {
        int to = (int) Math.min(n, Math.ceil(percent * (double) n / 100.0));
        if (to > from) {
          waves.add(new Wave(percent + " %", ordered.subList(from, to)));
          from = to;
        }
      }
    } else {
      for (String site : plan.sites()) {
        List<FleetDevice> members = ordered.stream().filter(d -> d.site().equals(site)).toList();
        if (members.isEmpty()) {
          throw RolloutRefusal.badInput(
              "site-empty",
              "site " + site + " has no active " + devices.get(0).hardwareId() + " device");
        }
        waves.add(new Wave(site, members));
      }
    }
    return waves;
  }

  /**
   * Pauses a running rollout: nothing new is assigned; devices already assigned carry on.
   *
   * @throws RolloutRefusal if there is no such rollout or it is not running
   */
  public void pause(String actor, long id, String reason, String source) throws RolloutRefusal {
    String why = reason(reason);
    Instant now = clock.instant();
    boolean paused =
        store
            .jdbi()
            .inTransaction(
                h ->
                    RolloutStore.transition(
                        h,
                        id,
                        Set.of(RolloutState.RUNNING),
                        RolloutState.PAUSED,
                        Optional.of("paused by " + actor + ": " + why),
                        now));
    if (!paused) {
      throw refuse(actor, "rollout.pause", id, "paused", Set.of(RolloutState.RUNNING), source);
    }
    audit.ok(actor, "rollout.pause", "rollout " + id, why, source);
  }

  /**
   * Resumes a paused rollout. The failures seen so far in the current wave are acknowledged (they
   * no longer count against it) and the wave's clock restarts.
   *
   * @throws RolloutRefusal if there is no such rollout or it is not paused
   */
  public void resume(String actor, long id, String source) throws RolloutRefusal {
    Instant now = clock.instant();
    Optional<String> previous = store.rollout(id).flatMap(RolloutRow::pauseReason);
    int acknowledged =
        store
            .jdbi()
            .inTransaction(
                h -> {
                  if (!RolloutStore.transition(
                      h,
                      id,
                      Set.of(RolloutState.PAUSED),
                      RolloutState.RUNNING,
                      Optional.empty(),
                      now)) {
                    return -1;
                  }
                  int wave = RolloutStore.currentWave(h, id);
                  int failures =
                      (int)
                          RolloutStore.devices(h, id).stream()
                              .filter(d -> d.wave() == wave && d.state().failure())
                              .count();
                  RolloutStore.acknowledge(h, id, failures, now);
                  return failures;
                });
    if (acknowledged < 0) {
      throw refuse(actor, "rollout.resume", id, "resumed", Set.of(RolloutState.PAUSED), source);
    }
    audit.ok(
        actor,
        "rollout.resume",
        "rollout " + id,
        acknowledged
            + " failure(s) in the current wave acknowledged"
            + previous.map(p -> "; it was " + p).orElse(""),
        source);
  }

  /**
   * Aborts a running or paused rollout: devices not assigned yet leave it, and assignments of
   * devices that have not begun installing are withdrawn (by {@link RolloutDriver}). Devices
   * already installing finish, and report, as usual.
   *
   * @throws RolloutRefusal if there is no such rollout or it has already ended
   */
  public void abort(String actor, long id, String reason, String source) throws RolloutRefusal {
    String why = reason(reason);
    Instant now = clock.instant();
    int[] counts =
        store
            .jdbi()
            .inTransaction(
                h -> {
                  Set<RolloutState> open = Set.of(RolloutState.RUNNING, RolloutState.PAUSED);
                  if (!RolloutStore.transition(
                      h,
                      id,
                      open,
                      RolloutState.ABORTED,
                      Optional.of("aborted by " + actor + ": " + why),
                      now)) {
                    return null;
                  }
                  int left = 0;
                  int withdrawing = 0;
                  for (DeviceRow d : RolloutStore.devices(h, id)) {
                    // Conditional moves: a device that reported (or was claimed) meanwhile keeps
                    // its newer state; the driver withdraws any assignment left in an aborted
                    // rollout.
                    if (d.state() == RolloutDeviceState.PENDING) {
                      if (RolloutStore.moveDevice(
                          h,
                          id,
                          d.serial(),
                          d.state(),
                          RolloutDeviceState.WITHDRAWN,
                          "rollout aborted before assignment",
                          now)) {
                        left++;
                      }
                    } else if (d.state().withdrawable()) {
                      String detail = "rollout aborted: withdrawing the assignment";
                      if (RolloutStore.moveDevice(
                          h,
                          id,
                          d.serial(),
                          d.state(),
                          RolloutDeviceState.WITHDRAWING,
                          detail,
                          now)) {
                        RolloutStore.insertEvent(
                            h,
                            id,
                            d.serial(),
                            RolloutDeviceState.WITHDRAWING,
                            detail,
                            Optional.empty(),
                            now);
                        withdrawing++;
                      }
                    }
                  }
                  int wave = RolloutStore.currentWave(h, id);
                  RolloutStore.endWave(h, id, wave, "aborted", now);
                  return new int[] {left, withdrawing};
                });
    if (counts == null) {
      throw refuse(
          actor,
          "rollout.abort",
          id,
          "aborted",
          Set.of(RolloutState.RUNNING, RolloutState.PAUSED),
          source);
    }
    audit.ok(
        actor,
        "rollout.abort",
        "rollout " + id,
        why
            + "; "
            + counts[1]
            + " assignment(s) to withdraw, "
            + counts[0]
            + " device(s) never assigned",
        source);
  }

  /**
   * Records hospital approval of a site for a rollout: once approved (and within the site's
   * maintenance window), the site's devices may be assigned. Approval is the hospital's part of a
   * shared responsibility; callers check that the approver is hospital staff.
   *
   * @throws RolloutRefusal if the rollout is unknown or ended, the site has no device in it, or it
   *     was already approved
   */
  public void approve(String actor, long id, String site, String source) throws RolloutRefusal {
    RolloutRow row = store.rollout(id).orElseThrow(() -> RolloutRefusal.notFound(id));
    String name = Objects.requireNonNullElse(site, "").strip();
    RolloutRefusal refusal = null;
    if (!row.state().isOpen()) {
      refusal =
          RolloutRefusal.conflict(
              "rollout-" + row.state().name().toLowerCase(Locale.ROOT),
              "rollout " + id + " is " + row.state() + "; there is nothing left to approve");
    } else if (store.devices(id).stream().noneMatch(d -> d.site().equals(name))) {
      refusal =
          RolloutRefusal.badInput(
              "site-not-in-rollout",
              "rollout " + id + " has no device at site \"" + Texts.printable(name, 64) + "\"");
    } else if (!store.insertApproval(id, name, actor, clock.instant())) {
      refusal =
          RolloutRefusal.conflict(
              "already-approved", "site " + name + " already approved rollout " + id);
    }
    if (refusal != null) {
      audit.refused(actor, "rollout.approve", "rollout " + id, refusal.getMessage(), source);
      throw refusal;
    }
    audit.ok(actor, "rollout.approve", "rollout " + id, "site " + name + " approved", source);
  }

  // ---------------------------------------------------------------- sites and subscribers

  /**
   * Records where a device stands (and, optionally, its hardware id).
   *
   * @throws RolloutRefusal for an unknown device or a malformed site or hardware id
   */
  public void setSite(
      String actor, String serial, String site, Optional<String> hardwareId, String source)
      throws RolloutRefusal {
    if (!Serials.isValid(serial) || !store.deviceExists(serial)) {
      throw new RolloutRefusal(
          RolloutRefusal.Kind.NOT_FOUND,
          "device-unknown",
          "no device " + Texts.printable(serial, 64));
    }
    String name = label("site", site);
    String hardware =
        hardwareId.isPresent()
            ? label("hardware id", hardwareId.get())
            : store.deviceSite(serial).map(FleetDevice::hardwareId).orElse(DEFAULT_HARDWARE);
    store.upsertDeviceSite(serial, name, hardware, actor, clock.instant());
    audit.ok(actor, "rollout.site", serial, "site " + name + ", hardware " + hardware, source);
  }

  /**
   * Sets a site's rules for every rollout: its maintenance window (empty: any time) and whether
   * hospital staff must approve before its devices are assigned.
   */
  public void setSitePolicy(
      String actor,
      String site,
      Optional<RolloutWindow> window,
      boolean approvalRequired,
      String source)
      throws RolloutRefusal {
    String name = label("site", site);
    store.upsertSite(
        new RolloutStore.SiteRow(
            name,
            window.map(w -> w.text().substring(0, 5)),
            window.map(w -> w.text().substring(6)),
            window.map(w -> w.zone().getId()).orElse("UTC"),
            approvalRequired),
        actor,
        clock.instant());
    audit.ok(
        actor,
        "rollout.site-policy",
        "site " + name,
        "window "
            + window.map(RolloutWindow::toString).orElse("any time")
            + ", approval "
            + (approvalRequired ? "required" : "not required"),
        source);
  }

  /**
   * Subscribes a contact to notifications when a rollout reaches {@code site}: an e-mail address,
   * or an {@code https://} webhook, which gets its own random 256-bit signing secret (shown once,
   * in the answer). A webhook subscribed before webhooks were signed gets its secret when
   * subscribed again.
   *
   * @throws RolloutRefusal if the site is malformed, the contact is neither an e-mail address nor a
   *     webhook URL the outbox accepts, or it is subscribed already
   */
  public RolloutSubscription subscribe(String actor, String site, String contact, String source)
      throws RolloutRefusal {
    String name = label("site", site);
    String to = Objects.requireNonNullElse(contact, "").strip();
    boolean url = to.startsWith("https://") || to.startsWith("http://");
    if (url) {
      try {
        to = notices.checkWebhookUrl(to);
      } catch (IllegalArgumentException e) {
        throw RolloutRefusal.badInput(
            "bad-contact",
            "a contact is an e-mail address or an https:// webhook URL; " + e.getMessage());
      }
    } else if (to.length() > 254 || !EMAIL.matcher(to).matches()) {
      throw RolloutRefusal.badInput(
          "bad-contact",
          "a contact is an e-mail address or an https:// webhook URL, found \""
              + Texts.printable(to, 64)
              + "\"");
    }
    Optional<String> secret = url ? Optional.of(newSecret()) : Optional.empty();
    if (!store.insertSubscriber(name, to, secret, actor, clock.instant())) {
      if (secret.isEmpty() || !store.setMissingSecret(name, to, secret.get())) {
        throw RolloutRefusal.conflict(
            "already-subscribed", to + " is already subscribed to site " + name);
      }
      audit.ok(actor, "rollout.subscribe", "site " + name, to + " (signing secret issued)", source);
      return new RolloutSubscription(name, to, secret);
    }
    audit.ok(actor, "rollout.subscribe", "site " + name, to, source);
    return new RolloutSubscription(name, to, secret);
  }

  private String newSecret() {
    byte[] bytes = new byte[32];
    random.nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }

  private static String label(String field, String value) throws RolloutRefusal {
    try {
      return Texts.requireLabel(field, Objects.requireNonNullElse(value, "").strip());
    } catch (IllegalArgumentException e) {
      throw RolloutRefusal.badInput("bad-" + field.replace(' ', '-'), e.getMessage());
    }
  }

  // ---------------------------------------------------------------- device reports

  /**
   * Records a device's update report against the rollout that assigned it that release. A refusal
   * at the update check names no release ({@link RolloutReport#namesRelease()}): it counts as a
   * refusal of the device's current assignment, the newest the hub made, so a wave whose devices
   * refuse the metadata pauses by its failure threshold rather than waiting for its timeout. It
   * never counts as progress, and changes nothing once the device is done with that assignment.
   *
   * @return the device's state in that rollout after the report
   * @throws RolloutRefusal if no rollout assigned this release to the device (for a refusal at the
   *     check: no rollout assigned it anything), or the report names another target than the one
   *     assigned
   */
  public RolloutDeviceState report(String serial, RolloutReport report, String source)
      throws RolloutRefusal {
    Instant now = clock.instant();
    String actor = "device:" + serial;
    Recorded recorded;
    try {
      recorded =
          store
              .jdbi()
              .<Recorded, RolloutRefusal>inTransaction(
                  h ->
                      report.namesRelease()
                          ? recordNamed(h, serial, report, now)
                          : recordCheckRefusal(h, serial, report, now));
    } catch (RolloutRefusal refusal) {
      audit.refused(actor, "rollout.report", serial, refusal.getMessage(), source);
      throw refusal;
    }
    RolloutDeviceState after = recorded.state();
    // A refusal at the check is audited once, not at every resend; a named failure as before.
    if ((report.namesRelease() || recorded.changed())
        && after.failure()
        && after == report.phase()) {
      audit.ok(
          actor,
          "rollout.report",
          serial,
          recorded.version()
              + " "
              + after
              + (recorded.detail().isEmpty() ? "" : ": " + recorded.detail()),
          source);
    }
    return after;
  }

  /** What a report did: the state after it, whether it changed, the release version concerned. */
  private record Recorded(
      RolloutDeviceState state, boolean changed, String version, String detail) {}

  private static Recorded recordNamed(Handle h, String serial, RolloutReport report, Instant now)
      throws RolloutRefusal {
    DeviceRow entry =
        RolloutStore.assignment(h, serial, report.version(), report.releaseCounter())
            .orElseThrow(
                () ->
                    RolloutRefusal.conflict(
                        "no-assignment",
                        serial
                            + " was not assigned "
                            + Texts.printable(report.version(), 64)
                            + " (release counter "
                            + report.releaseCounter()
                            + ") by any rollout"));
    String target = RolloutStore.releaseTarget(h, entry.rolloutId());
    if (!target.equals(report.target())) {
      throw RolloutRefusal.badInput(
          "wrong-target",
          "rollout "
              + entry.rolloutId()
              + " assigned "
              + target
              + ", the report names "
              + Texts.printable(report.target(), 120));
    }
    RolloutDeviceState next = next(entry.state(), report.phase());
    return record(h, entry, next, report, report.detail(), report.version(), now);
  }

  /**
   * A refusal at the update check, against the device's newest assignment: while the device is
   * still on its way to that release (assigned … installed), it becomes {@code REFUSED}; once it is
   * done (healthy, failed, withdrawn) nothing changes.
   */
  private static Recorded recordCheckRefusal(
      Handle h, String serial, RolloutReport report, Instant now) throws RolloutRefusal {
    RolloutStore.Assigned assigned =
        RolloutStore.latestAssignment(h, serial)
            .orElseThrow(
                () ->
                    RolloutRefusal.conflict(
                        "no-assignment",
                        serial
                            + " refused at the update check, but no rollout has assigned it a"
                            + " release"));
    DeviceRow entry = assigned.entry();
    String detail = "at the update check: " + report.detail();
    if (!entry.state().reportable() || entry.state().terminal()) {
      return new Recorded(entry.state(), false, assigned.version(), entry.detail());
    }
    return record(h, entry, RolloutDeviceState.REFUSED, report, detail, assigned.version(), now);
  }

  private static Recorded record(
      Handle h,
      DeviceRow entry,
      RolloutDeviceState next,
      RolloutReport report,
      String detail,
      String version,
      Instant now) {
    if (next == entry.state() && entry.detail().equals(detail)) {
      return new Recorded(next, false, version, detail);
    }
    RolloutStore.setDeviceState(h, entry.rolloutId(), entry.serial(), next, detail, now);
    if (next != entry.state()) {
      RolloutStore.insertEvent(
          h,
          entry.rolloutId(),
          entry.serial(),
          next,
          detail,
          report.deviceTime().map(Instant::toString),
          now);
    }
    return new Recorded(next, true, version, detail);
  }

  /**
   * The state after a report. Once an assignment is withdrawn, reports of steps before installing
   * (late or repeated) do not revive it; what the device did install still counts.
   */
  private static RolloutDeviceState next(RolloutDeviceState now, RolloutDeviceState reported) {
    boolean withdrawn =
        now == RolloutDeviceState.WITHDRAWN || now == RolloutDeviceState.WITHDRAWING;
    if (withdrawn && (reported.withdrawable() || reported == RolloutDeviceState.ASSIGNED)) {
      return now;
    }
    return reported;
  }

  // ---------------------------------------------------------------- views

  /** Recent rollouts, newest first. */
  public List<RolloutSummary> rollouts() {
    return store.rollouts(100).stream().map(this::summary).toList();
  }

  /** One rollout with its waves, sites, devices, notifications and timeline. */
  public Optional<RolloutDetail> rollout(long id) {
    Optional<RolloutRow> found = store.rollout(id);
    if (found.isEmpty()) {
      return Optional.empty();
    }
    RolloutRow row = found.get();
    List<DeviceRow> devices = store.devices(id);
    List<RolloutStore.WaveRow> waveRows = store.waves(id);
    RolloutSummary summary = summary(row, devices, waveRows.size());
    Instant now = clock.instant();
    List<RolloutDetail.Wave> waves =
        waveRows.stream()
            .map(
                w -> {
                  List<DeviceRow> members =
                      devices.stream().filter(d -> d.wave() == w.number()).toList();
                  return new RolloutDetail.Wave(
                      w.number(),
                      w.label(),
                      w.startedAt(),
                      w.endedAt(),
                      w.outcome(),
                      members.size(),
                      counts(members));
                })
            .toList();
    Map<String, RolloutStore.SiteRow> policies = sitePolicies(store);
    Map<String, RolloutStore.ApprovalRow> approvals =
        store.approvals(id).stream()
            .collect(Collectors.toMap(RolloutStore.ApprovalRow::site, a -> a));
    Map<String, Long> perSite =
        devices.stream().collect(Collectors.groupingBy(DeviceRow::site, Collectors.counting()));
    List<RolloutDetail.Site> sites =
        perSite.keySet().stream()
            .sorted()
            .map(
                site -> {
                  Optional<RolloutStore.SiteRow> policy = Optional.ofNullable(policies.get(site));
                  Optional<RolloutWindow> window = policy.flatMap(RolloutService::window);
                  Optional<RolloutStore.ApprovalRow> approval =
                      Optional.ofNullable(approvals.get(site));
                  return new RolloutDetail.Site(
                      site,
                      perSite.get(site).intValue(),
                      window.map(RolloutWindow::toString),
                      window.map(w -> w.isOpen(now)).orElse(true),
                      policy.map(RolloutStore.SiteRow::approvalRequired).orElse(false),
                      approval.map(RolloutStore.ApprovalRow::approvedBy),
                      approval.map(RolloutStore.ApprovalRow::approvedAt));
                })
            .toList();
    List<RolloutDetail.Device> deviceViews =
        devices.stream()
            .map(
                d ->
                    new RolloutDetail.Device(
                        d.serial(),
                        d.wave(),
                        d.site(),
                        d.state(),
                        d.detail(),
                        d.assignedAt(),
                        d.updatedAt()))
            .toList();
    Map<Long, RolloutDetail.Delivery> deliveries = notices.deliveries(id);
    List<RolloutDetail.Notification> notifications =
        store.notifications(id).stream()
            .map(
                n ->
                    new RolloutDetail.Notification(
                        n.id(),
                        n.site(),
                        n.contact(),
                        n.text(),
                        n.createdAt(),
                        deliveries.getOrDefault(n.id(), RolloutDetail.Delivery.NOT_SENT)))
            .toList();
    Instant end = row.finishedAt().orElse(now);
    return Optional.of(
        new RolloutDetail(
            summary,
            releases.release(row.releaseId()),
            waves,
            sites,
            deviceViews,
            notifications,
            timeline(devices, store.events(id), row.createdAt(), end)));
  }

  /**
   * Counts per state at evenly spaced moments from the start to {@code end}, replaying the state
   * changes (every device starts {@link RolloutDeviceState#PENDING}).
   */
  static List<RolloutDetail.Point> timeline(
      List<DeviceRow> devices, List<RolloutStore.EventRow> events, Instant start, Instant end) {
    long span = Math.max(1000, Duration.between(start, end).toMillis());
    Map<String, RolloutDeviceState> states = new HashMap<>();
    Map<RolloutDeviceState, Integer> counts = new EnumMap<>(RolloutDeviceState.class);
    for (DeviceRow d : devices) {
      states.put(d.serial(), RolloutDeviceState.PENDING);
      counts.merge(RolloutDeviceState.PENDING, 1, Integer::sum);
    }
    List<RolloutDetail.Point> points = new ArrayList<>();
    int next = 0;
    for (int i = 0; i <= TIMELINE_POINTS; i++) {
      Instant at = start.plusMillis(span * i / TIMELINE_POINTS);
      while (next < events.size() && !events.get(next).at().isAfter(at)) {
        RolloutStore.EventRow e = events.get(next++);
        RolloutDeviceState before = states.put(e.serial(), e.state());
        if (before != null) {
          counts.merge(before, -1, Integer::sum);
        }
        counts.merge(e.state(), 1, Integer::sum);
      }
      Map<RolloutDeviceState, Integer> snapshot = new EnumMap<>(RolloutDeviceState.class);
      counts.forEach(
          (state, count) -> {
            if (count > 0) {
              snapshot.put(state, count);
            }
          });
      points.add(new RolloutDetail.Point(at, snapshot));
    }
    return points;
  }

  private RolloutSummary summary(RolloutRow row) {
    return summary(row, store.devices(row.id()), store.waveCount(row.id()));
  }

  private static RolloutSummary summary(RolloutRow row, List<DeviceRow> devices, int waveCount) {
    return new RolloutSummary(
        row.id(),
        row.releaseId(),
        row.releaseVersion(),
        row.releaseCounter(),
        row.releaseTarget(),
        row.hardwareId(),
        row.plan(),
        row.state(),
        row.currentWave(),
        waveCount,
        row.pauseReason(),
        row.createdAt(),
        row.createdBy(),
        row.updatedAt(),
        row.finishedAt(),
        devices.size(),
        counts(devices));
  }

  static Map<RolloutDeviceState, Integer> counts(List<DeviceRow> devices) {
    Map<RolloutDeviceState, Integer> counts = new EnumMap<>(RolloutDeviceState.class);
    devices.forEach(d -> counts.merge(d.state(), 1, Integer::sum));
    return counts;
  }

  static Map<String, RolloutStore.SiteRow> sitePolicies(RolloutStore store) {
    return store.sites().stream()
        .collect(Collectors.toMap(RolloutStore.SiteRow::site, s -> s, (a, b) -> a));
  }

  /** A site's maintenance window, if it has one. */
  static Optional<RolloutWindow> window(RolloutStore.SiteRow site) {
    if (site.windowStart().isEmpty() || site.windowEnd().isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        RolloutWindow.parse(site.windowStart().get() + "-" + site.windowEnd().get(), site.zone()));
  }

  private static String reason(String reason) throws RolloutRefusal {
    String why = reason == null || reason.isBlank() ? "no reason given" : reason.strip();
    if (why.length() > 200) {
      throw RolloutRefusal.badInput("reason-too-long", "a reason is at most 200 characters");
    }
    try {
      return Texts.requireText("reason", why, 200);
    } catch (IllegalArgumentException e) {
      throw RolloutRefusal.badInput("bad-reason", e.getMessage());
    }
  }

  private RolloutRefusal refuse(
      String actor, String action, long id, String verb, Set<RolloutState> allowed, String source) {
    Optional<RolloutRow> row = store.rollout(id);
    RolloutRefusal refusal =
        row.isEmpty()
            ? RolloutRefusal.notFound(id)
            : RolloutRefusal.conflict(
                "rollout-" + row.get().state().name().toLowerCase(Locale.ROOT),
                "rollout "
                    + id
                    + " is "
                    + row.get().state()
                    + "; only a "
                    + allowed.stream()
                        .map(s -> s.name())
                        .sorted()
                        .collect(Collectors.joining(" or "))
                    + " rollout can be "
                    + verb);
    audit.refused(actor, action, "rollout " + id, refusal.getMessage(), source);
    return refusal;
  }
}
