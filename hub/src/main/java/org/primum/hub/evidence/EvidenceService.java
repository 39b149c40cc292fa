package org.primum.hub.evidence;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Jdbi;
import org.primum.core.crypto.Ed25519KeyPair;
import org.primum.core.crypto.Pem;
import org.primum.core.crypto.SecretAccess;
import org.primum.core.evidence.EvidenceEntry;
import org.primum.core.evidence.EvidenceReceipt;
import org.primum.core.evidence.EvidenceRejection;
import org.primum.core.evidence.EvidenceUpload;
import org.primum.core.files.SecureFiles;
import org.primum.core.formats.Checkpoint;
import org.primum.core.formats.NoteRejection;
import org.primum.core.formats.NoteVerifierKey;
import org.primum.core.formats.SignedNote;
import org.primum.core.merkle.CompactRange;
import org.primum.core.merkle.MerkleHashes;
import org.primum.core.merkle.MerkleProofRejection;
import org.primum.core.merkle.MerkleProofs;
import org.primum.hub.audit.AuditLog;
import org.primum.hub.web.Principal;

/**
 * The hub as witness of every device's evidence log: it accepts new entries only with a checkpoint
 * signed by the device's evidence key that is consistent with what it already holds, keeps them,
 * and answers with a receipt signed by its own key.
 *
 * <p>Security guarantees: nothing stored is ever overwritten. A checkpoint that forks the log (same
 * size, other root; or no valid consistency proof), rolls it back (smaller than held), replays an
 * older one, is signed by another key, names another log, or whose entries do not hash to its root
 * is refused and recorded as an integrity incident, with the held and the presented checkpoints
 * kept as proof. Monotonic time going backwards within a boot is recorded as an incident too, but
 * the signed, consistent entries are kept (nothing is lost).
 */
public final class EvidenceService implements AutoCloseable {
  /** The name of the hub's receipt key (c2sp.org/signed-note key name). */
  public static final String RECEIPT_KEY_NAME = "primum.hub/evidence-receipts";

  private final EvidenceStore store;
  private final Ed25519KeyPair receiptKey;
  private final NoteVerifierKey receiptVerifier;
  private final AuditLog audit;
  private final Clock clock;

  private final EvidenceExports exports;

  /**
   * @param dataDir exported bundles are kept under {@code <data>/exports}
   */
  public EvidenceService(
      Jdbi jdbi, Ed25519KeyPair receiptKey, AuditLog audit, Clock clock, Path dataDir) {
    this.store = new EvidenceStore(jdbi);
    this.receiptKey = Objects.requireNonNull(receiptKey, "receiptKey");
    this.receiptVerifier = NoteVerifierKey.of(RECEIPT_KEY_NAME, receiptKey.publicKey());
    this.audit = Objects.requireNonNull(audit, "audit");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.exports =
        new EvidenceExports(store, receiptKey, receiptVerifier.text(), audit, clock, dataDir);
    store.backfillDeviceMillis();
  }

  /** Evidence bundle exports. */
  public EvidenceExports exports() {
    return exports;
  }

  /** Loads the hub's receipt key from {@code <data>/keys/hub-evidence.pem}, creating it once. */
  public static Ed25519KeyPair loadOrCreateKey(Path dataDir, SecureRandom random)
      throws IOException {
    Path keys = SecureFiles.ownerOnlyDirectory(dataDir.resolve("keys"));
    Path file = keys.resolve("hub-evidence.pem");
    return SecureFiles.withLock(
        keys.resolve(".lock"),
        () -> {
          if (Files.exists(file)) {
            try {
              return Ed25519KeyPair.fromPem(
                  new String(SecureFiles.readSecret(file), StandardCharsets.US_ASCII));
            } catch (Pem.PemRejection e) {
              throw new IOException("the key file " + file + " is damaged: " + e.getMessage(), e);
            }
          }
          Ed25519KeyPair key = Ed25519KeyPair.generate(random);
          SecureFiles.writeSecret(
              file, key.toPem(SecretAccess.insecure()).getBytes(StandardCharsets.US_ASCII));
          return key;
        });
  }

  /** The key that verifies this hub's receipts. */
  public NoteVerifierKey receiptKey() {
    return receiptVerifier;
  }

  /** The origin a device's evidence log must have. */
  public static String originOf(String serial) {
    return "primum.evidence/" + serial;
  }

  /** An accepted upload: the signed receipt and the size it covers. */
  public record Accepted(String receipt, long size) {}

  /**
   * Verifies and stores an upload from {@code device}.
   *
   * @throws EvidenceRefusal for bad input, a size the device must correct, or an integrity incident
   */
  public Accepted ingest(Principal.Device device, EvidenceUpload upload, String source)
      throws EvidenceRefusal {
    String serial = device.serial();
    String origin = originOf(serial);
    Optional<EvidenceStore.LogRow> held = store.log(serial);
    String heldNote = held.map(EvidenceStore.LogRow::checkpoint).orElse("");

    NoteVerifierKey key = deviceKey(serial, upload, held, origin, source);
    Checkpoint checkpoint;
    try {
      SignedNote note = SignedNote.parse(upload.checkpoint());
      checkpoint = Checkpoint.parse(note.verify(List.of(key)).text());
    } catch (NoteRejection e) {
      if (held.isPresent() && "note-untrusted".equals(e.code())) {
        throw incident(
            serial,
            "wrong-key",
            "the checkpoint is not signed by this device's evidence key",
            heldNote,
            upload.checkpoint(),
            source);
      }
      throw EvidenceRefusal.badInput(
          "bad-checkpoint", "unreadable or unverifiable checkpoint: " + e.getMessage());
    }
    if (!checkpoint.origin().equals(origin)) {
      throw incident(
          serial,
          "wrong-origin",
          "the checkpoint names the log " + checkpoint.origin() + ", expected " + origin,
          heldNote,
          upload.checkpoint(),
          source);
    }

    long heldSize = held.map(EvidenceStore.LogRow::size).orElse(0L);
    byte[] heldRoot =
        held.map(h -> Base64.getDecoder().decode(h.rootHash())).orElse(MerkleHashes.emptyRoot());
    // Rollback, replay and fork against what the hub already holds (RFC 9162 §2.1.4).
    if (checkpoint.size() < heldSize) {
      throw incident(
          serial,
          "rollback",
          String.format(
              Locale.ROOT,
              "the checkpoint covers %d entries; the hub already holds %d (an old checkpoint replayed, or the log rolled back)",
              checkpoint.size(),
              heldSize),
          heldNote,
          upload.checkpoint(),
          source);
    }
    if (checkpoint.size() == heldSize) {
      if (!Arrays.equals(checkpoint.rootHash(), heldRoot)) {
        throw incident(
            serial,
            "fork",
            "two different roots for the same size: the log forked",
            heldNote,
            upload.checkpoint(),
            source);
      }
      if (!upload.entries().isEmpty()) {
        throw EvidenceRefusal.badInput(
            "unexpected-entries", "the checkpoint covers no new entries, but entries were sent");
      }
      // Nothing new: answer with the receipt already issued (idempotent).
      return new Accepted(
          store.receipt(serial, heldSize).orElseGet(() -> issueReceipt(origin, heldSize, heldRoot)),
          heldSize);
    }
    if (upload.fromSize() != heldSize) {
      throw new EvidenceRefusal(
          409,
          "from-size",
          "the hub holds " + heldSize + " entries of this log; upload from there",
          Optional.empty(),
          Optional.of(heldSize));
    }
    if (heldSize > 0) {
      try {
        MerkleProofs.verifyConsistency(
            heldSize,
            checkpoint.size(),
            decodeProof(upload.consistencyProof()),
            heldRoot,
            checkpoint.rootHash());
      } catch (MerkleProofRejection e) {
        throw incident(
            serial,
            "inconsistent",
            "the new checkpoint is not consistent with the one held (" + e.getMessage() + ")",
            heldNote,
            upload.checkpoint(),
            source);
      }
    }
    long expected = checkpoint.size() - heldSize;
    if (upload.entries().size() != expected) {
      throw EvidenceRefusal.badInput(
          "entry-count",
          String.format(
              Locale.ROOT,
              "the checkpoint adds %d entries, the upload carries %d",
              expected,
              upload.entries().size()));
    }

    Instant now = clock.instant();
    CompactRange frontier =
        held.map(h -> CompactRange.decode(h.size(), h.frontier())).orElse(CompactRange.empty());
    List<EvidenceStore.EntryRow> rows = new ArrayList<>();
    List<String> anomalies = new ArrayList<>();
    Optional<EvidenceStore.EntryRow> previous = store.lastEntry(serial);
    long lastBoot = previous.map(EvidenceStore.EntryRow::boot).orElse(-1L);
    long lastMonotonic = previous.map(p -> monotonicOf(p.entry())).orElse(-1L);
    for (int i = 0; i < upload.entries().size(); i++) {
      byte[] bytes;
      EvidenceEntry.Header entry;
      try {
        bytes = Base64.getDecoder().decode(upload.entries().get(i));
        entry = EvidenceEntry.decodeHeader(bytes);
      } catch (IllegalArgumentException | EvidenceRejection e) {
        throw EvidenceRefusal.badInput(
            "bad-entry",
            "entry " + (heldSize + i) + " is not a canonical evidence entry: " + e.getMessage());
      }
      if (entry.sequence() != heldSize + i) {
        throw incident(
            serial,
            "entry-sequence",
            String.format(
                Locale.ROOT,
                "expected entry %d, found entry %d (duplicated, missing or reordered)",
                heldSize + i,
                entry.sequence()),
            heldNote,
            upload.checkpoint(),
            source);
      }
      if (entry.boot() < lastBoot
          || (entry.boot() == lastBoot && entry.monotonicMicros() < lastMonotonic)) {
        anomalies.add(
            String.format(
                Locale.ROOT,
                "entry %d: time went backwards (boot %d, monotonic %d µs after boot %d, %d µs)",
                entry.sequence(),
                entry.boot(),
                entry.monotonicMicros(),
                lastBoot,
                lastMonotonic));
      }
      lastBoot = entry.boot();
      lastMonotonic = entry.monotonicMicros();
      byte[] leaf = MerkleHashes.leaf(bytes);
      frontier.append(leaf);
      rows.add(
          new EvidenceStore.EntryRow(
              entry.sequence(),
              Base64.getEncoder().encodeToString(leaf),
              entry.deviceTime(),
              entry.deviceMillis(),
              entry.boot(),
              entry.type(),
              entry.severity().name(),
              new String(bytes, StandardCharsets.UTF_8),
              now));
    }
    if (!Arrays.equals(frontier.root(), checkpoint.rootHash())) {
      throw incident(
          serial,
          "entries-mismatch",
          "the uploaded entries do not hash to the signed checkpoint's root",
          heldNote,
          upload.checkpoint(),
          source);
    }

    String root = Base64.getEncoder().encodeToString(checkpoint.rootHash());
    String receipt =
        new EvidenceReceipt(origin, checkpoint.size(), checkpoint.rootHash(), now)
            .sign(RECEIPT_KEY_NAME, receiptKey);
    boolean stored =
        store.store(
            new EvidenceStore.Write(
                held.isEmpty(),
                new EvidenceStore.LogRow(
                    serial,
                    origin,
                    key.text(),
                    checkpoint.size(),
                    root,
                    upload.checkpoint(),
                    frontier.encode(),
                    "OK",
                    now),
                heldSize,
                rows,
                receipt,
                now));
    if (!stored) {
      throw new EvidenceRefusal(
          409,
          "concurrent-upload",
          "another upload of this log was stored first; retry",
          Optional.empty(),
          Optional.empty());
    }
    for (String anomaly : anomalies) {
      incident(
          serial,
          "timestamps-backwards",
          anomaly + "; the entries were kept",
          heldNote,
          upload.checkpoint(),
          source);
    }
    return new Accepted(receipt, checkpoint.size());
  }

  private NoteVerifierKey deviceKey(
      String serial,
      EvidenceUpload upload,
      Optional<EvidenceStore.LogRow> held,
      String origin,
      String source)
      throws EvidenceRefusal {
    try {
      NoteVerifierKey presented = NoteVerifierKey.parse(upload.evidenceKey());
      if (held.isPresent()) {
        NoteVerifierKey registered = NoteVerifierKey.parse(held.get().verifierKey());
        if (!registered.text().equals(presented.text())) {
          throw incident(
              serial,
              "wrong-key",
              "the device presents another evidence key than the one registered at its first upload",
              held.get().checkpoint(),
              upload.checkpoint(),
              source);
        }
        return registered;
      }
      if (!presented.name().equals(origin)) {
        throw EvidenceRefusal.badInput("bad-key", "the evidence key must be named " + origin);
      }
      return presented;
    } catch (NoteRejection e) {
      throw EvidenceRefusal.badInput("bad-key", "unreadable evidence key: " + e.getMessage());
    }
  }

  private String issueReceipt(String origin, long size, byte[] root) {
    return new EvidenceReceipt(origin, size, root, clock.instant())
        .sign(RECEIPT_KEY_NAME, receiptKey);
  }

  private EvidenceRefusal incident(
      String serial, String kind, String detail, String held, String presented, String source) {
    long id =
        store.insertIncident(
            serial,
            new EvidenceStore.IncidentRow(
                0, clock.instant(), kind, detail, held, presented, source));
    audit.refused("device:" + serial, "evidence.incident", serial, kind + ": " + detail, source);
    return new EvidenceRefusal(
        409,
        "evidence-incident",
        "evidence integrity incident " + id + " (" + kind + "): " + detail,
        Optional.of(id),
        Optional.empty());
  }

  private static List<byte[]> decodeProof(List<String> proof) throws MerkleProofRejection {
    List<byte[]> out = new ArrayList<>();
    for (String hash : proof) {
      try {
        out.add(Base64.getDecoder().decode(hash));
      } catch (IllegalArgumentException e) {
        throw new MerkleProofRejection("bad-hash", "a proof hash is not base64");
      }
    }
    return out;
  }

  private static long monotonicOf(String entryJson) {
    try {
      return EvidenceEntry.decode(entryJson.getBytes(StandardCharsets.UTF_8)).monotonicMicros();
    } catch (EvidenceRejection e) {
      return -1;
    }
  }

  // ---------------------------------------------------------------- views

  /**
   * A device's witnessed log.
   *
   * @param lastReceiptSize the size the newest receipt covers (0 if none)
   * @param lastReceiptAt when the newest receipt was issued (null if none)
   * @param gaps how many gap records the device logged (entries its full storage could not keep)
   */
  public record LogView(
      String origin,
      long size,
      String rootHash,
      String checkpoint,
      String integrity,
      Instant updatedAt,
      String verifierKey,
      long lastReceiptSize,
      Instant lastReceiptAt,
      long gaps) {}

  /**
   * What the timeline shows: a type prefix, a severity (both "" for any) and a device-time window.
   */
  public record Filter(
      String typePrefix, String severity, Optional<Instant> from, Optional<Instant> to) {
    public Filter {
      typePrefix = Objects.requireNonNullElse(typePrefix, "");
      severity = Objects.requireNonNullElse(severity, "");
      from = Objects.requireNonNullElse(from, Optional.empty());
      to = Objects.requireNonNullElse(to, Optional.empty());
    }

    public static Filter all() {
      return new Filter("", "", Optional.empty(), Optional.empty());
    }
  }

  public record EntryView(
      long sequence,
      String deviceTime,
      String type,
      String severity,
      String entry,
      Instant receivedAt) {}

  public record IncidentView(
      long id,
      Instant detectedAt,
      String kind,
      String detail,
      String heldCheckpoint,
      String presentedCheckpoint) {}

  public Optional<LogView> log(String serial) {
    var receipt = store.lastReceipt(serial);
    long gaps = store.gapCounts().getOrDefault(serial, 0L);
    return store
        .log(serial)
        .map(
            r ->
                new LogView(
                    r.origin(),
                    r.size(),
                    r.rootHash(),
                    r.checkpoint(),
                    r.integrity(),
                    r.updatedAt(),
                    r.verifierKey(),
                    receipt.map(Map.Entry::getKey).orElse(0L),
                    receipt.map(Map.Entry::getValue).orElse(null),
                    gaps));
  }

  public List<EntryView> entries(String serial, String typePrefix, String severity, int limit) {
    return entries(
        serial, new Filter(typePrefix, severity, Optional.empty(), Optional.empty()), limit);
  }

  /** The newest entries (at most {@code limit}, up to 1,000) that pass {@code filter}. */
  public List<EntryView> entries(String serial, Filter filter, int limit) {
    return store
        .entries(
            serial,
            filter.typePrefix(),
            filter.severity(),
            filter.from().map(Instant::toEpochMilli).orElse(Long.MIN_VALUE),
            filter.to().map(Instant::toEpochMilli).orElse(Long.MAX_VALUE),
            Math.max(1, Math.min(limit, 1000)))
        .stream()
        .map(
            r ->
                new EntryView(
                    r.sequence(),
                    r.deviceTime(),
                    r.type(),
                    r.severity(),
                    r.entry(),
                    r.receivedAt()))
        .toList();
  }

  public List<IncidentView> incidents(String serial) {
    return store.incidents(serial).stream()
        .map(
            r ->
                new IncidentView(
                    r.id(),
                    r.detectedAt(),
                    r.kind(),
                    r.detail(),
                    r.heldCheckpoint(),
                    r.presentedCheckpoint()))
        .toList();
  }

  /**
   * "size · OK" or "size · INCIDENT" per device serial, for the fleet table, with the number of gap
   * records when there are any.
   */
  public Map<String, String> summaries() {
    Map<String, Long> gaps = store.gapCounts();
    return store.logs().values().stream()
        .collect(
            Collectors.toMap(
                EvidenceStore.LogRow::deviceSerial,
                r ->
                    r.size()
                        + " · "
                        + r.integrity()
                        + (gaps.containsKey(r.deviceSerial())
                            ? " · " + gaps.get(r.deviceSerial()) + " gap(s)"
                            : "")));
  }

  /** Finishes the writes in progress. */
  @Override
  public void close() {
    store.close();
  }
}
