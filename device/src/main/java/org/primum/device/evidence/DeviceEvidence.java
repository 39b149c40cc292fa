package org.primum.device.evidence;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Optional;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.primum.core.crypto.Ed25519KeyPair;
import org.primum.core.evidence.Severity;
import org.primum.core.formats.AlarmPriority;
import org.primum.core.formats.StatusReport;
import org.primum.device.link.HubLink;

/**
 * A device's evidence capture as the rest of the device sees it: {@link #record} never blocks and
 * never throws (therapy must not wait for evidence), uploads go to the hub when the link allows,
 * and a log that cannot be trusted becomes a visible alarm instead of a silent failure.
 */
public final class DeviceEvidence implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(DeviceEvidence.class.getName());

  private final EvidenceLog log;
  private final EvidenceUploader uploader;
  private final String problem;
  private volatile EvidenceUploader.Outcome lastUpload = EvidenceUploader.Outcome.UP_TO_DATE;

  private DeviceEvidence(EvidenceLog log, EvidenceUploader uploader, String problem) {
    this.log = log;
    this.uploader = uploader;
    this.problem = problem;
  }

  /**
   * Opens the evidence log under {@code <data>/evidence}. A log that was tampered with is not
   * opened: the result then records nothing and reports a high-priority alarm, and the files stay
   * untouched as evidence.
   */
  public static DeviceEvidence open(
      Path dataDir,
      String serial,
      Clock clock,
      LongSupplier monotonicMicros,
      long boot,
      SecureRandom random,
      Supplier<HubLink> link) {
    EvidenceLog.Options defaults = EvidenceLog.Options.defaults(Path.of("."), "-");
    return open(
        dataDir,
        serial,
        clock,
        monotonicMicros,
        boot,
        random,
        link,
        defaults.segmentBytes(),
        defaults.maxBytes());
  }

  /** As {@link #open(Path, String, Clock, LongSupplier, long, SecureRandom, Supplier)}, sized. */
  public static DeviceEvidence open(
      Path dataDir,
      String serial,
      Clock clock,
      LongSupplier monotonicMicros,
      long boot,
      SecureRandom random,
      Supplier<HubLink> link,
      long segmentBytes,
      long maxBytes) {
    Path dir = dataDir.resolve("evidence");
    try {
      Ed25519KeyPair key = EvidenceKeys.loadOrCreate(dir, random);
      EvidenceLog log =
          EvidenceLog.open(
              new EvidenceLog.Options(
                  dir, "primum.evidence/" + serial, segmentBytes, 4096, maxBytes),
              key,
              clock,
              monotonicMicros,
              boot);
      DeviceEvidence evidence =
          new DeviceEvidence(log, new EvidenceUploader(log, link, serial, dir), "");
      EvidenceLog.Recovery recovery = log.recovery();
      ObjectNode opened = JsonNodeFactory.instance.objectNode();
      opened.put("message", "evidence log opened");
      opened.put("entries", recovery.entries());
      opened.put("firstHeld", recovery.firstHeld());
      opened.put("tornBytesCut", recovery.tornBytesCut());
      opened.put("unacknowledgedEntriesCut", recovery.unacknowledgedEntriesCut());
      evidence.record(
          "evidence.log.opened",
          recovery.tornBytesCut() > 0 ? Severity.WARNING : Severity.INFO,
          opened);
      return evidence;
    } catch (EvidenceTampered e) {
      LOG.log(Level.ERROR, "the evidence log was tampered with: {0}", e.getMessage());
      return new DeviceEvidence(null, null, "evidence log tampered: " + e.getMessage());
    } catch (IOException | RuntimeException e) {
      LOG.log(Level.ERROR, "the evidence log cannot be opened: {0}", e.getMessage());
      return new DeviceEvidence(null, null, "evidence log unavailable: " + e.getMessage());
    }
  }

  /** Records an event without waiting; failures are logged, never thrown. */
  public void record(String type, Severity severity, ObjectNode payload) {
    if (log == null) {
      return;
    }
    log.offer(type, severity, payload)
        .whenComplete(
            (sequence, failure) -> {
              if (failure != null && !(failure instanceof EvidenceStorageFull)) {
                LOG.log(
                    Level.WARNING,
                    "evidence entry {0} not recorded: {1}",
                    type,
                    failure.getMessage());
              }
            });
  }

  /** Records a short message event. */
  public void record(String type, Severity severity, String message) {
    record(type, severity, JsonNodeFactory.instance.objectNode().put("message", message));
  }

  /** Sends what the hub has not witnessed yet. */
  public EvidenceUploader.Outcome upload() {
    if (uploader == null) {
      return EvidenceUploader.Outcome.RETRY;
    }
    lastUpload = uploader.uploadAll();
    return lastUpload;
  }

  /** The log, when it could be opened. */
  public Optional<EvidenceLog> log() {
    return Optional.ofNullable(log);
  }

  public Optional<EvidenceUploader> uploader() {
    return Optional.ofNullable(uploader);
  }

  /** An alarm for the status report when evidence capture needs attention. */
  public Optional<StatusReport.Alarm> alarm() {
    if (log == null) {
      return Optional.of(
          new StatusReport.Alarm(
              "EVIDENCE_LOG_UNTRUSTED", AlarmPriority.HIGH, abbreviate(problem)));
    }
    if (log.storageFull()) {
      return Optional.of(
          new StatusReport.Alarm(
              "EVIDENCE_STORAGE_FULL",
              AlarmPriority.MEDIUM,
              abbreviate(
                  "evidence storage is full of events the hub has not witnessed: "
                      + log.droppedSinceFull()
                      + " event(s) summarised in a signed gap record; therapy continues")));
    }
    if (uploader != null && !uploader.divergence().isEmpty()) {
      return Optional.of(
          new StatusReport.Alarm(
              "EVIDENCE_INTEGRITY_INCIDENT",
              AlarmPriority.MEDIUM,
              abbreviate("this device's evidence log diverged: " + uploader.divergence())));
    }
    if (lastUpload == EvidenceUploader.Outcome.INCIDENT) {
      return Optional.of(
          new StatusReport.Alarm(
              "EVIDENCE_INTEGRITY_INCIDENT",
              AlarmPriority.MEDIUM,
              abbreviate("the hub refused this device's evidence: " + uploader.lastProblem())));
    }
    return Optional.empty();
  }

  private static String abbreviate(String text) {
    String line = text.replace('\n', ' ');
    return line.length() > 190 ? line.substring(0, 190) + "…" : line;
  }

  @Override
  public void close() {
    if (log != null) {
      log.close();
    }
  }
}
