package org.primum.bench;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.primum.core.crypto.Ed25519KeyPair;
import org.primum.core.evidence.CustodyRecord;
import org.primum.core.evidence.EvidenceBundles;
import org.primum.core.evidence.EvidenceEntry;
import org.primum.core.evidence.EvidenceReceipt;
import org.primum.core.evidence.Severity;
import org.primum.core.formats.Checkpoint;
import org.primum.core.formats.NoteVerifierKey;
import org.primum.core.merkle.MerkleHashes;
import org.primum.core.merkle.MerkleTree;

/**
 * Builds an evidence bundle of {@code --entries} (default 1,000,000) realistic entries and times
 * {@code primum verify}'s check of it: {@code java -cp ... org.primum.bench.BundleVerifyLoad}.
 */
public final class BundleVerifyLoad {
  private BundleVerifyLoad() {}

  public static void main(String[] args) throws Exception {
    int count =
        args.length >= 2 && args[0].equals("--entries") ? Integer.parseInt(args[1]) : 1_000_000;
    SecureRandom random = new SecureRandom();
    Ed25519KeyPair device = Ed25519KeyPair.generate(random);
    Ed25519KeyPair hub = Ed25519KeyPair.generate(random);
    String origin = "primum.evidence/BENCH-0001";
    String hubName = "primum.hub/evidence-receipts";
    MerkleTree tree = new MerkleTree();
    List<byte[]> entries = new ArrayList<>(count);
    Instant start = Instant.parse("2026-11-22T00:00:00Z");
    for (int i = 0; i < count; i++) {
      byte[] entry =
          new EvidenceEntry(
                  i,
                  start.plusMillis(i * 250L).toString(),
                  i * 250_000L,
                  1,
                  i % 10 == 0 ? "safety.alarm.raised" : "therapy.state.changed",
                  i % 10 == 0 ? Severity.WARNING : Severity.INFO,
                  JsonNodeFactory.instance
                      .objectNode()
                      .put("message", "therapy state infusing")
                      .put("from", "IDLE")
                      .put("to", "INFUSING"))
              .encode();
      entries.add(entry);
      tree.append(MerkleHashes.leaf(entry));
    }
    Path file = Files.createTempFile("primum-bundle-", ".zip");
    Instant now = Instant.now();
    EvidenceBundles.Manifest manifest =
        new EvidenceBundles.Manifest(
            EvidenceBundles.FORMAT,
            "BENCH-0001",
            origin,
            NoteVerifierKey.of(origin, device.publicKey()).text(),
            NoteVerifierKey.of(hubName, hub.publicKey()).text(),
            0,
            count,
            List.of(),
            new Checkpoint(origin, count, tree.root()).sign(device),
            List.of(),
            List.of(new EvidenceReceipt(origin, count, tree.root(), now).sign(hubName, hub)),
            "",
            "",
            now.toString());
    try (OutputStream out = Files.newOutputStream(file)) {
      EvidenceBundles.write(
          out,
          manifest,
          entries,
          digest ->
              List.of(
                  new CustodyRecord(
                          0,
                          "exported",
                          "bench",
                          now,
                          digest,
                          CustodyRecord.FIRST_PREVIOUS,
                          "benchmark")
                      .sign(hubName, hub)));
    }
    entries = null;
    NoteVerifierKey hubKey = NoteVerifierKey.of(hubName, hub.publicKey());
    for (int round = 1; round <= 3; round++) {
      long t0 = System.nanoTime();
      var report = EvidenceBundles.verify(file, Optional.of(hubKey), false, n -> {});
      double seconds = (System.nanoTime() - t0) / 1e9;
      System.out.printf(
          Locale.ROOT,
          "round %d: verified %,d entries (%,d bytes) in %.2f s = %,.0f entries/s%n",
          round,
          report.to(),
          Files.size(file),
          seconds,
          report.to() / seconds);
    }
    long t0 = System.nanoTime();
    EvidenceBundles.verify(file, Optional.of(hubKey), true, n -> {});
    double strict = (System.nanoTime() - t0) / 1e9;
    System.out.printf(
        Locale.ROOT,
        "strict (full canonical re-check): %.2f s = %,.0f entries/s%n",
        strict,
        count / strict);
    Files.delete(file);
  }
}
