package org.primum.device.evidence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.primum.core.crypto.Ed25519KeyPair;
import org.primum.core.evidence.EvidenceRejection;
import org.primum.core.evidence.Severity;
import org.primum.core.formats.Checkpoint;
import org.primum.core.merkle.MerkleHashes;
import org.primum.core.merkle.MerkleProofs;

/** The flight recorder: durability, proofs, crash recovery at every byte, and tamper detection. */
class EvidenceLogTest {
  private static final String ORIGIN = "primum.evidence/PUMP-0001";
  @TempDir Path dir;
  private final Ed25519KeyPair key = Ed25519KeyPair.generate(new SecureRandom());
  private final AtomicLong monotonic = new AtomicLong(1_000_000);

  private EvidenceLog open(Path directory) throws Exception {
    return EvidenceLog.open(
        EvidenceLog.Options.defaults(directory, ORIGIN),
        key,
        Clock.systemUTC(),
        monotonic::incrementAndGet,
        1);
  }

  private static ObjectNode payload(String message) {
    return JsonNodeFactory.instance.objectNode().put("message", message);
  }

  @Test
  void append_concurrently_isDurableCheckpointedAndProvable() throws Exception {
    try (EvidenceLog log = open(dir)) {
      List<CompletableFuture<Long>> futures = new ArrayList<>();
      List<Thread> threads = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        int thread = t;
        Thread th =
            new Thread(
                () -> {
                  for (int i = 0; i < 50; i++) {
                    synchronized (futures) {
                      futures.add(
                          log.appendAsync(
                              "test.event", Severity.INFO, payload("t" + thread + " #" + i)));
                    }
                  }
                });
        threads.add(th);
        th.start();
      }
      for (Thread th : threads) {
        th.join();
      }
      for (CompletableFuture<Long> f : futures) {
        f.get();
      }
      assertThat(log.size()).isEqualTo(200);
      Checkpoint checkpoint =
          Checkpoint.open(log.latestSignedCheckpoint(), List.of(log.verifierKey()));
      assertThat(checkpoint.size()).isEqualTo(200);
      for (long i : new long[] {0, 1, 99, 199}) {
        byte[] leaf = MerkleHashes.leaf(log.entryBytes(i));
        MerkleProofs.verifyInclusion(
            i, 200, leaf, log.inclusionProof(i, 200), checkpoint.rootHash());
        assertThat(log.entry(i).sequence()).isEqualTo(i);
      }
      MerkleProofs.verifyConsistency(
          50, 200, log.consistencyProof(50, 200), log.root(50), checkpoint.rootHash());
    }
    try (EvidenceLog reopened = open(dir)) {
      assertThat(reopened.size()).isEqualTo(200);
      assertThat(reopened.recovery().tornBytesCut()).isZero();
      assertThat(reopened.append("test.after", Severity.NOTICE, payload("after")).sequence())
          .isEqualTo(200);
    }
  }

  @Test
  void append_oversizedEntry_isRefusedAndUsesNoSequence() throws Exception {
    try (EvidenceLog log = open(dir)) {
      log.append("test.first", Severity.INFO, payload("ok"));
      assertThatThrownBy(() -> log.append("test.big", Severity.INFO, payload("x".repeat(70_000))))
          .isInstanceOf(EvidenceRejection.class)
          .hasMessageContaining("at most 65536 bytes");
      assertThatThrownBy(() -> log.append("Not A Type", Severity.INFO, payload("x")))
          .isInstanceOf(EvidenceRejection.class);
      assertThat(log.append("test.second", Severity.INFO, payload("ok")).sequence()).isEqualTo(1);
    }
  }

  /** Appends in several commits and returns the segment's bytes and where each checkpoint ends. */
  private record Written(byte[] bytes, List<long[]> checkpointEnds, Path segment) {}

  private Written writeSample(Path directory) throws Exception {
    try (EvidenceLog log = open(directory)) {
      for (int i = 0; i < 6; i++) {
        log.append("test.single", Severity.INFO, payload("single " + i));
      }
      List<CompletableFuture<Long>> batch = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        batch.add(log.appendAsync("test.batch", Severity.WARNING, payload("batch " + i)));
      }
      for (CompletableFuture<Long> f : batch) {
        f.get();
      }
    }
    Path segment;
    try (Stream<Path> files = Files.list(directory)) {
      segment = files.filter(p -> p.toString().endsWith(".seg")).findFirst().orElseThrow();
    }
    byte[] bytes = Files.readAllBytes(segment);
    List<long[]> ends = new ArrayList<>();
    int offset = 0;
    long entries = 0;
    while (offset < bytes.length) {
      LogFrames.Frame frame = LogFrames.read(bytes, offset);
      if (frame.kind() == LogFrames.ENTRY) {
        entries++;
      } else {
        ends.add(new long[] {frame.end(), entries});
      }
      offset = (int) frame.end();
    }
    return new Written(bytes, ends, segment);
  }

  private static long expectedSize(List<long[]> checkpointEnds, long prefix) {
    long size = 0;
    for (long[] end : checkpointEnds) {
      if (end[0] <= prefix) {
        size = end[1];
      }
    }
    return size;
  }

  @Test
  void crashAtEveryByteOfTheLastSegment_recoversEveryAcknowledgedEntry_andNeverCriesTamper()
      throws Exception {
    Written written = writeSample(dir.resolve("original"));
    SplittableRandom random = new SplittableRandom(42);
    List<String> failures = new ArrayList<>();
    // Thousands of recoveries: on tmpfs when there is one, since this tests the recovery logic,
    // not the disk (fsync is a no-op there).
    Path scratch =
        Files.isDirectory(Path.of("/dev/shm"))
            ? Files.createTempDirectory(Path.of("/dev/shm"), "primum-crash-")
            : dir;
    for (int cut = 0; cut <= written.bytes().length; cut++) {
      for (boolean garbage : new boolean[] {false, true}) {
        if (garbage && cut % 5 != 0) {
          continue; // torn tails filled with random garbage: every fifth offset
        }
        Path copy =
            Files.createDirectories(scratch.resolve("crash-" + cut + (garbage ? "-g" : "")));
        byte[] torn = java.util.Arrays.copyOf(written.bytes(), cut + (garbage ? 37 : 0));
        if (garbage) {
          for (int i = cut; i < torn.length; i++) {
            torn[i] = (byte) random.nextInt(256);
          }
        }
        Files.write(copy.resolve(written.segment().getFileName()), torn);
        long expected = expectedSize(written.checkpointEnds(), cut);
        boolean appendAfter = cut % 25 == 0 || cut == written.bytes().length;
        try (EvidenceLog log = open(copy)) {
          if (log.size() != expected) {
            failures.add(
                "cut " + cut + ": recovered " + log.size() + " entries, expected " + expected);
          }
          if (appendAfter) {
            log.append("test.after-crash", Severity.NOTICE, payload("recovered"));
          }
        } catch (EvidenceTampered e) {
          failures.add(
              "cut "
                  + cut
                  + (garbage ? " + garbage" : "")
                  + ": mistaken for tampering: "
                  + e.getMessage());
        }
        if (!appendAfter) {
          deleteTree(copy);
          continue;
        }
        try (EvidenceLog again = open(copy)) {
          if (again.size() != expected + 1) {
            failures.add(
                "cut " + cut + ": after recovery and one append, reopened with " + again.size());
          }
        } catch (EvidenceTampered e) {
          failures.add("cut " + cut + ": recovered log then reads as tampered: " + e.getMessage());
        }
      }
    }
    deleteTree(scratch);
    assertThat(written.checkpointEnds()).hasSizeGreaterThanOrEqualTo(7);
    assertThat(failures).isEmpty();
  }

  private Path tamperedCopy(String name, java.util.function.UnaryOperator<byte[]> edit)
      throws Exception {
    Written written = writeSample(dir.resolve(name + "-original"));
    Path copy = Files.createDirectories(dir.resolve(name));
    Files.write(copy.resolve(written.segment().getFileName()), edit.apply(written.bytes().clone()));
    return copy;
  }

  /** Offsets of entry frames in a segment. */
  private static List<LogFrames.Frame> entryFrames(byte[] bytes) {
    List<LogFrames.Frame> frames = new ArrayList<>();
    int offset = 0;
    while (offset < bytes.length) {
      LogFrames.Frame frame = LogFrames.read(bytes, offset);
      if (frame.kind() == LogFrames.ENTRY) {
        frames.add(frame);
      }
      offset = (int) frame.end();
    }
    return frames;
  }

  @Test
  void editedAcknowledgedEntry_isTampering() throws Exception {
    Path copy =
        tamperedCopy(
            "edit",
            bytes -> {
              LogFrames.Frame second = entryFrames(bytes).get(1);
              bytes[(int) second.offset() + LogFrames.HEADER + 5] ^= 0x20;
              return bytes;
            });
    assertThatThrownBy(() -> open(copy))
        .isInstanceOf(EvidenceTampered.class)
        .hasMessageContaining("valid later checkpoint");
  }

  @Test
  void editedEntryWithRepairedCrc_failsTheCheckpointRoot() throws Exception {
    Path copy =
        tamperedCopy(
            "edit-crc",
            bytes -> {
              LogFrames.Frame second = entryFrames(bytes).get(1);
              String json =
                  new String(second.payload(), StandardCharsets.UTF_8)
                      .replace("single 1", "single 7");
              byte[] frame =
                  LogFrames.frame(LogFrames.ENTRY, json.getBytes(StandardCharsets.UTF_8));
              System.arraycopy(frame, 0, bytes, (int) second.offset(), frame.length);
              return bytes;
            });
    assertThatThrownBy(() -> open(copy))
        .isInstanceOf(EvidenceTampered.class)
        .hasMessageContaining("do not hash to its root");
  }

  @Test
  void deletedEntry_isTampering() throws Exception {
    Path copy =
        tamperedCopy(
            "delete",
            bytes -> {
              LogFrames.Frame second = entryFrames(bytes).get(7); // inside the batched commit
              ByteBuffer out =
                  ByteBuffer.allocate(bytes.length - (int) (second.end() - second.offset()));
              out.put(bytes, 0, (int) second.offset());
              out.put(bytes, (int) second.end(), bytes.length - (int) second.end());
              return out.array();
            });
    // Depending on how the appends were grouped into commits, the gap shows as an entry out of
    // sequence or as a checkpoint covering more entries than precede it: tampering either way.
    assertThatThrownBy(() -> open(copy))
        .isInstanceOf(EvidenceTampered.class)
        .satisfies(
            e ->
                assertThat(((EvidenceTampered) e).code())
                    .isIn("entry-sequence", "checkpoint-size"));
  }

  @Test
  void reorderedEntries_areTampering() throws Exception {
    Path copy =
        tamperedCopy(
            "reorder",
            bytes -> {
              List<LogFrames.Frame> frames = entryFrames(bytes);
              LogFrames.Frame a = frames.get(6);
              LogFrames.Frame b = frames.get(7);
              byte[] fa = LogFrames.frame(LogFrames.ENTRY, a.payload());
              byte[] fb = LogFrames.frame(LogFrames.ENTRY, b.payload());
              if (fa.length != fb.length) {
                throw new IllegalStateException("the sample entries 6 and 7 have equal lengths");
              }
              // Swap the two frames in place (a checkpoint may lie between them).
              System.arraycopy(fb, 0, bytes, (int) a.offset(), fb.length);
              System.arraycopy(fa, 0, bytes, (int) b.offset(), fa.length);
              return bytes;
            });
    assertThatThrownBy(() -> open(copy))
        .isInstanceOf(EvidenceTampered.class)
        .hasMessageContaining("expected entry 6, found entry 7");
  }

  @Test
  void checkpointSignedByAnotherKey_isTampering() throws Exception {
    Ed25519KeyPair forger = Ed25519KeyPair.generate(new SecureRandom());
    Path copy =
        tamperedCopy(
            "forged",
            bytes -> {
              int offset = 0;
              while (true) {
                LogFrames.Frame frame = LogFrames.read(bytes, offset);
                if (frame.kind() == LogFrames.CHECKPOINT && offset > 0) {
                  try {
                    Checkpoint c =
                        Checkpoint.parse(
                            org.primum.core.formats.SignedNote.parse(frame.payload())
                                .unverifiedText());
                    byte[] forged =
                        LogFrames.frame(
                            LogFrames.CHECKPOINT, c.sign(forger).getBytes(StandardCharsets.UTF_8));
                    ByteBuffer out =
                        ByteBuffer.allocate(
                            bytes.length - (int) (frame.end() - frame.offset()) + forged.length);
                    out.put(bytes, 0, (int) frame.offset())
                        .put(forged)
                        .put(bytes, (int) frame.end(), bytes.length - (int) frame.end());
                    return out.array();
                  } catch (Exception e) {
                    throw new IllegalStateException(e);
                  }
                }
                offset = (int) frame.end();
              }
            });
    assertThatThrownBy(() -> open(copy))
        .isInstanceOf(EvidenceTampered.class)
        .hasMessageContaining("no signature by a trusted key");
  }

  @Test
  void manySegments_reopen_andDamageInASealedSegmentIsTampering() throws Exception {
    Path logDir = dir.resolve("segments");
    EvidenceLog.Options small = new EvidenceLog.Options(logDir, ORIGIN, 64 * 1024, 64);
    try (EvidenceLog log =
        EvidenceLog.open(small, key, Clock.systemUTC(), monotonic::incrementAndGet, 1)) {
      List<CompletableFuture<Long>> all = new ArrayList<>();
      for (int i = 0; i < 1500; i++) {
        all.add(
            log.appendAsync(
                "test.bulk", Severity.INFO, payload("entry number " + i + " " + "x".repeat(100))));
      }
      for (CompletableFuture<Long> f : all) {
        f.get();
      }
    }
    List<Path> segments;
    try (Stream<Path> files = Files.list(logDir)) {
      segments = files.filter(p -> p.toString().endsWith(".seg")).sorted().toList();
    }
    assertThat(segments).hasSizeGreaterThan(2);
    try (EvidenceLog reopened =
        EvidenceLog.open(small, key, Clock.systemUTC(), monotonic::incrementAndGet, 2)) {
      assertThat(reopened.size()).isEqualTo(1500);
      assertThat(reopened.entry(1499).payload().get("message").asText())
          .startsWith("entry number 1499");
    }
    byte[] first = Files.readAllBytes(segments.get(0));
    first[first.length / 2] ^= 0x01;
    Files.write(segments.get(0), first);
    assertThatThrownBy(
            () -> EvidenceLog.open(small, key, Clock.systemUTC(), monotonic::incrementAndGet, 3))
        .isInstanceOf(EvidenceTampered.class);
  }

  @Test
  void truncationAtACheckpointBoundary_looksLikeAShorterLog_onTheDeviceAlone() throws Exception {
    // A rollback to an earlier checkpoint cannot be seen by the device alone; the hub's receipts
    // (which cover the larger size) catch it. This test pins down the device-side behaviour.
    Written written = writeSample(dir.resolve("rollback-original"));
    long[] earlier = written.checkpointEnds().get(3);
    Path copy = Files.createDirectories(dir.resolve("rollback"));
    Files.write(
        copy.resolve(written.segment().getFileName()),
        java.util.Arrays.copyOf(written.bytes(), (int) earlier[0]));
    try (EvidenceLog log = open(copy)) {
      assertThat(log.size()).isEqualTo(earlier[1]);
    }
  }

  private static void deleteTree(Path root) throws IOException {
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    }
  }
}
