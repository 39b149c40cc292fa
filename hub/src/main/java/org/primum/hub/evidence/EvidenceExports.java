package org.primum.hub.evidence;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.primum.core.crypto.Ed25519KeyPair;
import org.primum.core.evidence.BundleRejection;
import org.primum.core.evidence.CustodyRecord;
import org.primum.core.evidence.EvidenceBundles;
import org.primum.core.files.SecureFiles;
import org.primum.core.formats.NoteRejection;
import org.primum.core.formats.NoteVerifierKey;
import org.primum.core.merkle.MerkleTree;
import org.primum.hub.audit.AuditLog;

/**
 * Exports evidence bundles: a device's entries in a time window, with the proofs that tie them to
 * the device's signed checkpoint and the hub's receipt, and a first chain-of-custody record
 * ("exported", by whom, why) signed by the hub. Every export is kept under {@code <data>/exports}
 * and recorded in the audit trail.
 */
public final class EvidenceExports {
  private final EvidenceStore store;
  private final Ed25519KeyPair hubKey;
  private final String hubKeyText;
  private final AuditLog audit;
  private final Clock clock;
  private final Path exportDir;

  EvidenceExports(
      EvidenceStore store,
      Ed25519KeyPair hubKey,
      String hubKeyText,
      AuditLog audit,
      Clock clock,
      Path dataDir) {
    this.store = store;
    this.hubKey = hubKey;
    this.hubKeyText = hubKeyText;
    this.audit = audit;
    this.clock = clock;
    this.exportDir = dataDir.resolve("exports");
  }

  /** A written bundle. */
  public record Exported(Path file, String contentDigest, long from, long to) {}

  /**
   * Writes a bundle of {@code serial}'s entries whose device time lies in the window (all entries
   * when a bound is absent).
   *
   * @throws IllegalArgumentException if the device has no witnessed evidence, the window is
   *     malformed or holds no entries, or the reason is empty
   */
  public Exported export(
      String serial,
      Optional<String> windowFrom,
      Optional<String> windowTo,
      String actor,
      String reason,
      String source)
      throws IOException {
    if (reason == null || reason.isBlank()) {
      throw new IllegalArgumentException(
          "an export needs a reason (it goes into the custody record)");
    }
    String why = reason.strip().replace('\n', ' ');
    Instant from = parse(windowFrom, Instant.MIN);
    Instant to = parse(windowTo, Instant.MAX);
    EvidenceStore.LogRow log =
        store
            .log(serial)
            .orElseThrow(
                () -> new IllegalArgumentException("the hub holds no evidence of " + serial));
    long size = log.size();
    List<EvidenceStore.EntryRow> all = store.range(serial, 0, size);
    long first = -1;
    long last = -1;
    for (EvidenceStore.EntryRow row : all) {
      Instant time = Instant.parse(row.deviceTime());
      if (!time.isBefore(from) && !time.isAfter(to)) {
        first = first < 0 ? row.sequence() : first;
        last = row.sequence();
      }
    }
    if (first < 0) {
      throw new IllegalArgumentException("no entries of " + serial + " fall in that window");
    }
    long rangeFrom = first;
    long rangeTo = last + 1;
    MerkleTree tree = new MerkleTree();
    for (String leaf : store.leafHashes(serial, size)) {
      tree.append(Base64.getDecoder().decode(leaf));
    }
    List<String> frontier = new ArrayList<>();
    for (byte[] root : leftFrontier(tree, rangeFrom)) {
      frontier.add(Base64.getEncoder().encodeToString(root));
    }
    List<String> consistency =
        rangeTo == size || rangeTo == 0
            ? List.of()
            : tree.consistencyProof(rangeTo, size).stream()
                .map(Base64.getEncoder()::encodeToString)
                .toList();
    String receipt =
        store
            .receipt(serial, size)
            .orElseThrow(
                () -> new IllegalStateException("no receipt for the held size of " + serial));
    Instant now = clock.instant();
    EvidenceBundles.Manifest manifest =
        new EvidenceBundles.Manifest(
            EvidenceBundles.FORMAT,
            serial,
            log.origin(),
            log.verifierKey(),
            hubKeyText,
            rangeFrom,
            rangeTo,
            frontier,
            log.checkpoint(),
            consistency,
            List.of(receipt),
            windowFrom.orElse(""),
            windowTo.orElse(""),
            now.toString());
    List<byte[]> entries = new ArrayList<>();
    for (EvidenceStore.EntryRow row : all.subList((int) rangeFrom, (int) rangeTo)) {
      entries.add(row.entry().getBytes(StandardCharsets.UTF_8));
    }
    SecureFiles.ownerOnlyDirectory(exportDir);
    Path file =
        exportDir.resolve(
            String.format(Locale.ROOT, "evidence-%s-%d.zip", serial, now.toEpochMilli()));
    String digest;
    try (OutputStream out = Files.newOutputStream(file)) {
      digest =
          EvidenceBundles.write(
              out,
              manifest,
              entries,
              contentDigest ->
                  List.of(
                      new CustodyRecord(
                              0,
                              "exported",
                              actor,
                              now,
                              contentDigest,
                              CustodyRecord.FIRST_PREVIOUS,
                              why)
                          .sign(EvidenceService.RECEIPT_KEY_NAME, hubKey)));
    }
    audit.ok(
        actor,
        "evidence.bundle.export",
        serial,
        String.format(
            Locale.ROOT,
            "entries %d-%d, content sha256:%s, reason: %s",
            rangeFrom,
            rangeTo - 1,
            digest,
            why),
        source);
    return new Exported(file, digest, rangeFrom, rangeTo);
  }

  /**
   * The compact range of the first {@code size} leaves: roots of the perfect subtrees, largest
   * first.
   */
  private static List<byte[]> leftFrontier(MerkleTree tree, long size) {
    List<byte[]> roots = new ArrayList<>();
    long start = 0;
    for (int bit = 62; bit >= 0; bit--) {
      long width = 1L << bit;
      if ((size & width) != 0) {
        roots.add(tree.subtreeRoot(start, width));
        start += width;
      }
    }
    return roots;
  }

  private static Instant parse(Optional<String> text, Instant fallback) {
    if (text.isEmpty() || text.get().isBlank()) {
      return fallback;
    }
    try {
      return Instant.parse(text.get().strip());
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(
          "a window bound is an ISO-8601 instant such as 2026-11-22T12:00:00Z, found "
              + text.get());
    }
  }

  /**
   * Records a hand-over of a bundle: verifies the bundle against this hub's key (a broken chain is
   * never extended), then writes {@code out} with one more hub-signed custody record naming who,
   * when, what, why and the previous record's digest. {@code out} may be {@code bundle} itself; it
   * is replaced atomically.
   *
   * @throws BundleRejection if the bundle does not verify
   * @throws IllegalArgumentException if the action or reason is not acceptable
   */
  public CustodyRecord handOver(
      Path bundle, Path out, String action, String actor, String reason, String source)
      throws IOException, BundleRejection {
    if (reason == null || reason.isBlank()) {
      throw new IllegalArgumentException("a hand-over needs a reason (it goes into the record)");
    }
    if ("exported".equals(action)) {
      throw new IllegalArgumentException("only the export itself is recorded as exported");
    }
    NoteVerifierKey key;
    try {
      key = NoteVerifierKey.parse(hubKeyText);
    } catch (NoteRejection e) {
      throw new IllegalStateException("the hub's own key does not parse", e);
    }
    EvidenceBundles.Report report =
        EvidenceBundles.verify(bundle, Optional.of(key), false, n -> {});
    int index = report.custody().size();
    String previous = EvidenceBundles.lastCustodyRecord(bundle, index);
    CustodyRecord record =
        new CustodyRecord(
            index,
            action,
            actor,
            clock.instant(),
            report.contentDigest(),
            CustodyRecord.digestOf(previous),
            reason.strip().replace('\n', ' '));
    String note = record.sign(EvidenceService.RECEIPT_KEY_NAME, hubKey);
    Path part = out.resolveSibling(out.getFileName() + ".part");
    try (OutputStream stream = Files.newOutputStream(part)) {
      EvidenceBundles.appendCustody(bundle, stream, index, note);
    }
    Files.move(part, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    audit.ok(
        actor,
        "evidence.bundle.custody",
        report.device(),
        String.format(
            Locale.ROOT,
            "custody record %d (%s), content sha256:%s, reason: %s",
            index,
            action,
            report.contentDigest(),
            record.reason()),
        source);
    return record;
  }
}
