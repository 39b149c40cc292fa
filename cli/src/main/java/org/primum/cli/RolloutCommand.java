package org.primum.cli;

import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.primum.core.crypto.SecretAccess;
import org.primum.hub.RolloutNotices;
import org.primum.hub.store.Database;
import org.primum.hub.updates.ReleaseLookup;
import org.primum.hub.updates.RolloutAdmin;
import org.primum.hub.updates.RolloutDetail;
import org.primum.hub.updates.RolloutDeviceState;
import org.primum.hub.updates.RolloutPlan;
import org.primum.hub.updates.RolloutRefusal;
import org.primum.hub.updates.RolloutSubscription;
import org.primum.hub.updates.RolloutSummary;
import org.primum.hub.updates.RolloutWindow;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code primum rollout}: staged rollouts of a published release, on the hub's machine. */
@Command(
    name = "rollout",
    mixinStandardHelpOptions = true,
    description = {
      "Roll a published release out to a hardware id's devices in waves (run on the hub's",
      "machine; the running hub makes the assignments within seconds). A wave advances only when",
      "its success rate holds; the rollout pauses itself when failures exceed the threshold."
    },
    subcommands = {
      RolloutCommand.Start.class,
      RolloutCommand.Pause.class,
      RolloutCommand.Resume.class,
      RolloutCommand.Abort.class,
      RolloutCommand.Status.class,
      RolloutCommand.Site.class,
      RolloutCommand.SitePolicy.class,
      RolloutCommand.Subscribe.class
    })
final class RolloutCommand implements Runnable {
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);

  @Override
  public void run() {
    System.err.println(
        "Use: primum rollout start|pause|resume|abort|status|site|site-policy|subscribe --data DIR");
  }

  /** The hub's published releases, read from its database (and its data directory's keys). */
  static ReleaseLookup releases(DataOptions data, Database database) {
    try {
      var audit = new org.primum.hub.audit.AuditLog(database.jdbi(), Clock.systemUTC());
      return org.primum.hub.updates.UpdateRepository.open(
          database.jdbi(),
          data.config().dataDir(),
          audit,
          Clock.systemUTC(),
          new java.security.SecureRandom(),
          org.primum.hub.updates.UpdateRepository.Settings.defaults(),
          // Only read here (releases for a rollout); nothing is published, so no fleet census.
          new org.primum.hub.supplychain.SupplyChain(
              database.jdbi(), audit, Clock.systemUTC(), java.util.List::of));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static RolloutAdmin open(DataOptions data) throws java.io.IOException {
    String actor = "cli:" + System.getProperty("user.name", "unknown");
    return RolloutAdmin.open(
        data.config(),
        Clock.systemUTC(),
        new java.security.SecureRandom(),
        actor,
        database -> releases(data, database),
        database -> RolloutNotices.of(database.jdbi(), data.config(), Clock.systemUTC()));
  }

  /** Runs an action, turning a refusal into its message and exit code 1 (2 for bad input). */
  private interface Action {
    int run(RolloutAdmin admin) throws RolloutRefusal;
  }

  private static int with(DataOptions data, Action action) throws java.io.IOException {
    try (RolloutAdmin admin = open(data)) {
      return action.run(admin);
    } catch (RolloutRefusal e) {
      System.err.println("Refused: " + e.getMessage());
      return e.kind() == RolloutRefusal.Kind.BAD_INPUT ? 2 : 1;
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      return 2;
    }
  }

  @Command(
      name = "start",
      mixinStandardHelpOptions = true,
      description =
          "Start a rollout of a published release to the active devices of a hardware id.")
  static final class Start implements Callable<Integer> {
    @Mixin DataOptions data;

    @Option(names = "--release", required = true, description = "The release version, e.g. 0.2.0.")
    String release;

    @Option(
        names = "--hardware",
        defaultValue = "rp-1",
        description = "Hardware id (default: ${DEFAULT-VALUE}).")
    String hardware;

    @Option(
        names = "--waves",
        description = "Cumulative percentages of the devices per wave (default: 1,10,50,100).")
    String waves;

    @Option(names = "--waves-by-site", description = "One wave per site, in order: Ward-A,Ward-B.")
    String wavesBySite;

    @Option(
        names = "--success-threshold",
        defaultValue = "95",
        description =
            "Percent of a wave that must end healthy to advance (default: ${DEFAULT-VALUE}).")
    int success;

    @Option(
        names = "--failure-threshold",
        defaultValue = "5",
        description =
            "Pause when failures and rollbacks exceed this percent of the wave (default:"
                + " ${DEFAULT-VALUE}; in a small wave one failure does).")
    int failure;

    @Option(
        names = "--max-failures",
        defaultValue = "0",
        description = "Also pause at this many failures in a wave (default: 0, no such limit).")
    int maxFailures;

    @Option(
        names = "--wave-timeout",
        defaultValue = "60",
        description = "Minutes after which a wave is judged even if devices have not finished.")
    long timeoutMinutes;

    @Option(
        names = "--soak",
        defaultValue = "0",
        description = "Minimum minutes each wave lasts before the next starts (default: 0).")
    long soakMinutes;

    @Override
    public Integer call() throws Exception {
      return with(
          data,
          admin -> {
            RolloutPlan plan =
                RolloutPlan.parse(Optional.ofNullable(waves), Optional.ofNullable(wavesBySite))
                    .withThresholds(success, failure, maxFailures)
                    .withTiming(
                        Duration.ofMinutes(timeoutMinutes), Duration.ofMinutes(soakMinutes));
            RolloutSummary started = admin.start(hardware, release, plan);
            System.out.println(started.id());
            System.err.printf(
                Locale.ROOT,
                "Rollout %d of %s %s started: %d devices in %d waves (%s). The running hub assigns"
                    + " wave 1 within seconds; follow it with: primum rollout status --id %d%n",
                started.id(),
                started.hardwareId(),
                started.releaseVersion(),
                started.devices(),
                started.waveCount(),
                plan.text(),
                started.id());
            return 0;
          });
    }
  }

  @Command(
      name = "pause",
      mixinStandardHelpOptions = true,
      description = "Pause a running rollout.")
  static final class Pause implements Callable<Integer> {
    @Mixin DataOptions data;

    @Option(names = "--id", required = true, description = "The rollout.")
    long id;

    @Option(names = "--reason", description = "Why (goes into the audit trail).")
    String reason;

    @Override
    public Integer call() throws Exception {
      return with(
          data,
          admin -> {
            admin.pause(id, reason);
            System.err.println("Rollout " + id + " paused: nothing new is assigned.");
            return 0;
          });
    }
  }

  @Command(
      name = "resume",
      mixinStandardHelpOptions = true,
      description = {
        "Resume a paused rollout. The failures seen so far in the current wave are acknowledged",
        "and no longer count against it; the wave's clock restarts."
      })
  static final class Resume implements Callable<Integer> {
    @Mixin DataOptions data;

    @Option(names = "--id", required = true, description = "The rollout.")
    long id;

    @Override
    public Integer call() throws Exception {
      return with(
          data,
          admin -> {
            admin.resume(id);
            System.err.println("Rollout " + id + " resumed.");
            return 0;
          });
    }
  }

  @Command(
      name = "abort",
      mixinStandardHelpOptions = true,
      description = {
        "Abort a rollout: devices not yet assigned leave it, and assignments not yet installing",
        "are withdrawn by the running hub. Devices already installing finish as usual."
      })
  static final class Abort implements Callable<Integer> {
    @Mixin DataOptions data;

    @Option(names = "--id", required = true, description = "The rollout.")
    long id;

    @Option(names = "--reason", description = "Why (goes into the audit trail).")
    String reason;

    @Override
    public Integer call() throws Exception {
      return with(
          data,
          admin -> {
            admin.abort(id, reason);
            System.err.println("Rollout " + id + " aborted; pending assignments are withdrawn.");
            return 0;
          });
    }
  }

  @Command(
      name = "status",
      mixinStandardHelpOptions = true,
      description = "List rollouts, or show one per wave and per device.")
  static final class Status implements Callable<Integer> {
    @Mixin DataOptions data;

    @Option(names = "--id", description = "One rollout in detail.")
    Long id;

    @Override
    public Integer call() throws Exception {
      return with(
          data,
          admin -> {
            if (id == null) {
              printList(System.out, admin.rollouts());
              return 0;
            }
            Optional<RolloutDetail> detail = admin.rollout(id);
            if (detail.isEmpty()) {
              System.err.println("No rollout " + id);
              return 1;
            }
            printDetail(System.out, detail.get());
            return 0;
          });
    }
  }

  @Command(
      name = "site",
      mixinStandardHelpOptions = true,
      description = "Record the site a device stands at (and, optionally, its hardware id).")
  static final class Site implements Callable<Integer> {
    @Mixin DataOptions data;

    @Option(names = "--serial", required = true, description = "The device.")
    String serial;

    @Option(names = "--site", required = true, description = "The site, e.g. Ward-A.")
    String site;

    @Option(
        names = "--hardware",
        description = "The device's hardware id (default: unchanged, rp-1).")
    String hardware;

    @Override
    public Integer call() throws Exception {
      return with(
          data,
          admin -> {
            admin.setSite(serial, site, Optional.ofNullable(hardware));
            System.err.println(serial + " is at site " + site + ".");
            return 0;
          });
    }
  }

  @Command(
      name = "site-policy",
      mixinStandardHelpOptions = true,
      description = {
        "Set a site's rules for every rollout: a daily maintenance window during which its",
        "devices may be assigned, and whether hospital staff must approve first."
      })
  static final class SitePolicy implements Callable<Integer> {
    @Mixin DataOptions data;

    @Option(names = "--site", required = true, description = "The site.")
    String site;

    @Option(
        names = "--window",
        description = "HH:MM-HH:MM local time, e.g. 02:00-04:00 (default: any time).")
    String window;

    @Option(
        names = "--zone",
        defaultValue = "UTC",
        description = "Time zone id of the window (default: ${DEFAULT-VALUE}).")
    String zone;

    @Option(
        names = "--approval-required",
        description = "Hospital staff (clinician / biomed viewer role) approve each rollout first.")
    boolean approvalRequired;

    @Override
    public Integer call() throws Exception {
      return with(
          data,
          admin -> {
            Optional<RolloutWindow> parsed =
                Optional.ofNullable(window).map(w -> RolloutWindow.parse(w, zone));
            admin.setSitePolicy(site, parsed, approvalRequired);
            System.err.println(
                "Site "
                    + site
                    + ": window "
                    + parsed.map(RolloutWindow::toString).orElse("any time")
                    + ", approval "
                    + (approvalRequired ? "required" : "not required")
                    + ".");
            return 0;
          });
    }
  }

  @Command(
      name = "subscribe",
      mixinStandardHelpOptions = true,
      description = {
        "Notify a contact when a rollout reaches a site: the running hub sends an e-mail, or a",
        "webhook signed with a secret shown once here (HMAC-SHA256, X-Primum-Signature-256),",
        "retrying with backoff; `rollout status --id N` shows each notification's delivery."
      })
  static final class Subscribe implements Callable<Integer> {
    @Mixin DataOptions data;

    @Option(names = "--site", required = true, description = "The site.")
    String site;

    @Option(
        names = "--contact",
        required = true,
        description = "An e-mail address or https:// webhook.")
    String contact;

    @Override
    public Integer call() throws Exception {
      return with(
          data,
          admin -> {
            RolloutSubscription subscription = admin.subscribe(site, contact);
            System.err.println(contact + " is subscribed to rollouts reaching " + site + ".");
            subscription
                .webhookSecret(SecretAccess.insecure())
                .ifPresent(
                    secret -> {
                      System.err.println(
                          "Webhook secret (shown only now; give it to the receiver, which checks"
                              + " X-Primum-Signature-256 of every notification with it):");
                      System.out.println(secret);
                    });
            return 0;
          });
    }
  }

  // ---------------------------------------------------------------- output

  static void printList(PrintStream out, List<RolloutSummary> rollouts) {
    if (rollouts.isEmpty()) {
      out.println("No rollouts.");
      return;
    }
    String format = "%-8s %-10s %-9s %-10s %-6s %8s %8s %8s  %s%n";
    out.printf(
        Locale.ROOT,
        format,
        "ROLLOUT",
        "RELEASE",
        "HARDWARE",
        "STATE",
        "WAVE",
        "DEVICES",
        "HEALTHY",
        "FAILED",
        "STARTED");
    for (RolloutSummary r : rollouts) {
      out.printf(
          Locale.ROOT,
          format,
          r.id(),
          r.releaseVersion(),
          r.hardwareId(),
          r.state(),
          r.currentWave() + "/" + r.waveCount(),
          r.devices(),
          r.count(RolloutDeviceState.HEALTHY),
          failures(r.counts()),
          TIME.format(r.createdAt()));
    }
  }

  static void printDetail(PrintStream out, RolloutDetail detail) {
    RolloutSummary r = detail.rollout();
    out.printf(
        Locale.ROOT,
        "Rollout %d: %s %s (release counter %d) — %s, wave %d of %d, %d devices%n",
        r.id(),
        r.hardwareId(),
        r.releaseVersion(),
        r.releaseCounter(),
        r.state(),
        r.currentWave(),
        r.waveCount(),
        r.devices());
    r.pauseReason()
        .ifPresent(reason -> out.println((r.state().isOpen() ? "PAUSED: " : "ENDED: ") + reason));
    out.printf(
        Locale.ROOT,
        "Waves %s; advance at >= %d %% healthy; pause when failures > %d %%%s%n",
        r.plan().text(),
        r.plan().successThreshold(),
        r.plan().failureThreshold(),
        r.plan().maxFailures() > 0 ? " or >= " + r.plan().maxFailures() : "");
    out.println();
    String waveFormat = "%-18s %7s %8s %9s %11s %9s %8s %11s %7s %10s%n";
    out.printf(
        Locale.ROOT,
        waveFormat,
        "WAVE",
        "DEVICES",
        "ASSIGNED",
        "DOWNLOAD",
        "THERAPY-WAIT",
        "INSTALLED",
        "HEALTHY",
        "ROLLED-BACK",
        "FAILED",
        "OUTCOME");
    for (RolloutDetail.Wave w : detail.waves()) {
      out.printf(
          Locale.ROOT,
          waveFormat,
          w.number() + " (" + w.label() + ")",
          w.devices(),
          w.count(RolloutDeviceState.ASSIGNED),
          w.count(RolloutDeviceState.DOWNLOADING) + w.count(RolloutDeviceState.DOWNLOADED),
          w.count(RolloutDeviceState.WAITING_FOR_THERAPY),
          w.count(RolloutDeviceState.INSTALLING) + w.count(RolloutDeviceState.INSTALLED),
          w.count(RolloutDeviceState.HEALTHY),
          w.count(RolloutDeviceState.ROLLED_BACK),
          w.count(RolloutDeviceState.FAILED) + w.count(RolloutDeviceState.REFUSED),
          w.outcome().orElse(w.startedAt().isPresent() ? "running" : "waiting"));
    }
    out.println();
    String deviceFormat = "%-16s %4s %-14s %-26s %s%n";
    out.printf(Locale.ROOT, deviceFormat, "DEVICE", "WAVE", "SITE", "STATE", "DETAIL");
    for (RolloutDetail.Device d : detail.devices()) {
      out.printf(
          Locale.ROOT, deviceFormat, d.serial(), d.wave(), d.site(), d.state().label(), d.detail());
    }
    if (!detail.notifications().isEmpty()) {
      out.println();
      out.println("Notifications (e-mail or signed webhook to the site's subscribers):");
      for (RolloutDetail.Notification n : detail.notifications()) {
        out.println(
            "  "
                + time(n.createdAt())
                + " "
                + n.site()
                + " → "
                + n.contact()
                + ": "
                + n.delivery().describe());
      }
    }
  }

  private static int failures(java.util.Map<RolloutDeviceState, Integer> counts) {
    return counts.getOrDefault(RolloutDeviceState.ROLLED_BACK, 0)
        + counts.getOrDefault(RolloutDeviceState.FAILED, 0)
        + counts.getOrDefault(RolloutDeviceState.REFUSED, 0);
  }

  private static String time(Instant at) {
    return TIME.format(at);
  }
}
