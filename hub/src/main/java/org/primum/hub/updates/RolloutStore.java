package org.primum.hub.updates;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.StatementContext;

/** SQL for rollouts, their waves and devices, sites, approvals, subscribers and the outbox. */
final class RolloutStore {
  private final Jdbi jdbi;

  RolloutStore(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  Jdbi jdbi() {
    return jdbi;
  }

  // ---- rows ----

  record RolloutRow(
      long id,
      long releaseId,
      String releaseVersion,
      long releaseCounter,
      String releaseTarget,
      String hardwareId,
      RolloutPlan plan,
      RolloutState state,
      int currentWave,
      Instant waveStartedAt,
      int acknowledgedFailures,
      Optional<String> pauseReason,
      Instant createdAt,
      String createdBy,
      Instant updatedAt,
      Optional<Instant> finishedAt) {}

  record WaveRow(
      int number,
      String label,
      Optional<Instant> startedAt,
      Optional<Instant> endedAt,
      Optional<String> outcome) {}

  record DeviceRow(
      long rolloutId,
      String serial,
      int wave,
      int position,
      String site,
      RolloutDeviceState state,
      String detail,
      Optional<Instant> assignedAt,
      Instant updatedAt) {}

  record EventRow(String serial, RolloutDeviceState state, Instant at) {}

  /** A device the fleet knows, with its site and hardware (defaults filled in). */
  record FleetDevice(String serial, String site, String hardwareId) {}

  record SiteRow(
      String site,
      Optional<String> windowStart,
      Optional<String> windowEnd,
      String zone,
      boolean approvalRequired) {}

  record ApprovalRow(String site, String approvedBy, Instant approvedAt) {}

  record NotificationRow(long id, String site, String contact, String text, Instant createdAt) {}

  // ---- fleet ----

  /** Active devices with their site and hardware id. */
  /** What an enrolled device last reported running, and where it stands. */
  record FleetSoftware(String serial, String site, String hardwareId, String firmware) {}

  List<FleetSoftware> activeSoftware(String defaultSite, String defaultHardware) {
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    "SELECT d.serial, d.firmware, s.site, s.hardware_id FROM devices d LEFT JOIN"
                        + " device_sites s ON s.serial = d.serial WHERE d.status = 'ACTIVE'"
                        + " ORDER BY d.serial")
                .map(
                    (rs, ctx) ->
                        new FleetSoftware(
                            rs.getString("serial"),
                            Optional.ofNullable(rs.getString("site")).orElse(defaultSite),
                            Optional.ofNullable(rs.getString("hardware_id"))
                                .orElse(defaultHardware),
                            Optional.ofNullable(rs.getString("firmware")).orElse("")))
                .list());
  }

  static List<FleetDevice> activeDevices(Handle h, String defaultSite, String defaultHardware) {
    return h.createQuery(
            "SELECT d.serial, s.site, s.hardware_id FROM devices d LEFT JOIN device_sites s ON"
                + " s.serial = d.serial WHERE d.status = 'ACTIVE' ORDER BY d.serial")
        .map(
            (rs, ctx) ->
                new FleetDevice(
                    rs.getString("serial"),
                    Optional.ofNullable(rs.getString("site")).orElse(defaultSite),
                    Optional.ofNullable(rs.getString("hardware_id")).orElse(defaultHardware)))
        .list();
  }

  boolean deviceExists(String serial) {
    return jdbi.withHandle(
        h ->
            h.createQuery("SELECT COUNT(*) FROM devices WHERE serial = :s")
                    .bind("s", serial)
                    .mapTo(Long.class)
                    .one()
                > 0);
  }

  Optional<FleetDevice> deviceSite(String serial) {
    return jdbi.withHandle(
        h ->
            h.createQuery("SELECT serial, site, hardware_id FROM device_sites WHERE serial = :s")
                .bind("s", serial)
                .map(
                    (rs, ctx) ->
                        new FleetDevice(
                            rs.getString("serial"),
                            rs.getString("site"),
                            rs.getString("hardware_id")))
                .findOne());
  }

  void upsertDeviceSite(String serial, String site, String hardwareId, String by, Instant at) {
    jdbi.useHandle(
        h ->
            h.createUpdate(
                    "INSERT INTO device_sites (serial, site, hardware_id, updated_at, updated_by)"
                        + " VALUES (:s, :site, :hw, :at, :by) ON CONFLICT (serial) DO UPDATE SET"
                        + " site = excluded.site, hardware_id = excluded.hardware_id, updated_at ="
                        + " excluded.updated_at, updated_by = excluded.updated_by")
                .bind("s", serial)
                .bind("site", site)
                .bind("hw", hardwareId)
                .bind("at", at.toEpochMilli())
                .bind("by", by)
                .execute());
  }

  // ---- sites ----

  void upsertSite(SiteRow site, String by, Instant at) {
    jdbi.useHandle(
        h ->
            h.createUpdate(
                    "INSERT INTO rollout_sites (site, window_start, window_end, zone,"
                        + " approval_required, updated_at, updated_by) VALUES (:site, :ws, :we,"
                        + " :zone, :ar, :at, :by) ON CONFLICT (site) DO UPDATE SET window_start ="
                        + " excluded.window_start, window_end = excluded.window_end, zone ="
                        + " excluded.zone, approval_required = excluded.approval_required,"
                        + " updated_at = excluded.updated_at, updated_by = excluded.updated_by")
                .bind("site", site.site())
                .bind("ws", site.windowStart().orElse(null))
                .bind("we", site.windowEnd().orElse(null))
                .bind("zone", site.zone())
                .bind("ar", site.approvalRequired() ? 1 : 0)
                .bind("at", at.toEpochMilli())
                .bind("by", by)
                .execute());
  }

  List<SiteRow> sites() {
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    "SELECT site, window_start, window_end, zone, approval_required FROM"
                        + " rollout_sites ORDER BY site")
                .map(
                    (rs, ctx) ->
                        new SiteRow(
                            rs.getString("site"),
                            Optional.ofNullable(rs.getString("window_start")),
                            Optional.ofNullable(rs.getString("window_end")),
                            rs.getString("zone"),
                            rs.getInt("approval_required") != 0))
                .list());
  }

  List<ApprovalRow> approvals(long rolloutId) {
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    "SELECT site, approved_by, approved_at FROM rollout_approvals WHERE rollout_id"
                        + " = :id ORDER BY site")
                .bind("id", rolloutId)
                .map(
                    (rs, ctx) ->
                        new ApprovalRow(
                            rs.getString("site"),
                            rs.getString("approved_by"),
                            instant(rs, "approved_at").orElseThrow()))
                .list());
  }

  /** Records an approval; false if the site was already approved for this rollout. */
  boolean insertApproval(long rolloutId, String site, String by, Instant at) {
    return jdbi.withHandle(
        h ->
            h.createUpdate(
                        "INSERT INTO rollout_approvals (rollout_id, site, approved_by, approved_at)"
                            + " VALUES (:id, :site, :by, :at) ON CONFLICT (rollout_id, site) DO"
                            + " NOTHING")
                    .bind("id", rolloutId)
                    .bind("site", site)
                    .bind("by", by)
                    .bind("at", at.toEpochMilli())
                    .execute()
                == 1);
  }

  // ---- subscribers and outbox ----

  /** A subscribed contact and, for a webhook, the secret it is signed with. */
  record SubscriberRow(String contact, Optional<String> webhookSecret) {
    @Override
    public String toString() {
      return "SubscriberRow[" + contact + "]";
    }
  }

  boolean insertSubscriber(
      String site, String contact, Optional<String> webhookSecret, String by, Instant at) {
    return jdbi.withHandle(
        h ->
            h.createUpdate(
                        "INSERT INTO rollout_subscribers (site, contact, webhook_secret,"
                            + " created_at, created_by) VALUES (:site, :c, :secret, :at, :by)"
                            + " ON CONFLICT (site, contact) DO NOTHING")
                    .bind("site", site)
                    .bind("c", contact)
                    .bind("secret", webhookSecret.orElse(null))
                    .bind("at", at.toEpochMilli())
                    .bind("by", by)
                    .execute()
                == 1);
  }

  /**
   * Gives a webhook subscribed before webhooks were signed its secret; false if the contact is not
   * subscribed or already has one.
   */
  boolean setMissingSecret(String site, String contact, String webhookSecret) {
    return jdbi.withHandle(
        h ->
            h.createUpdate(
                        "UPDATE rollout_subscribers SET webhook_secret = :secret WHERE site = :site"
                            + " AND contact = :c AND webhook_secret IS NULL")
                    .bind("secret", webhookSecret)
                    .bind("site", site)
                    .bind("c", contact)
                    .execute()
                == 1);
  }

  List<String> subscribers(String site) {
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    "SELECT contact FROM rollout_subscribers WHERE site = :site ORDER BY contact")
                .bind("site", site)
                .mapTo(String.class)
                .list());
  }

  static long insertNotification(
      Handle h,
      String site,
      String contact,
      long rolloutId,
      long releaseId,
      String text,
      Instant at) {
    return h.createUpdate(
            "INSERT INTO rollout_notifications (site, contact, rollout_id, release_id, text,"
                + " created_at) VALUES (:site, :c, :r, :rel, :t, :at)")
        .bind("site", site)
        .bind("c", contact)
        .bind("r", rolloutId)
        .bind("rel", releaseId)
        .bind("t", text)
        .bind("at", at.toEpochMilli())
        .executeAndReturnGeneratedKeys("id")
        .mapTo(Long.class)
        .one();
  }

  List<NotificationRow> notifications(long rolloutId) {
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    "SELECT id, site, contact, text, created_at FROM rollout_notifications WHERE"
                        + " rollout_id = :id ORDER BY id")
                .bind("id", rolloutId)
                .map(
                    (rs, ctx) ->
                        new NotificationRow(
                            rs.getLong("id"),
                            rs.getString("site"),
                            rs.getString("contact"),
                            rs.getString("text"),
                            instant(rs, "created_at").orElseThrow()))
                .list());
  }

  // ---- rollouts ----

  static long insertRollout(Handle h, RolloutRow r) {
    RolloutPlan plan = r.plan();
    return h.createUpdate(
            "INSERT INTO rollouts (release_id, release_version, release_counter, release_target,"
                + " hardware_id, strategy, plan, success_threshold, failure_threshold,"
                + " max_failures, wave_timeout_ms, soak_ms, state, current_wave, wave_started_at,"
                + " acknowledged_failures, created_at, created_by, updated_at) VALUES (:rel, :ver,"
                + " :ctr, :tgt, :hw, :strategy, :plan, :st, :ft, :mf, :wt, :soak, :state, 1, :at,"
                + " 0, :at, :by, :at)")
        .bind("rel", r.releaseId())
        .bind("ver", r.releaseVersion())
        .bind("ctr", r.releaseCounter())
        .bind("tgt", r.releaseTarget())
        .bind("hw", r.hardwareId())
        .bind("strategy", plan.strategy().name())
        .bind("plan", plan.text())
        .bind("st", plan.successThreshold())
        .bind("ft", plan.failureThreshold())
        .bind("mf", plan.maxFailures())
        .bind("wt", plan.waveTimeout().toMillis())
        .bind("soak", plan.soak().toMillis())
        .bind("state", r.state().name())
        .bind("at", r.createdAt().toEpochMilli())
        .bind("by", r.createdBy())
        .executeAndReturnGeneratedKeys("id")
        .mapTo(Long.class)
        .one();
  }

  static void insertWave(Handle h, long rolloutId, int number, String label) {
    h.createUpdate("INSERT INTO rollout_waves (rollout_id, number, label) VALUES (:id, :n, :label)")
        .bind("id", rolloutId)
        .bind("n", number)
        .bind("label", label)
        .execute();
  }

  static void insertDevice(
      Handle h, long rolloutId, String serial, int wave, int position, String site, Instant at) {
    h.createUpdate(
            "INSERT INTO rollout_devices (rollout_id, serial, wave, position, site, state, detail,"
                + " updated_at) VALUES (:id, :s, :w, :p, :site, 'PENDING', '', :at)")
        .bind("id", rolloutId)
        .bind("s", serial)
        .bind("w", wave)
        .bind("p", position)
        .bind("site", site)
        .bind("at", at.toEpochMilli())
        .execute();
  }

  static void insertEvent(
      Handle h,
      long rolloutId,
      String serial,
      RolloutDeviceState state,
      String detail,
      Optional<String> deviceTime,
      Instant at) {
    h.createUpdate(
            "INSERT INTO rollout_events (rollout_id, serial, state, detail, device_time, at)"
                + " VALUES (:id, :s, :state, :d, :dt, :at)")
        .bind("id", rolloutId)
        .bind("s", serial)
        .bind("state", state.name())
        .bind("d", detail)
        .bind("dt", deviceTime.orElse(null))
        .bind("at", at.toEpochMilli())
        .execute();
  }

  /** The open (running or paused) rollout for a hardware id, if any. */
  static Optional<Long> openRollout(Handle h, String hardwareId) {
    return h.createQuery(
            "SELECT id FROM rollouts WHERE hardware_id = :hw AND state IN ('RUNNING', 'PAUSED')"
                + " ORDER BY id LIMIT 1")
        .bind("hw", hardwareId)
        .mapTo(Long.class)
        .findOne();
  }

  Optional<RolloutRow> rollout(long id) {
    return jdbi.withHandle(
        h ->
            h.createQuery(ROLLOUT_SELECT + " WHERE id = :id")
                .bind("id", id)
                .map(RolloutStore::rolloutRow)
                .findOne());
  }

  List<RolloutRow> rollouts(int limit) {
    return jdbi.withHandle(
        h ->
            h.createQuery(ROLLOUT_SELECT + " ORDER BY id DESC LIMIT :limit")
                .bind("limit", limit)
                .map(RolloutStore::rolloutRow)
                .list());
  }

  List<RolloutRow> rolloutsIn(Collection<RolloutState> states) {
    return jdbi.withHandle(
        h ->
            h.createQuery(ROLLOUT_SELECT + " WHERE state IN (<states>) ORDER BY id")
                .bindList("states", states.stream().map(Enum::name).toList())
                .map(RolloutStore::rolloutRow)
                .list());
  }

  /**
   * Rollouts with assignments waiting to be withdrawn (including one a replica made while the
   * rollout was being aborted).
   */
  List<Long> rolloutsWithdrawing() {
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    "SELECT DISTINCT d.rollout_id FROM rollout_devices d JOIN rollouts r ON r.id ="
                        + " d.rollout_id WHERE d.state = 'WITHDRAWING' OR (d.state = 'ASSIGNED' AND"
                        + " r.state = 'ABORTED') ORDER BY d.rollout_id")
                .mapTo(Long.class)
                .list());
  }

  List<WaveRow> waves(long rolloutId) {
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    "SELECT number, label, started_at, ended_at, outcome FROM rollout_waves WHERE"
                        + " rollout_id = :id ORDER BY number")
                .bind("id", rolloutId)
                .map(
                    (rs, ctx) ->
                        new WaveRow(
                            rs.getInt("number"),
                            rs.getString("label"),
                            instant(rs, "started_at"),
                            instant(rs, "ended_at"),
                            Optional.ofNullable(rs.getString("outcome"))))
                .list());
  }

  int waveCount(long rolloutId) {
    return jdbi.withHandle(
        h ->
            h.createQuery("SELECT COUNT(*) FROM rollout_waves WHERE rollout_id = :id")
                .bind("id", rolloutId)
                .mapTo(Integer.class)
                .one());
  }

  List<DeviceRow> devices(long rolloutId) {
    return jdbi.withHandle(
        h ->
            h.createQuery(DEVICE_SELECT + " WHERE rollout_id = :id ORDER BY wave, position")
                .bind("id", rolloutId)
                .map(RolloutStore::deviceRow)
                .list());
  }

  List<EventRow> events(long rolloutId) {
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    "SELECT serial, state, at FROM rollout_events WHERE rollout_id = :id ORDER BY"
                        + " at, id")
                .bind("id", rolloutId)
                .map(
                    (rs, ctx) ->
                        new EventRow(
                            rs.getString("serial"),
                            RolloutDeviceState.stored(rs.getString("state")),
                            instant(rs, "at").orElseThrow()))
                .list());
  }

  /**
   * Moves a rollout from one of {@code from} to {@code to}; false if another caller (or replica)
   * moved it first.
   */
  static boolean transition(
      Handle h,
      long id,
      Collection<RolloutState> from,
      RolloutState to,
      Optional<String> pauseReason,
      Instant at) {
    return h.createUpdate(
                "UPDATE rollouts SET state = :to, pause_reason = :reason, updated_at = :at,"
                    + " finished_at = :finished WHERE id = :id AND state IN (<from>)")
            .bind("to", to.name())
            .bind("reason", pauseReason.orElse(null))
            .bind("at", at.toEpochMilli())
            .bind("finished", to.isOpen() ? null : at.toEpochMilli())
            .bind("id", id)
            .bindList("from", from.stream().map(Enum::name).toList())
            .execute()
        == 1;
  }

  /** On resume: the failures seen so far are acknowledged and the wave's clock restarts. */
  static void acknowledge(Handle h, long id, int failures, Instant at) {
    h.createUpdate(
            "UPDATE rollouts SET acknowledged_failures = :f, wave_started_at = :at WHERE id = :id")
        .bind("f", failures)
        .bind("at", at.toEpochMilli())
        .bind("id", id)
        .execute();
  }

  /** Starts wave {@code number} if it has not started; false if it already has. */
  static boolean openWave(Handle h, long rolloutId, int number, Instant at) {
    return h.createUpdate(
                "UPDATE rollout_waves SET started_at = :at WHERE rollout_id = :id AND number = :n"
                    + " AND started_at IS NULL")
            .bind("at", at.toEpochMilli())
            .bind("id", rolloutId)
            .bind("n", number)
            .execute()
        == 1;
  }

  /** Ends the current wave and moves to the next one; false if another replica did first. */
  static boolean advance(Handle h, long rolloutId, int from, String outcome, Instant at) {
    int moved =
        h.createUpdate(
                "UPDATE rollouts SET current_wave = :to, wave_started_at = :at,"
                    + " acknowledged_failures = 0, updated_at = :at WHERE id = :id AND"
                    + " current_wave = :from AND state = 'RUNNING'")
            .bind("to", from + 1)
            .bind("at", at.toEpochMilli())
            .bind("id", rolloutId)
            .bind("from", from)
            .execute();
    if (moved == 1) {
      endWave(h, rolloutId, from, outcome, at);
    }
    return moved == 1;
  }

  static void endWave(Handle h, long rolloutId, int number, String outcome, Instant at) {
    h.createUpdate(
            "UPDATE rollout_waves SET ended_at = :at, outcome = :o WHERE rollout_id = :id AND"
                + " number = :n AND ended_at IS NULL")
        .bind("at", at.toEpochMilli())
        .bind("o", outcome)
        .bind("id", rolloutId)
        .bind("n", number)
        .execute();
  }

  /**
   * Moves one device from {@code from} to {@code to}; false if its state was no longer {@code from}
   * (another replica claimed it, or the device reported meanwhile).
   */
  static boolean moveDevice(
      Handle h,
      long rolloutId,
      String serial,
      RolloutDeviceState from,
      RolloutDeviceState to,
      String detail,
      Instant at) {
    return h.createUpdate(
                "UPDATE rollout_devices SET state = :to, detail = :d, updated_at = :at,"
                    + " assigned_at = COALESCE(assigned_at, :assigned) WHERE rollout_id = :id AND"
                    + " serial = :s AND state = :from")
            .bind("to", to.name())
            .bind("assigned", to == RolloutDeviceState.ASSIGNED ? (Long) at.toEpochMilli() : null)
            .bind("d", detail)
            .bind("at", at.toEpochMilli())
            .bind("id", rolloutId)
            .bind("s", serial)
            .bind("from", from.name())
            .execute()
        == 1;
  }

  /** The newest rollout entry of a device that was assigned {@code version} / {@code counter}. */
  static Optional<DeviceRow> assignment(Handle h, String serial, String version, long counter) {
    return h.createQuery(
            "SELECT d.rollout_id, d.serial, d.wave, d.position, d.site, d.state, d.detail,"
                + " d.assigned_at, d.updated_at FROM rollout_devices d JOIN rollouts r ON r.id ="
                + " d.rollout_id WHERE d.serial = :s AND d.assigned_at IS NOT NULL AND"
                + " r.release_version = :v AND r.release_counter = :c ORDER BY d.rollout_id DESC"
                + " LIMIT 1")
        .bind("s", serial)
        .bind("v", version)
        .bind("c", counter)
        .map(RolloutStore::deviceRow)
        .findOne();
  }

  /**
   * The device's newest rollout entry that assigned it a release (what the director last signed for
   * it), with that release's version, whatever the release.
   */
  static Optional<Assigned> latestAssignment(Handle h, String serial) {
    return h.createQuery(
            "SELECT d.rollout_id, d.serial, d.wave, d.position, d.site, d.state, d.detail,"
                + " d.assigned_at, d.updated_at, r.release_version FROM rollout_devices d JOIN"
                + " rollouts r ON r.id = d.rollout_id WHERE d.serial = :s AND d.assigned_at IS NOT"
                + " NULL ORDER BY d.rollout_id DESC LIMIT 1")
        .bind("s", serial)
        .map((rs, ctx) -> new Assigned(deviceRow(rs, ctx), rs.getString("release_version")))
        .findOne();
  }

  /** A device's rollout entry and the version that rollout assigned. */
  record Assigned(DeviceRow entry, String version) {}

  static void setDeviceState(
      Handle h,
      long rolloutId,
      String serial,
      RolloutDeviceState state,
      String detail,
      Instant at) {
    h.createUpdate(
            "UPDATE rollout_devices SET state = :state, detail = :d, updated_at = :at WHERE"
                + " rollout_id = :id AND serial = :s")
        .bind("state", state.name())
        .bind("d", detail)
        .bind("at", at.toEpochMilli())
        .bind("id", rolloutId)
        .bind("s", serial)
        .execute();
  }

  static List<DeviceRow> devices(Handle h, long rolloutId) {
    return h.createQuery(DEVICE_SELECT + " WHERE rollout_id = :id ORDER BY wave, position")
        .bind("id", rolloutId)
        .map(RolloutStore::deviceRow)
        .list();
  }

  static int currentWave(Handle h, long rolloutId) {
    return h.createQuery("SELECT current_wave FROM rollouts WHERE id = :id")
        .bind("id", rolloutId)
        .mapTo(Integer.class)
        .one();
  }

  static String releaseTarget(Handle h, long rolloutId) {
    return h.createQuery("SELECT release_target FROM rollouts WHERE id = :id")
        .bind("id", rolloutId)
        .mapTo(String.class)
        .one();
  }

  /** Undoes a claim whose assignment the director could not make. */
  static void unclaim(Handle h, long rolloutId, String serial) {
    h.createUpdate(
            "UPDATE rollout_devices SET state = 'PENDING', assigned_at = NULL WHERE rollout_id ="
                + " :id AND serial = :s AND state = 'ASSIGNED'")
        .bind("id", rolloutId)
        .bind("s", serial)
        .execute();
  }

  /** Assignments of an ended rollout for this hardware that still wait to be withdrawn. */
  static int pendingWithdrawals(Handle h, String hardwareId) {
    return h.createQuery(
            "SELECT COUNT(*) FROM rollout_devices d JOIN rollouts r ON r.id = d.rollout_id WHERE"
                + " r.hardware_id = :hw AND (d.state = 'WITHDRAWING' OR (d.state = 'ASSIGNED' AND"
                + " r.state = 'ABORTED'))")
        .bind("hw", hardwareId)
        .mapTo(Integer.class)
        .one();
  }

  static List<String> notifiedSites(Handle h, long rolloutId) {
    return h.createQuery("SELECT DISTINCT site FROM rollout_notifications WHERE rollout_id = :id")
        .bind("id", rolloutId)
        .mapTo(String.class)
        .list();
  }

  static List<SubscriberRow> subscribers(Handle h, String site) {
    return h.createQuery(
            "SELECT contact, webhook_secret FROM rollout_subscribers WHERE site = :site"
                + " ORDER BY contact")
        .bind("site", site)
        .map(
            (rs, ctx) ->
                new SubscriberRow(
                    rs.getString("contact"), Optional.ofNullable(rs.getString("webhook_secret"))))
        .list();
  }

  private static final String ROLLOUT_SELECT =
      "SELECT id, release_id, release_version, release_counter, release_target, hardware_id,"
          + " strategy, plan, success_threshold, failure_threshold, max_failures,"
          + " wave_timeout_ms, soak_ms, state, current_wave, wave_started_at,"
          + " acknowledged_failures, pause_reason, created_at, created_by, updated_at,"
          + " finished_at FROM rollouts";

  private static final String DEVICE_SELECT =
      "SELECT rollout_id, serial, wave, position, site, state, detail, assigned_at, updated_at"
          + " FROM rollout_devices";

  private static RolloutRow rolloutRow(ResultSet rs, StatementContext ctx) throws SQLException {
    RolloutPlan plan =
        RolloutPlan.stored(
            rs.getString("strategy"),
            rs.getString("plan"),
            rs.getInt("success_threshold"),
            rs.getInt("failure_threshold"),
            rs.getInt("max_failures"),
            Duration.ofMillis(rs.getLong("wave_timeout_ms")),
            Duration.ofMillis(rs.getLong("soak_ms")));
    return new RolloutRow(
        rs.getLong("id"),
        rs.getLong("release_id"),
        rs.getString("release_version"),
        rs.getLong("release_counter"),
        rs.getString("release_target"),
        rs.getString("hardware_id"),
        plan,
        RolloutState.valueOf(rs.getString("state")),
        rs.getInt("current_wave"),
        instant(rs, "wave_started_at").orElseThrow(),
        rs.getInt("acknowledged_failures"),
        Optional.ofNullable(rs.getString("pause_reason")),
        instant(rs, "created_at").orElseThrow(),
        rs.getString("created_by"),
        instant(rs, "updated_at").orElseThrow(),
        instant(rs, "finished_at"));
  }

  private static DeviceRow deviceRow(ResultSet rs, StatementContext ctx) throws SQLException {
    return new DeviceRow(
        rs.getLong("rollout_id"),
        rs.getString("serial"),
        rs.getInt("wave"),
        rs.getInt("position"),
        rs.getString("site"),
        RolloutDeviceState.stored(rs.getString("state")),
        rs.getString("detail"),
        instant(rs, "assigned_at"),
        instant(rs, "updated_at").orElseThrow());
  }

  private static Optional<Instant> instant(ResultSet rs, String column) throws SQLException {
    long millis = rs.getLong(column);
    return rs.wasNull() ? Optional.empty() : Optional.of(Instant.ofEpochMilli(millis));
  }
}
