package org.primum.core.evidence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.primum.core.crypto.Ed25519KeyPair;
import org.primum.core.formats.Checkpoint;
import org.primum.core.formats.NoteVerifierKey;
import org.primum.core.merkle.MerkleHashes;
import org.primum.core.merkle.MerkleTree;

/**
 * Evidence bundles verify offline, and every tampered variant fails naming where: entries edited,
 * deleted, inserted, reordered or cut; proofs, checkpoints, receipts and custody records altered or
 * removed; a bundle from another hub.
 */
class EvidenceBundlesTest {
  private static final String ORIGIN = "primum.evidence/PUMP-0001";
  private static final String HUB_KEY_NAME = "primum.hub/evidence-receipts";
  @TempDir Path dir;
  private final SecureRandom random = new SecureRandom();
  private final Ed25519KeyPair device = Ed25519KeyPair.generate(random);
  private final Ed25519KeyPair hub = Ed25519KeyPair.generate(random);
  private final NoteVerifierKey hubKey = NoteVerifierKey.of(HUB_KEY_NAME, hub.publicKey());

  /** A log of 40 entries; the bundle holds entries [from, to); the hub holds all 40. */
  private Path bundle(long from, long to) throws Exception {
    MerkleTree tree = new MerkleTree();
    List<byte[]> entries = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      byte[] entry =
          new EvidenceEntry(
                  i,
                  "2026-11-22T12:00:" + String.format("%02d", i) + "Z",
                  i,
                  1,
                  i == 20 ? "evidence.gap" : "test.event",
                  Severity.INFO,
                  JsonNodeFactory.instance.objectNode().put("message", "event " + i))
              .encode();
      entries.add(entry);
      tree.append(MerkleHashes.leaf(entry));
    }
    List<String> frontier = new ArrayList<>();
    long start = 0;
    for (int bit = 62; bit >= 0; bit--) {
      if ((from & (1L << bit)) != 0) {
        frontier.add(Base64.getEncoder().encodeToString(tree.subtreeRoot(start, 1L << bit)));
        start += 1L << bit;
      }
    }
    List<String> consistency =
        to == 40
            ? List.of()
            : tree.consistencyProof(to, 40).stream()
                .map(Base64.getEncoder()::encodeToString)
                .toList();
    String checkpoint = new Checkpoint(ORIGIN, 40, tree.root()).sign(device);
    String receipt =
        new EvidenceReceipt(ORIGIN, 40, tree.root(), Instant.parse("2026-11-22T13:00:00Z"))
            .sign(HUB_KEY_NAME, hub);
    EvidenceBundles.Manifest manifest =
        new EvidenceBundles.Manifest(
            EvidenceBundles.FORMAT,
            "PUMP-0001",
            ORIGIN,
            NoteVerifierKey.of(ORIGIN, device.publicKey()).text(),
            hubKey.text(),
            from,
            to,
            frontier,
            checkpoint,
            consistency,
            List.of(receipt),
            "",
            "",
            "2026-11-22T14:00:00Z");
    Path file = dir.resolve("bundle-" + from + "-" + to + "-" + random.nextInt(1_000_000) + ".zip");
    try (OutputStream out = Files.newOutputStream(file)) {
      EvidenceBundles.write(
          out,
          manifest,
          entries.subList((int) from, (int) to),
          digest -> {
            String first =
                new CustodyRecord(
                        0,
                        "exported",
                        "staff:sam",
                        Instant.parse("2026-11-22T14:00:00Z"),
                        digest,
                        CustodyRecord.FIRST_PREVIOUS,
                        "incident 42 investigation")
                    .sign(HUB_KEY_NAME, hub);
            String second =
                new CustodyRecord(
                        1,
                        "transferred",
                        "staff:sam",
                        Instant.parse("2026-11-22T14:05:00Z"),
                        digest,
                        CustodyRecord.digestOf(first),
                        "handed to the hospital's investigator")
                    .sign(HUB_KEY_NAME, hub);
            return List.of(first, second);
          });
    }
    return file;
  }

  private static Map<String, byte[]> read(Path zip) throws Exception {
    Map<String, byte[]> files = new LinkedHashMap<>();
    try (ZipInputStream in =
        new ZipInputStream(new ByteArrayInputStream(Files.readAllBytes(zip)))) {
      ZipEntry entry;
      while ((entry = in.getNextEntry()) != null) {
        files.put(entry.getName(), in.readAllBytes());
      }
    }
    return files;
  }

  private Path rewrite(Path original, UnaryOperator<Map<String, byte[]>> edit) throws Exception {
    Map<String, byte[]> files = edit.apply(read(original));
    Path out = dir.resolve("tampered-" + random.nextInt(1_000_000) + ".zip");
    try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(out))) {
      for (var file : files.entrySet()) {
        zip.putNextEntry(new ZipEntry(file.getKey()));
        zip.write(file.getValue());
        zip.closeEntry();
      }
    }
    return out;
  }

  private static List<String> lines(byte[] bytes) {
    return new ArrayList<>(List.of(new String(bytes, StandardCharsets.UTF_8).split("\n")));
  }

  private static byte[] join(List<String> lines) {
    return (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8);
  }

  private Path withEntries(Path original, UnaryOperator<List<String>> edit) throws Exception {
    return rewrite(
        original,
        files -> {
          files.put("entries.jsonl", join(edit.apply(lines(files.get("entries.jsonl")))));
          return files;
        });
  }

  private EvidenceBundles.Report verify(Path file) throws Exception {
    return EvidenceBundles.verify(file, Optional.of(hubKey), false, n -> {});
  }

  @Test
  void honestBundles_verify_wholeLogAndAnyRange() throws Exception {
    for (long[] range : new long[][] {{0, 40}, {0, 7}, {13, 40}, {13, 29}, {16, 32}, {39, 40}}) {
      EvidenceBundles.Report report = verify(bundle(range[0], range[1]));
      assertThat(report.from()).isEqualTo(range[0]);
      assertThat(report.to()).isEqualTo(range[1]);
      assertThat(report.treeSize()).isEqualTo(40);
      assertThat(report.custody())
          .extracting(CustodyRecord::action)
          .containsExactly("exported", "transferred");
    }
    EvidenceBundles.Report report =
        EvidenceBundles.verify(bundle(0, 40), Optional.empty(), true, n -> {});
    assertThat(report.gapRecords()).isEqualTo(1);
    assertThat(report.firstDeviceTime()).isEqualTo("2026-11-22T12:00:00Z");
    assertThat(report.lastDeviceTime()).isEqualTo("2026-11-22T12:00:39Z");
  }

  @Test
  void editedEntry_failsTheRoot() throws Exception {
    Path tampered =
        withEntries(
            bundle(10, 30),
            l -> {
              l.set(5, l.get(5).replace("event 15", "event 99"));
              return l;
            });
    assertThatThrownBy(() -> verify(tampered))
        .isInstanceOf(BundleRejection.class)
        .satisfies(e -> assertThat(((BundleRejection) e).code()).isEqualTo("root-mismatch"))
        .satisfies(e -> assertThat(((BundleRejection) e).where()).isEqualTo("entries"));
    Path wholeLog =
        withEntries(
            bundle(0, 40),
            l -> {
              l.set(5, l.get(5).replace("event 5", "event 99"));
              return l;
            });
    assertThatThrownBy(() -> verify(wholeLog))
        .hasMessageContaining("do not hash to the device's signed root");
  }

  @Test
  void deletedInsertedOrReorderedEntries_failNamingTheEntry() throws Exception {
    Path original = bundle(10, 30);
    assertThatThrownBy(
            () ->
                verify(
                    withEntries(
                        original,
                        l -> {
                          l.remove(3);
                          return l;
                        })))
        .isInstanceOf(BundleRejection.class)
        .hasMessageContaining("entry 13: expected entry 13, found entry 14");
    assertThatThrownBy(
            () ->
                verify(
                    withEntries(
                        original,
                        l -> {
                          l.add(3, l.get(3));
                          return l;
                        })))
        .isInstanceOf(BundleRejection.class)
        .hasMessageContaining("entry 14: expected entry 14, found entry 13");
    assertThatThrownBy(
            () ->
                verify(
                    withEntries(
                        original,
                        l -> {
                          String a = l.get(4);
                          l.set(4, l.get(5));
                          l.set(5, a);
                          return l;
                        })))
        .isInstanceOf(BundleRejection.class)
        .hasMessageContaining("entry 14: expected entry 14, found entry 15");
    assertThatThrownBy(() -> verify(withEntries(original, l -> l.subList(0, 15))))
        .isInstanceOf(BundleRejection.class)
        .hasMessageContaining("promises entries 10 to 29");
  }

  @Test
  void removedOrAlteredCustodyRecord_breaksTheChain() throws Exception {
    Path original = bundle(0, 40);
    assertThatThrownBy(
            () ->
                verify(
                    rewrite(
                        original,
                        f -> {
                          f.remove("custody/0000.note");
                          return f;
                        })))
        .isInstanceOf(BundleRejection.class)
        .hasMessageContaining("custody record 0");
    Path renumbered =
        rewrite(
            original,
            f -> {
              byte[] second = f.remove("custody/0001.note");
              f.remove("custody/0000.note");
              f.put("custody/0000.note", second);
              return f;
            });
    assertThatThrownBy(() -> verify(renumbered))
        .isInstanceOf(BundleRejection.class)
        .hasMessageContaining("custody record 0");
    Path altered =
        rewrite(
            original,
            f -> {
              f.put(
                  "custody/0001.note",
                  new String(f.get("custody/0001.note"), StandardCharsets.UTF_8)
                      .replace("hospital's investigator", "someone else")
                      .getBytes(StandardCharsets.UTF_8));
              return f;
            });
    assertThatThrownBy(() -> verify(altered))
        .isInstanceOf(BundleRejection.class)
        .hasMessageContaining("custody record 1")
        .hasMessageContaining("does not verify");
    assertThatThrownBy(
            () ->
                verify(
                    rewrite(
                        original,
                        f -> {
                          f.remove("custody/0001.note");
                          f.remove("custody/0000.note");
                          return f;
                        })))
        .isInstanceOf(BundleRejection.class)
        .hasMessageContaining("no custody record");
  }

  @Test
  void anotherHubsBundle_orMissingReceipt_isRefused() throws Exception {
    Path original = bundle(0, 40);
    NoteVerifierKey otherHub =
        NoteVerifierKey.of(HUB_KEY_NAME, Ed25519KeyPair.generate(random).publicKey());
    assertThatThrownBy(
            () -> EvidenceBundles.verify(original, Optional.of(otherHub), false, n -> {}))
        .isInstanceOf(BundleRejection.class)
        .hasMessageContaining("another hub key");
    Path noReceipt =
        rewrite(
            original,
            f -> {
              f.put(
                  "manifest.json",
                  new String(f.get("manifest.json"), StandardCharsets.UTF_8)
                      .replaceAll("\"receipts\":\\[[^\\]]*\\]", "\"receipts\":[]")
                      .getBytes(StandardCharsets.UTF_8));
              return f;
            });
    assertThatThrownBy(() -> verify(noReceipt)).isInstanceOf(BundleRejection.class);
  }

  @Test
  void alteredProofOrCheckpoint_isRefused() throws Exception {
    Path original = bundle(8, 20);
    Path badFrontier =
        rewrite(
            original,
            f -> {
              String manifest = new String(f.get("manifest.json"), StandardCharsets.UTF_8);
              String first = manifest.replaceAll(".*\"leftFrontier\":\\[\"([^\"]+)\".*", "$1");
              String forged = Base64.getEncoder().encodeToString(new byte[32]);
              f.put(
                  "manifest.json",
                  manifest.replace(first, forged).getBytes(StandardCharsets.UTF_8));
              return f;
            });
    assertThatThrownBy(() -> verify(badFrontier))
        .isInstanceOf(BundleRejection.class)
        .hasMessageContaining("not part of the device's signed log");
    Path forgedCheckpoint =
        rewrite(
            original,
            f -> {
              String manifest = new String(f.get("manifest.json"), StandardCharsets.UTF_8);
              f.put(
                  "manifest.json",
                  manifest.replace("\\n40\\n", "\\n41\\n").getBytes(StandardCharsets.UTF_8));
              return f;
            });
    assertThatThrownBy(() -> verify(forgedCheckpoint))
        .isInstanceOf(BundleRejection.class)
        .hasMessageContaining("checkpoint");
    assertThatThrownBy(
            () ->
                verify(
                    rewrite(
                        original,
                        f -> {
                          f.put("extra.txt", new byte[1]);
                          return f;
                        })))
        .isInstanceOf(BundleRejection.class);
    Path notZip = dir.resolve("not-a-zip.zip");
    Files.write(notZip, "hello".getBytes(StandardCharsets.UTF_8));
    assertThatThrownBy(() -> verify(notZip)).isInstanceOf(BundleRejection.class);
  }

  static byte[] bytes(ByteArrayOutputStream out) {
    return out.toByteArray();
  }
}
