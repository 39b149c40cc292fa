package org.primum.pump.update;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import org.primum.core.evidence.Severity;
import org.primum.core.tuf.TufRejection;
import org.primum.device.update.UpdateClient;
import org.primum.device.update.VerifiedTarget;
import org.primum.device.update.ab.UpdatePhase;
import org.primum.device.update.ab.UpdateStatus;
import org.primum.device.update.ab.Updater;
import org.primum.pump.ReferencePump;
import org.primum.pump.therapy.InfusionPump;

/**
 * The pump updater's source, and its offline side: the hub (online), or, from the moment a biomed
 * technician applies an offline bundle until its release is installed, rolled back or refused, the
 * bundle staged in the pump ({@link OfflineBundle}) through the kit's offline client. Switched only
 * between update cycles, by {@link PumpUpdates} on the updater's thread; {@link #apply} and {@link
 * #afterCycle} are serialised, so each bundle's outcome is reported once.
 *
 * <p>Security guarantees: a bundle's release reaches a slot only through {@link UpdateClient#check}
 * and {@link UpdateClient#download} against the pump's own trusted state (roots provisioned at
 * manufacture, never one from the bundle), with the freshness window of {@link
 * OfflineBundle.Settings}; any expired metadata in a bundle is refused as stale; a file missing
 * from the staged copy is a refusal, not a retry.
 *
 * <p>Evidence: {@code update.bundle.received}, then the updater's own {@code update.*} events
 * (marked {@code "source": "offline-bundle"} by {@link PumpUpdates}), then one closing event:
 * {@code update.bundle.staged} (waiting for therapy to end; closed later), {@code
 * update.bundle.installed}, {@code update.bundle.rolled-back}, {@code update.bundle.current} or
 * {@code update.bundle.refused} (with its code).
 */
final class OfflineUpdates implements Updater.Source {
  /** Marks the evidence of updates that came from an offline bundle. */
  static final String SOURCE = "offline-bundle";

  private final Updater.Source online;
  private final Path trustDir;
  private final String serial;
  private final Clock clock;
  private final OfflineBundle.Settings settings;
  private final Consumer<InfusionPump.Event> recorder;
  private volatile Updater.Source offline;
  private volatile OfflineBundle staged;
  private volatile String lastRefusalCode = "";
  private volatile String outcome = "";

  OfflineUpdates(
      Updater.Source online,
      Path trustDir,
      String serial,
      Clock clock,
      OfflineBundle.Settings settings,
      Consumer<InfusionPump.Event> recorder) {
    this.online = Objects.requireNonNull(online);
    this.trustDir = trustDir;
    this.serial = serial;
    this.clock = clock;
    this.settings = Objects.requireNonNull(settings);
    this.recorder = recorder;
  }

  @Override
  public Optional<VerifiedTarget> check(long installedCounter) throws TufRejection, IOException {
    Updater.Source current = offline;
    return (current != null ? current : online).check(installedCounter);
  }

  @Override
  public void download(VerifiedTarget target, Path file) throws TufRejection, IOException {
    Updater.Source current = offline;
    (current != null ? current : online).download(target, file);
  }

  /** Whether a staged bundle is the source now. */
  boolean active() {
    return offline != null;
  }

  /** What became of the last bundle applied here, for the screen (empty before the first). */
  String outcome() {
    return outcome;
  }

  /** A bundle staged before a restart is the source again (and verified again) from now on. */
  void resumeStaged() {
    OfflineBundle.staged(stagingDir())
        .ifPresent(
            bundle -> {
              arm(bundle);
              outcome = "a bundle staged before the restart is verified again at the next check";
            });
  }

  /**
   * Stages {@code bundle}, makes it the source, runs one cycle of {@code updater} and reports the
   * outcome. Call on the updater's thread.
   *
   * @return what the console shows
   */
  synchronized String apply(Path bundle, String user, Updater updater) {
    ObjectNode received = JsonNodeFactory.instance.objectNode();
    received.put("message", "offline update bundle received from " + bundle + " by " + user);
    received.put("bundle", bundle.toString());
    received.put("user", user);
    received.put("source", SOURCE);
    recorder.accept(new InfusionPump.Event("update.bundle.received", Severity.INFO, received));
    OfflineBundle copy;
    try {
      copy = OfflineBundle.stage(bundle, trustDir, stagingDir(), settings);
    } catch (OfflineBundle.BundleRejection e) {
      return refused(e.code(), e.getMessage(), null, updater);
    } catch (IOException | RuntimeException e) {
      return refused(
          "bundle-unreadable", "the bundle could not be read: " + e.getMessage(), null, updater);
    }
    arm(copy);
    return conclude(updater.runOnce(), true, updater);
  }

  /**
   * After a scheduled cycle: a staged bundle that was waiting for therapy to end may have ended.
   */
  synchronized void afterCycle(UpdateStatus after, Updater updater) {
    if (staged != null) {
      conclude(after, false, updater);
    }
  }

  private Path stagingDir() {
    return trustDir.resolve("offline-bundle");
  }

  /** Makes a staged bundle the source until its release installed or was refused. */
  private void arm(OfflineBundle bundle) {
    UpdateClient client =
        bundle.client(trustDir, serial, ReferencePump.HARDWARE_ID, clock, settings);
    Duration window = settings.freshnessWindow();
    lastRefusalCode = "";
    staged = bundle;
    offline =
        new Updater.Source() {
          @Override
          public Optional<VerifiedTarget> check(long installedCounter) throws TufRejection {
            try {
              return client.check(installedCounter);
            } catch (TufRejection.Expired e) {
              // Any metadata of a bundle expired: the bundle is older than it may be.
              throw remembered(
                  new TufRejection.StaleBundle(
                      String.format(
                          Locale.ROOT,
                          "stale offline bundle: %s; this pump takes a bundle for at most %d days"
                              + " (its freshness window): write a new one",
                          e.getMessage(),
                          window.toDays())));
            } catch (TufRejection e) {
              throw remembered(e);
            } catch (IOException e) {
              throw remembered(incomplete(e));
            }
          }

          @Override
          public void download(VerifiedTarget target, Path file) throws TufRejection {
            try {
              client.download(target, file);
            } catch (TufRejection e) {
              throw remembered(e);
            } catch (IOException e) {
              throw remembered(incomplete(e));
            }
          }
        };
  }

  /** Keeps the reason's code for the console and the evidence (the updater reports the text). */
  private TufRejection remembered(TufRejection e) {
    lastRefusalCode = e.code();
    return e;
  }

  /**
   * A bundle is local: a file missing from it is a refusal to show, not a link to try again later.
   */
  private static TufRejection incomplete(IOException e) {
    return new TufRejection(
        "bundle-incomplete", "the offline bundle is incomplete or unreadable: " + e.getMessage());
  }

  /**
   * Reports how a cycle with a staged bundle ended (evidence, screen, console answer) and, once the
   * bundle's release installed or was refused, goes back to the online source.
   */
  private String conclude(UpdateStatus after, boolean applying, Updater updater) {
    String version = after.version();
    String running = updater.runningVersion();
    switch (after.phase()) {
      case HEALTHY -> {
        String text = "update " + version + " installed; health check passed; running " + running;
        end("update.bundle.installed", Severity.NOTICE, text, after, "", running);
        return "BUNDLE INSTALLED — " + text;
      }
      case ROLLED_BACK -> {
        String text = "update " + version + " installed but " + after.detail();
        end("update.bundle.rolled-back", Severity.WARNING, text, after, "", running);
        return "BUNDLE ROLLED BACK — " + text;
      }
      case REFUSED, FAILED -> {
        String code =
            after.phase() == UpdatePhase.FAILED || lastRefusalCode.isEmpty()
                ? "update-" + after.phase().name().toLowerCase(Locale.ROOT)
                : lastRefusalCode;
        return refused(code, after.detail(), after, updater);
      }
      case CURRENT -> {
        String text = "the bundle holds nothing newer for this pump; running " + running;
        end("update.bundle.current", Severity.INFO, text, after, "", running);
        return "BUNDLE VERIFIED — " + text;
      }
      default -> {
        if (!applying) {
          return ""; // still waiting for therapy to end (or resuming): nothing new to say
        }
        boolean waiting = after.phase() == UpdatePhase.WAITING_FOR_THERAPY;
        String text =
            waiting
                ? "update "
                    + version
                    + " verified and staged; it installs when no therapy runs ("
                    + after.detail()
                    + ")"
                : "update " + version + ": " + after.summary() + "; the next check continues";
        outcome =
            waiting
                ? "update " + version + " verified and staged: installs when no therapy runs"
                : text;
        event("update.bundle.staged", Severity.INFO, text, after, "", running);
        return "BUNDLE VERIFIED — " + text;
      }
    }
  }

  /**
   * A refusal: before staging ({@code status} null) a bundle staged earlier stays as it was;
   * otherwise the refused bundle is dropped.
   */
  private String refused(String code, String reason, UpdateStatus status, Updater updater) {
    String running = updater.runningVersion();
    String why = explanation(code).map(e -> e + ": " + reason).orElse(reason);
    if (status == null) {
      event("update.bundle.refused", Severity.WARNING, why, null, code, running);
    } else {
      end("update.bundle.refused", Severity.WARNING, why, status, code, running);
    }
    outcome = "refused (" + code + "): " + why;
    return "BUNDLE REFUSED (" + code + ") — " + why + "\n  nothing changed: running " + running;
  }

  /** What a verification refusal means for the technician, where the kit's text is technical. */
  private static Optional<String> explanation(String code) {
    return Optional.ofNullable(
        switch (code) {
          case "tuf-hash" ->
              "a file in the bundle is not what its signed metadata vouches for"
                  + " (altered after signing)";
          case "tuf-threshold" -> "not signed by the keys this pump trusts";
          case "tuf-rollback" -> "older than metadata this pump has already seen";
          case "tuf-release-rollback" -> "older than the software this pump has installed";
          case "tuf-wrong-hardware" -> "not for this pump's hardware";
          case "tuf-director-mismatch" ->
              "the assignment and the release in the bundle do not match";
          default -> null;
        });
  }

  /** The bundle's last event; the pump goes back to its online source and drops the copy. */
  private void end(
      String type,
      Severity severity,
      String message,
      UpdateStatus status,
      String code,
      String running) {
    event(type, severity, message, status, code, running);
    outcome = message;
    offline = null;
    OfflineBundle bundle = staged;
    staged = null;
    if (bundle != null) {
      try {
        bundle.discard();
      } catch (IOException e) {
        // Verified again (and refused or found current) after the next start: harmless.
      }
    }
  }

  private void event(
      String type,
      Severity severity,
      String message,
      UpdateStatus status,
      String code,
      String running) {
    ObjectNode payload = JsonNodeFactory.instance.objectNode();
    payload.put("message", message);
    payload.put("source", SOURCE);
    if (!code.isEmpty()) {
      payload.put("code", code);
    }
    if (status != null) {
      payload.put("phase", status.phase().name());
      payload.put("target", status.target());
      payload.put("version", status.version());
      payload.put("releaseCounter", status.releaseCounter());
    }
    payload.put("running", running);
    recorder.accept(new InfusionPump.Event(type, severity, payload));
  }
}
