package org.primum.hub.evidence.attacks;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.primum.core.crypto.Ed25519KeyPair;
import org.primum.core.evidence.Severity;
import org.primum.device.evidence.EvidenceLog;
import org.primum.device.evidence.LogFrames;

/**
 * A device's flight recorder on disk, for attacks on the storage itself: a sample log written in
 * several group commits, and copies of its segment edited byte by byte.
 */
public final class DiskLogs {
  public static final String ORIGIN = "primum.evidence/PUMP-0001";
  private final Ed25519KeyPair key = Ed25519KeyPair.generate(new SecureRandom());
  private final AtomicLong monotonic = new AtomicLong(1_000_000);

  public EvidenceLog open(Path directory) throws Exception {
    return EvidenceLog.open(
        EvidenceLog.Options.defaults(directory, ORIGIN),
        key,
        Clock.systemUTC(),
        monotonic::incrementAndGet,
        1);
  }

  public Ed25519KeyPair key() {
    return key;
  }

  /** A segment's bytes and, per checkpoint frame, {offset where it ends, entries it covers}. */
  public record Written(byte[] bytes, List<long[]> checkpointEnds, Path segment) {}

  /**
   * Six single appends then a batch of five (one group commit): 11 entries, several checkpoints.
   */
  public Written writeSample(Path directory) throws Exception {
    try (EvidenceLog log = open(directory)) {
      for (int i = 0; i < 6; i++) {
        log.append(
            "test.single",
            Severity.INFO,
            JsonNodeFactory.instance.objectNode().put("message", "single " + i));
      }
      List<CompletableFuture<Long>> batch = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        batch.add(
            log.appendAsync(
                "test.batch",
                Severity.WARNING,
                JsonNodeFactory.instance.objectNode().put("message", "batch " + i)));
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
    long entries = 0;
    for (LogFrames.Frame frame : frames(bytes)) {
      if (frame.kind() == LogFrames.ENTRY) {
        entries++;
      } else {
        ends.add(new long[] {frame.end(), entries});
      }
    }
    return new Written(bytes, ends, segment);
  }

  /** Writes the sample log, then a copy of it whose segment went through {@code edit}. */
  public Path tamperedCopy(Path root, String name, UnaryOperator<byte[]> edit) throws Exception {
    Written written = writeSample(root.resolve(name + "-original"));
    Path copy = Files.createDirectories(root.resolve(name));
    Files.write(copy.resolve(written.segment().getFileName()), edit.apply(written.bytes().clone()));
    return copy;
  }

  /** The entry frames of a segment, in file order. */
  public static List<LogFrames.Frame> entryFrames(byte[] bytes) {
    return frames(bytes).stream().filter(f -> f.kind() == LogFrames.ENTRY).toList();
  }

  /** Every frame of an intact segment, in file order. */
  private static List<LogFrames.Frame> frames(byte[] bytes) {
    List<LogFrames.Frame> frames = new ArrayList<>();
    for (int offset = 0; offset < bytes.length; ) {
      LogFrames.Frame frame = LogFrames.read(bytes, offset);
      frames.add(frame);
      offset = (int) frame.end();
    }
    return frames;
  }

  /**
   * Cuts a device's only segment back to its last checkpoint covering at most {@code maxEntries}
   * entries, as an attacker erasing the newest evidence would; returns how many entries remain.
   */
  public static long cutBack(Path evidenceDir, long maxEntries) throws Exception {
    List<Path> segments;
    try (Stream<Path> files = Files.list(evidenceDir)) {
      segments = files.filter(p -> p.toString().endsWith(".seg")).toList();
    }
    if (segments.size() != 1) {
      throw new IllegalStateException("expected one segment, found " + segments);
    }
    byte[] bytes = Files.readAllBytes(segments.get(0));
    long keptEnd = 0;
    long kept = 0;
    long entries = 0;
    for (LogFrames.Frame frame : frames(bytes)) {
      if (frame.kind() == LogFrames.ENTRY) {
        entries++;
      } else if (entries <= maxEntries) {
        keptEnd = frame.end();
        kept = entries;
      }
    }
    Files.write(segments.get(0), java.util.Arrays.copyOf(bytes, (int) keptEnd));
    return kept;
  }

  /** {@code bytes} with [from, to) replaced by {@code replacement}. */
  public static byte[] splice(byte[] bytes, long from, long to, byte[] replacement) {
    ByteBuffer out = ByteBuffer.allocate(bytes.length - (int) (to - from) + replacement.length);
    out.put(bytes, 0, (int) from).put(replacement).put(bytes, (int) to, bytes.length - (int) to);
    return out.array();
  }
}
