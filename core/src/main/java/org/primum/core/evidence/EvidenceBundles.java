package org.primum.core.evidence;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.function.LongConsumer;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.primum.core.crypto.Hashes;
import org.primum.core.formats.Checkpoint;
import org.primum.core.formats.NoteRejection;
import org.primum.core.formats.NoteVerifierKey;
import org.primum.core.json.Json;
import org.primum.core.merkle.CompactRange;
import org.primum.core.merkle.MerkleHashes;
import org.primum.core.merkle.MerkleProofRejection;
import org.primum.core.merkle.MerkleProofs;

/**
 * Evidence bundles: a ZIP that proves, offline, that a range of a device's evidence entries is
 * exactly what the device signed and the hub witnessed, and who handled it since. See
 * docs/evidence-bundle.md for the format; anyone can write an independent verifier from it.
 *
 * <p>Files, in this order: {@code manifest.json} (RFC 8785 JSON), {@code entries.jsonl} (one
 * canonical entry per line) and {@code custody/NNNN.note} (signed custody records, hash-chained).
 */
public final class EvidenceBundles {
  public static final String FORMAT = "primum.evidence-bundle/v1";
  static final String MANIFEST = "manifest.json";
  static final String ENTRIES = "entries.jsonl";
  static final String CUSTODY_PREFIX = "custody/";
  private static final int MAX_MANIFEST = 16 * 1024 * 1024;
  private static final int MAX_CUSTODY_RECORD = 64 * 1024;
  private static final int MAX_CUSTODY_RECORDS = 1000;

  private EvidenceBundles() {}

  /**
   * What a bundle claims, apart from its entries.
   *
   * @param leftFrontier base64 subtree roots of entries [0, from) (a compact range)
   * @param checkpoint the device-signed checkpoint the hub holds (size at least {@code to})
   * @param consistency base64 RFC 9162 proof from {@code to} to the checkpoint's size
   * @param receipts the hub's signed receipts for this log, ascending; the last covers the
   *     checkpoint
   */
  public record Manifest(
      String format,
      String device,
      String origin,
      String deviceKey,
      String hubKey,
      long from,
      long to,
      List<String> leftFrontier,
      String checkpoint,
      List<String> consistency,
      List<String> receipts,
      String windowFrom,
      String windowTo,
      String exportedAt) {
    public Manifest {
      if (!FORMAT.equals(format)) {
        throw new IllegalArgumentException("format must be " + FORMAT);
      }
      Objects.requireNonNull(device, "device");
      Objects.requireNonNull(origin, "origin");
      Objects.requireNonNull(deviceKey, "deviceKey");
      Objects.requireNonNull(hubKey, "hubKey");
      if (from < 0 || to < from) {
        throw new IllegalArgumentException("need 0 <= from <= to");
      }
      leftFrontier = List.copyOf(leftFrontier);
      Objects.requireNonNull(checkpoint, "checkpoint");
      consistency = List.copyOf(consistency);
      receipts = List.copyOf(receipts);
      Objects.requireNonNull(windowFrom, "windowFrom");
      Objects.requireNonNull(windowTo, "windowTo");
      Objects.requireNonNull(exportedAt, "exportedAt");
    }
  }

  /** Signs custody records once the content digest is known. */
  @FunctionalInterface
  public interface CustodySigner {
    List<String> sign(String contentDigest);
  }

  /** Writes a bundle; returns its content digest. */
  public static String write(
      OutputStream out, Manifest manifest, List<byte[]> entries, CustodySigner custody)
      throws IOException {
    byte[] manifestBytes = Json.canonical(manifest);
    MessageDigest content = Hashes.newSha256();
    content.update(manifestBytes);
    content.update((byte) '\n');
    ZipOutputStream zip = new ZipOutputStream(out);
    zip.putNextEntry(new ZipEntry(MANIFEST));
    zip.write(manifestBytes);
    zip.closeEntry();
    zip.putNextEntry(new ZipEntry(ENTRIES));
    for (byte[] entry : entries) {
      zip.write(entry);
      zip.write('\n');
      content.update(entry);
      content.update((byte) '\n');
    }
    zip.closeEntry();
    String digest = HexFormat.of().formatHex(content.digest());
    List<String> records = custody.sign(digest);
    for (int i = 0; i < records.size(); i++) {
      zip.putNextEntry(new ZipEntry(String.format(Locale.ROOT, "%s%04d.note", CUSTODY_PREFIX, i)));
      zip.write(records.get(i).getBytes(StandardCharsets.UTF_8));
      zip.closeEntry();
    }
    zip.finish();
    return digest;
  }

  /**
   * The signed note of the last custody record in a bundle's chain, which the next record must
   * name. Verify the bundle first: this only finds the record.
   *
   * @throws BundleRejection if the bundle has no such record, or it is unreadable
   */
  public static String lastCustodyRecord(Path bundle, int count)
      throws IOException, BundleRejection {
    String name = String.format(Locale.ROOT, "%s%04d.note", CUSTODY_PREFIX, count - 1);
    try (ZipInputStream zip =
        new ZipInputStream(new BufferedInputStream(Files.newInputStream(bundle), 1 << 16))) {
      for (ZipEntry next = zip.getNextEntry(); next != null; next = zip.getNextEntry()) {
        if (next.getName().equals(name)) {
          return new String(
              readBounded(zip, MAX_CUSTODY_RECORD, "custody record " + (count - 1)),
              StandardCharsets.UTF_8);
        }
      }
    }
    throw new BundleRejection("custody-chain", "custody", "the bundle has no " + name);
  }

  /**
   * Copies a (verified) bundle to {@code out} with one more custody record at the end of its chain:
   * a hand-over (transferred, received, verified, sealed). Members are streamed, so large bundles
   * need no memory.
   */
  public static void appendCustody(Path bundle, OutputStream out, int index, String signedRecord)
      throws IOException {
    try (ZipInputStream in =
        new ZipInputStream(new BufferedInputStream(Files.newInputStream(bundle), 1 << 16))) {
      ZipOutputStream zip = new ZipOutputStream(out);
      for (ZipEntry next = in.getNextEntry(); next != null; next = in.getNextEntry()) {
        zip.putNextEntry(new ZipEntry(next.getName()));
        in.transferTo(zip);
        zip.closeEntry();
      }
      zip.putNextEntry(
          new ZipEntry(String.format(Locale.ROOT, "%s%04d.note", CUSTODY_PREFIX, index)));
      zip.write(signedRecord.getBytes(StandardCharsets.UTF_8));
      zip.closeEntry();
      zip.finish();
    }
  }

  /** What a verified bundle holds. */
  public record Report(
      String device,
      String origin,
      long from,
      long to,
      long treeSize,
      String firstDeviceTime,
      String lastDeviceTime,
      long gapRecords,
      long receipts,
      List<CustodyRecord> custody,
      String deviceKey,
      String hubKey,
      String contentDigest) {}

  /**
   * Verifies every signature, proof, sequence and custody link of the bundle at {@code file}.
   *
   * @param pinnedHubKey the hub key the investigator trusts; when empty, the bundle's own hub key
   *     is used and reported, so it can be compared out of band
   * @param strict also re-check every entry's full canonical encoding (slower)
   * @param progress called with the number of entries checked so far
   * @throws BundleRejection naming the first entry or record that fails, and why
   */
  public static Report verify(
      Path file, Optional<NoteVerifierKey> pinnedHubKey, boolean strict, LongConsumer progress)
      throws BundleRejection, IOException {
    try (ZipInputStream zip =
        new ZipInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16))) {
      ZipEntry next = zip.getNextEntry();
      if (next == null || !next.getName().equals(MANIFEST)) {
        throw new BundleRejection(
            "bundle-layout", "manifest", "the bundle must start with " + MANIFEST);
      }
      byte[] manifestBytes = readBounded(zip, MAX_MANIFEST, "manifest");
      Manifest manifest = manifest(manifestBytes);
      NoteVerifierKey deviceKey = key(manifest.deviceKey(), "device key");
      NoteVerifierKey hubKey = key(manifest.hubKey(), "hub key");
      if (pinnedHubKey.isPresent() && !pinnedHubKey.get().text().equals(hubKey.text())) {
        throw new BundleRejection(
            "hub-key", "manifest", "the bundle names another hub key than the one you trust");
      }
      Checkpoint checkpoint = checkpoint(manifest, deviceKey);

      next = zip.getNextEntry();
      if (next == null || !next.getName().equals(ENTRIES)) {
        throw new BundleRejection(
            "bundle-layout", "entries", "expected " + ENTRIES + " after the manifest");
      }
      MessageDigest content = Hashes.newSha256();
      content.update(manifestBytes);
      content.update((byte) '\n');
      CompactRange range = frontier(manifest);
      EntryScan scan = new EntryScan(manifest.from(), strict);
      scan.run(zip, content, range, progress);
      if (scan.next != manifest.to()) {
        throw new BundleRejection(
            "entry-count",
            "entries",
            String.format(
                Locale.ROOT,
                "the manifest promises entries %d to %d, the bundle holds %d to %d",
                manifest.from(),
                manifest.to() - 1,
                manifest.from(),
                scan.next - 1));
      }
      proveAgainstCheckpoint(manifest, range, checkpoint);
      long receipts = verifyReceipts(manifest, checkpoint, hubKey);
      String digest = HexFormat.of().formatHex(content.digest());
      List<CustodyRecord> custody = verifyCustody(zip, digest, hubKey);
      return new Report(
          manifest.device(),
          manifest.origin(),
          manifest.from(),
          manifest.to(),
          checkpoint.size(),
          scan.firstTime,
          scan.lastTime,
          scan.gaps,
          receipts,
          custody,
          deviceKey.text(),
          hubKey.text(),
          digest);
    } catch (java.util.zip.ZipException e) {
      throw new BundleRejection("bundle-layout", "bundle", "not a readable ZIP: " + e.getMessage());
    }
  }

  private static Manifest manifest(byte[] bytes) throws BundleRejection {
    try {
      Manifest manifest = Json.read(bytes, Manifest.class);
      if (!Arrays.equals(Json.canonical(manifest), bytes)) {
        throw new BundleRejection(
            "manifest-format", "manifest", "the manifest is not canonical JSON");
      }
      return manifest;
    } catch (Json.JsonRejection e) {
      throw new BundleRejection("manifest-format", "manifest", e.getMessage());
    }
  }

  private static NoteVerifierKey key(String text, String what) throws BundleRejection {
    try {
      return NoteVerifierKey.parse(text);
    } catch (NoteRejection e) {
      throw new BundleRejection("bad-key", "manifest", what + ": " + e.getMessage());
    }
  }

  private static Checkpoint checkpoint(Manifest manifest, NoteVerifierKey deviceKey)
      throws BundleRejection {
    Checkpoint checkpoint;
    try {
      checkpoint = Checkpoint.open(manifest.checkpoint(), List.of(deviceKey));
    } catch (NoteRejection e) {
      throw new BundleRejection(
          "checkpoint", "checkpoint", "not signed by the device's evidence key: " + e.getMessage());
    }
    if (!checkpoint.origin().equals(manifest.origin())) {
      throw new BundleRejection(
          "checkpoint", "checkpoint", "the checkpoint is of another log: " + checkpoint.origin());
    }
    if (checkpoint.size() < manifest.to()) {
      throw new BundleRejection(
          "checkpoint", "checkpoint", "the checkpoint does not cover the bundle's entries");
    }
    return checkpoint;
  }

  private static CompactRange frontier(Manifest manifest) throws BundleRejection {
    try {
      List<byte[]> roots = new ArrayList<>();
      for (String root : manifest.leftFrontier()) {
        roots.add(Base64.getDecoder().decode(root));
      }
      return CompactRange.of(manifest.from(), roots);
    } catch (IllegalArgumentException e) {
      throw new BundleRejection("frontier", "manifest", "bad left frontier: " + e.getMessage());
    }
  }

  /** RFC 9162: the bundle's range, placed on its frontier, must lead to the signed root. */
  private static void proveAgainstCheckpoint(
      Manifest manifest, CompactRange range, Checkpoint checkpoint) throws BundleRejection {
    byte[] rootAtTo = range.root();
    if (manifest.to() == checkpoint.size()) {
      if (!Arrays.equals(rootAtTo, checkpoint.rootHash())) {
        throw new BundleRejection(
            "root-mismatch",
            "entries",
            "the entries do not hash to the device's signed root (an entry was altered, added,"
                + " removed or reordered)");
      }
      return;
    }
    try {
      List<byte[]> proof = new ArrayList<>();
      for (String hash : manifest.consistency()) {
        proof.add(Base64.getDecoder().decode(hash));
      }
      if (manifest.to() == 0) {
        throw new MerkleProofRejection("consistency-empty", "an empty bundle proves nothing");
      }
      MerkleProofs.verifyConsistency(
          manifest.to(), checkpoint.size(), proof, rootAtTo, checkpoint.rootHash());
    } catch (MerkleProofRejection | IllegalArgumentException e) {
      throw new BundleRejection(
          "root-mismatch",
          "entries",
          "the entries are not part of the device's signed log: " + e.getMessage());
    }
  }

  private static long verifyReceipts(
      Manifest manifest, Checkpoint checkpoint, NoteVerifierKey hubKey) throws BundleRejection {
    if (manifest.receipts().isEmpty()) {
      throw new BundleRejection(
          "receipts", "receipts", "no hub receipt: the hub never witnessed this log");
    }
    long previous = -1;
    EvidenceReceipt last = null;
    for (int i = 0; i < manifest.receipts().size(); i++) {
      EvidenceReceipt receipt;
      try {
        receipt = EvidenceReceipt.open(manifest.receipts().get(i), List.of(hubKey));
      } catch (NoteRejection e) {
        throw new BundleRejection(
            "receipt", "receipt " + i, "not signed by the hub: " + e.getMessage());
      }
      if (!receipt.logOrigin().equals(manifest.origin()) || receipt.size() <= previous) {
        throw new BundleRejection("receipt", "receipt " + i, "out of order or of another log");
      }
      previous = receipt.size();
      last = receipt;
    }
    if (last.size() != checkpoint.size()
        || !Arrays.equals(last.rootHash(), checkpoint.rootHash())) {
      throw new BundleRejection(
          "receipt", "receipts", "the hub's last receipt does not cover the bundle's checkpoint");
    }
    return manifest.receipts().size();
  }

  private static List<CustodyRecord> verifyCustody(
      ZipInputStream zip, String digest, NoteVerifierKey hubKey)
      throws IOException, BundleRejection {
    List<CustodyRecord> records = new ArrayList<>();
    String previous = CustodyRecord.FIRST_PREVIOUS;
    ZipEntry next;
    while ((next = zip.getNextEntry()) != null) {
      int index = records.size();
      String where = "custody record " + index;
      String expectedName = String.format(Locale.ROOT, "%s%04d.note", CUSTODY_PREFIX, index);
      if (!next.getName().equals(expectedName) || index >= MAX_CUSTODY_RECORDS) {
        throw new BundleRejection(
            "custody-chain", where, "expected " + expectedName + ", found " + next.getName());
      }
      String note = new String(readBounded(zip, MAX_CUSTODY_RECORD, where), StandardCharsets.UTF_8);
      CustodyRecord record;
      try {
        record = CustodyRecord.open(note, List.of(hubKey));
      } catch (NoteRejection e) {
        throw new BundleRejection("custody-signature", where, e.getMessage());
      }
      if (record.index() != index) {
        throw new BundleRejection(
            "custody-chain", where, "the record says it is number " + record.index());
      }
      if (!record.previousDigest().equals(previous)) {
        throw new BundleRejection(
            "custody-chain",
            where,
            "it does not chain to the previous record (a record was removed or altered)");
      }
      if (!record.contentDigest().equals(digest)) {
        throw new BundleRejection(
            "custody-content", where, "it covers other content than this bundle holds");
      }
      if (index == 0 && !record.action().equals("exported")) {
        throw new BundleRejection("custody-chain", where, "the first record must be the export");
      }
      records.add(record);
      previous = CustodyRecord.digestOf(note);
    }
    if (records.isEmpty()) {
      throw new BundleRejection("custody-chain", "custody", "the bundle has no custody record");
    }
    return List.copyOf(records);
  }

  private static byte[] readBounded(InputStream in, int max, String where)
      throws IOException, BundleRejection {
    byte[] bytes = in.readNBytes(max + 1);
    if (bytes.length > max) {
      throw new BundleRejection("too-large", where, "larger than " + max + " bytes");
    }
    return bytes;
  }

  /** Streams entries.jsonl: hashes every line, checks sequences, collects the summary. */
  private static final class EntryScan {
    private static final byte[] SEQUENCE = ",\"sequence\":".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] TYPE = ",\"type\":\"".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] TIME = ",\"deviceTime\":\"".getBytes(StandardCharsets.US_ASCII);
    private final boolean strict;
    long next;
    long gaps;
    String firstTime = "";
    String lastTime = "";

    EntryScan(long from, boolean strict) {
      this.next = from;
      this.strict = strict;
    }

    void run(InputStream in, MessageDigest content, CompactRange range, LongConsumer progress)
        throws IOException, BundleRejection {
      ByteArrayOutputStream line = new ByteArrayOutputStream(512);
      byte[] buffer = new byte[1 << 16];
      int read;
      long checked = 0;
      while ((read = in.read(buffer)) > 0) {
        content.update(buffer, 0, read);
        int start = 0;
        for (int i = 0; i < read; i++) {
          if (buffer[i] == '\n') {
            line.write(buffer, start, i - start);
            entry(line.toByteArray(), range);
            line.reset();
            start = i + 1;
            if (++checked % 10_000 == 0) {
              progress.accept(checked);
            }
          }
        }
        line.write(buffer, start, read - start);
        if (line.size() > EvidenceEntry.MAX_BYTES) {
          throw new BundleRejection("entry-format", "entry " + next, "longer than 64 KiB");
        }
      }
      if (line.size() > 0) {
        throw new BundleRejection("entry-format", "entry " + next, "the last line has no newline");
      }
      progress.accept(checked);
    }

    private void entry(byte[] bytes, CompactRange range) throws BundleRejection {
      String where = "entry " + next;
      if (bytes.length == 0 || bytes[0] != '{' || bytes[bytes.length - 1] != '}') {
        throw new BundleRejection("entry-format", where, "not a JSON object on one line");
      }
      long sequence = number(bytes, lastIndexOf(bytes, SEQUENCE), where);
      if (sequence != next) {
        throw new BundleRejection(
            "entry-sequence",
            where,
            String.format(Locale.ROOT, "expected entry %d, found entry %d", next, sequence));
      }
      if (strict) {
        try {
          EvidenceEntry.decode(bytes);
        } catch (EvidenceRejection e) {
          throw new BundleRejection("entry-format", where, e.getMessage());
        }
      }
      String time = string(bytes, indexOf(bytes, TIME));
      if (firstTime.isEmpty()) {
        firstTime = time;
      }
      lastTime = time;
      if ("evidence.gap".equals(string(bytes, lastIndexOf(bytes, TYPE)))) {
        gaps++;
      }
      range.append(MerkleHashes.leaf(bytes));
      next++;
    }

    private static long number(byte[] bytes, int at, String where) throws BundleRejection {
      if (at < 0) {
        throw new BundleRejection("entry-format", where, "no sequence member");
      }
      long value = 0;
      int i = at;
      int digits = 0;
      while (i < bytes.length && bytes[i] >= '0' && bytes[i] <= '9' && digits < 17) {
        value = value * 10 + (bytes[i] - '0');
        i++;
        digits++;
      }
      if (digits == 0) {
        throw new BundleRejection("entry-format", where, "the sequence is not a number");
      }
      return value;
    }

    private static String string(byte[] bytes, int at) {
      if (at < 0) {
        return "";
      }
      int end = at;
      while (end < bytes.length && bytes[end] != '"') {
        end++;
      }
      return new String(bytes, at, end - at, StandardCharsets.UTF_8);
    }

    /** The index just after the last occurrence of {@code needle}, or -1. */
    private static int lastIndexOf(byte[] bytes, byte[] needle) {
      outer:
      for (int i = bytes.length - needle.length; i >= 0; i--) {
        for (int j = 0; j < needle.length; j++) {
          if (bytes[i + j] != needle[j]) {
            continue outer;
          }
        }
        return i + needle.length;
      }
      return -1;
    }

    /** The index just after the first occurrence of {@code needle}, or -1. */
    private static int indexOf(byte[] bytes, byte[] needle) {
      outer:
      for (int i = 0; i + needle.length <= bytes.length; i++) {
        for (int j = 0; j < needle.length; j++) {
          if (bytes[i + j] != needle[j]) {
            continue outer;
          }
        }
        return i + needle.length;
      }
      return -1;
    }
  }
}
