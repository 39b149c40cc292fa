package org.primum.device.evidence;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import org.primum.core.evidence.EvidenceReceipt;
import org.primum.core.evidence.EvidenceRejection;
import org.primum.core.evidence.EvidenceUpload;
import org.primum.core.evidence.Severity;
import org.primum.core.files.SecureFiles;
import org.primum.core.formats.NoteRejection;
import org.primum.core.formats.NoteVerifierKey;
import org.primum.core.json.Json;
import org.primum.device.link.HubLink;

/**
 * Sends the evidence log to the hub: the entries the hub does not hold yet, a signed checkpoint
 * covering exactly them and a consistency proof from the hub's size. The hub answers with a receipt
 * signed by its evidence key, which the uploader checks and records in the log itself (mutual
 * witnessing) before it counts the entries as witnessed.
 *
 * <p>State: {@code <evidence dir>/witnessed} (the size the hub's last receipt covers) and {@code
 * <evidence dir>/hub-receipt-key} (the hub's receipt key, fetched once over the pinned TLS link).
 */
public final class EvidenceUploader {
  private static final System.Logger LOG = System.getLogger(EvidenceUploader.class.getName());

  /** Most entries sent in one upload. */
  static final int CHUNK = 1000;

  /** How an upload attempt ended. */
  public enum Outcome {
    /** The hub holds everything this device has logged. */
    UP_TO_DATE,
    /** The hub accepted a chunk and signed a receipt; more may follow. */
    WITNESSED,
    /** The hub or the network did not take it; try again later. */
    RETRY,
    /** The hub recorded an integrity incident about this log. */
    INCIDENT
  }

  private final EvidenceLog log;
  private final Supplier<HubLink> link;
  private final String serial;
  private final Path witnessedFile;
  private final Path keyFile;
  private final Path receiptFile;
  private volatile long witnessed;
  private volatile String lastProblem = "";
  private final String divergence;

  public EvidenceUploader(EvidenceLog log, Supplier<HubLink> link, String serial, Path evidenceDir)
      throws IOException {
    this.log = Objects.requireNonNull(log, "log");
    this.link = Objects.requireNonNull(link, "link");
    this.serial = Objects.requireNonNull(serial, "serial");
    this.witnessedFile = evidenceDir.resolve("witnessed");
    this.keyFile = evidenceDir.resolve("hub-receipt-key");
    this.receiptFile = evidenceDir.resolve("last-receipt");
    this.witnessed =
        Files.exists(witnessedFile)
            ? Long.parseLong(Files.readString(witnessedFile, StandardCharsets.US_ASCII).strip())
            : 0;
    this.divergence = findDivergence();
    if (divergence.isEmpty() && witnessed > 0 && Files.exists(receiptFile)) {
      log.witnessed(witnessed, Files.readString(receiptFile, StandardCharsets.UTF_8));
    } else if (!divergence.isEmpty()) {
      // Never reclaim on the strength of a receipt for another history: what is on disk now may be
      // the only trace of what happened.
      record("evidence.rollback-detected", divergence);
    }
  }

  /**
   * Why the log on disk is not the one the hub's last receipt covers (shorter than the receipt, or
   * a different root at the receipt's size: cut back, rolled back or rewritten), or empty text.
   */
  private String findDivergence() throws IOException {
    if (witnessed > log.size()) {
      return "the hub's last receipt covers "
          + witnessed
          + " entries but this log has only "
          + log.size()
          + " (storage cut back or rolled back)";
    }
    if (witnessed > 0
        && witnessed >= log.firstHeld()
        && Files.exists(receiptFile)
        && Files.exists(keyFile)) {
      try {
        EvidenceReceipt receipt =
            EvidenceReceipt.open(
                Files.readString(receiptFile, StandardCharsets.UTF_8), List.of(hubKey()));
        if (receipt.size() == witnessed
            && !Arrays.equals(receipt.rootHash(), log.root(witnessed))) {
          return "the log's first "
              + witnessed
              + " entries no longer hash to the root in the hub's last receipt (storage rewritten)";
        }
      } catch (NoteRejection | IOException e) {
        LOG.log(Level.WARNING, "the last hub receipt could not be checked: {0}", e.getMessage());
      }
    }
    return "";
  }

  /**
   * Why the log on disk is not the history the hub's last receipt covers (found when the log was
   * opened), or empty text.
   */
  public String divergence() {
    return divergence;
  }

  /** The size the hub's last verified receipt covers. */
  public long witnessedSize() {
    return witnessed;
  }

  /** Why the last attempt did not succeed, or empty text. */
  public String lastProblem() {
    return lastProblem;
  }

  /**
   * Uploads until the hub holds everything logged when the call began (receipt entries recorded on
   * the way go with the next upload).
   */
  public Outcome uploadAll() {
    long goal = log.size();
    Outcome outcome = Outcome.UP_TO_DATE;
    for (int round = 0; round < 1000 && witnessed < goal; round++) {
      outcome = uploadOnce();
      if (outcome != Outcome.WITNESSED) {
        return outcome;
      }
    }
    return outcome;
  }

  /** Uploads at most one chunk. */
  public Outcome uploadOnce() {
    long from = witnessed;
    long size = log.size();
    if (!divergence.isEmpty()) {
      return reportDivergence(size);
    }
    if (size <= from) {
      return Outcome.UP_TO_DATE;
    }
    long target = Math.min(size, from + CHUNK);
    if (from < log.firstHeld()) {
      // The hub asked for entries this device reclaimed after an earlier receipt covered them.
      lastProblem =
          "the hub no longer holds entries "
              + from
              + " to "
              + log.firstHeld()
              + ", which it witnessed before this device reclaimed them";
      record("evidence.hub-lost-witnessed", lastProblem);
      return Outcome.INCIDENT;
    }
    try {
      if (onlyReceipts(from, size)) {
        // Receipts of receipts would never end: they travel with the next real event.
        return Outcome.UP_TO_DATE;
      }
      NoteVerifierKey hubKey = hubKey();
      List<String> entries = new ArrayList<>();
      for (long i = from; i < target; i++) {
        entries.add(Base64.getEncoder().encodeToString(log.entryBytes(i)));
      }
      List<String> proof =
          from == 0
              ? List.of()
              : log.consistencyProof(from, target).stream()
                  .map(Base64.getEncoder()::encodeToString)
                  .toList();
      EvidenceUpload upload =
          new EvidenceUpload(
              log.signedCheckpointAt(target), from, proof, entries, log.verifierKey().text());
      HubLink.Response response =
          link.get()
              .post(
                  "/api/v1/devices/" + serial + "/evidence",
                  "application/json",
                  Json.write(upload),
                  Map.of());
      JsonNode body = Json.readTree(response.body());
      if (response.status() == 200) {
        EvidenceReceipt receipt =
            EvidenceReceipt.open(body.path("receipt").asText(), List.of(hubKey));
        if (!receipt.logOrigin().equals(log.origin())
            || receipt.size() != target
            || !Arrays.equals(receipt.rootHash(), log.root(target))) {
          lastProblem = "the hub's receipt does not match what was sent";
          return Outcome.RETRY;
        }
        String note = body.path("receipt").asText();
        SecureFiles.writePublic(receiptFile, note.getBytes(StandardCharsets.UTF_8));
        setWitnessed(target);
        log.witnessed(target, note);
        ObjectNode payload = JsonNodeFactory.instance.objectNode();
        payload.put("size", target);
        payload.put("root", Base64.getEncoder().encodeToString(receipt.rootHash()));
        payload.put("receipt", note);
        try {
          log.append("evidence.receipt", Severity.INFO, payload);
        } catch (EvidenceStorageFull full) {
          // counted in the gap record; the receipt itself is kept in last-receipt
        }
        lastProblem = "";
        return Outcome.WITNESSED;
      }
      lastProblem = "HTTP " + response.status() + ": " + body.path("message").asText();
      if (response.status() == 409 && body.has("hubSize")) {
        long hubSize = body.get("hubSize").asLong();
        if (hubSize > size) {
          record(
              "evidence.rollback-detected",
              "the hub holds " + hubSize + " entries but this log has only " + size);
          return Outcome.INCIDENT;
        }
        setWitnessed(hubSize);
        return Outcome.RETRY;
      }
      if (response.status() == 409 && body.has("incident")) {
        record("evidence.upload.incident", lastProblem);
        return Outcome.INCIDENT;
      }
      return Outcome.RETRY;
    } catch (IOException | NoteRejection | Json.JsonRejection | EvidenceRejection e) {
      lastProblem = e.getClass().getSimpleName() + ": " + e.getMessage();
      LOG.log(Level.DEBUG, "evidence upload did not complete: {0}", lastProblem);
      return Outcome.RETRY;
    }
  }

  /**
   * Shows the hub this log's current checkpoint, so the hub records the rollback or fork as an
   * integrity incident with both checkpoints kept; the device stays in INCIDENT until someone
   * investigates (nothing is uploaded on top of a history the hub never witnessed).
   */
  private Outcome reportDivergence(long size) {
    lastProblem = divergence;
    try {
      long shown = Math.min(size, witnessed);
      EvidenceUpload upload =
          new EvidenceUpload(
              log.signedCheckpointAt(shown), shown, List.of(), List.of(), log.verifierKey().text());
      HubLink.Response response =
          link.get()
              .post(
                  "/api/v1/devices/" + serial + "/evidence",
                  "application/json",
                  Json.write(upload),
                  Map.of());
      if (response.status() != 409) {
        LOG.log(
            Level.WARNING,
            "the hub answered HTTP {0} to a diverged evidence log",
            response.status());
      }
    } catch (IOException | RuntimeException e) {
      LOG.log(Level.DEBUG, "could not show the hub the diverged log: {0}", e.getMessage());
    }
    return Outcome.INCIDENT;
  }

  private boolean onlyReceipts(long from, long size) throws IOException {
    for (long i = from; i < size; i++) {
      String type = log.entry(i).type();
      if (!type.equals("evidence.receipt") && !type.equals("evidence.reclaimed")) {
        return false;
      }
    }
    return true;
  }

  private void record(String type, String message) {
    try {
      log.append(
          type, Severity.CRITICAL, JsonNodeFactory.instance.objectNode().put("message", message));
    } catch (IOException | EvidenceRejection e) {
      LOG.log(Level.ERROR, "could not record {0} in the evidence log", type);
    }
  }

  private void setWitnessed(long size) throws IOException {
    SecureFiles.writePublic(witnessedFile, (size + "\n").getBytes(StandardCharsets.US_ASCII));
    witnessed = size;
  }

  /** The hub's receipt key, fetched once over the pinned link and then kept. */
  private NoteVerifierKey hubKey() throws IOException, NoteRejection {
    if (Files.exists(keyFile)) {
      return NoteVerifierKey.parse(Files.readString(keyFile, StandardCharsets.US_ASCII));
    }
    HubLink.Response response = link.get().get("/api/v1/evidence/receipt-key", Map.of());
    if (!response.isSuccess()) {
      throw new IOException(
          "the hub did not give its receipt key (HTTP " + response.status() + ")");
    }
    NoteVerifierKey key = NoteVerifierKey.parse(response.bodyText());
    SecureFiles.writePublic(keyFile, (key.text() + "\n").getBytes(StandardCharsets.US_ASCII));
    return key;
  }
}
