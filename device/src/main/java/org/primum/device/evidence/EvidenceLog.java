package org.primum.device.evidence;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.LongSupplier;
import java.util.stream.Stream;
import org.primum.core.crypto.Ed25519KeyPair;
import org.primum.core.evidence.EvidenceEntry;
import org.primum.core.evidence.EvidenceRejection;
import org.primum.core.evidence.Severity;
import org.primum.core.files.SecureFiles;
import org.primum.core.formats.Checkpoint;
import org.primum.core.formats.NoteRejection;
import org.primum.core.formats.NoteVerifierKey;
import org.primum.core.formats.SignedNote;
import org.primum.core.merkle.MerkleHashes;
import org.primum.core.merkle.MerkleTree;

/**
 * The device's tamper-evident flight recorder: an append-only log of {@link EvidenceEntry}s in an
 * RFC 9162 Merkle tree, with a signed C2SP checkpoint after every group commit.
 *
 * <p>Durability: {@link #append} returns only when the entry is on stable storage. Concurrent
 * appends share a commit: one writer thread writes the waiting entries, forces them to disk, then
 * writes and forces a checkpoint signed with the device's evidence key, and only then acknowledges
 * them. Because a checkpoint reaches the disk only after the entries it covers, everything up to
 * the last intact checkpoint was acknowledged and everything after it was not.
 *
 * <p>Recovery ({@link #open}) therefore tells crash damage from tampering: bytes after the last
 * intact checkpoint of the last segment are a torn tail and are cut; anything else that does not
 * read back exactly — a damaged frame followed by a later valid checkpoint, an entry out of
 * sequence, a checkpoint whose root or signature does not match, damage in an older segment — is
 * reported as {@link EvidenceTampered} and nothing is cut.
 */
public final class EvidenceLog implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(EvidenceLog.class.getName());
  private static final String SEGMENT_SUFFIX = ".seg";

  /** Where and how the log is kept. */
  public record Options(Path directory, String origin, long segmentBytes, int maxBatch) {
    public Options {
      Objects.requireNonNull(directory, "directory");
      Objects.requireNonNull(origin, "origin");
      if (segmentBytes < 64 * 1024 || maxBatch < 1) {
        throw new IllegalArgumentException("segments of at least 64 KiB, batches of at least 1");
      }
    }

    /** 8 MiB segments, commits of up to 4,096 entries. */
    public static Options defaults(Path directory, String origin) {
      return new Options(directory, origin, 8L * 1024 * 1024, 4096);
    }
  }

  /** What {@link #open} found on disk. */
  public record Recovery(
      long entries, long checkpoints, long tornBytesCut, long unacknowledgedEntriesCut) {}

  private record Location(Path segment, long offset) {}

  /** An entry waiting for the writer; its payload was made canonical by the caller's thread. */
  private record Pending(
      String type, Severity severity, byte[] canonicalPayload, CompletableFuture<Long> done) {}

  /** Queued by {@link #close()}: the writer commits what precedes it, then stops. */
  private static final Pending STOP = new Pending("stop", Severity.INFO, new byte[0], null);

  private final Options options;
  private final Ed25519KeyPair key;
  private final NoteVerifierKey verifierKey;
  private final Clock clock;
  private final LongSupplier monotonicMicros;
  private final long boot;
  private final MerkleTree tree;
  private final List<Location> locations;
  private final BlockingQueue<Pending> queue;
  private final Thread writer;
  private final Recovery recovery;
  private volatile String latestNote;
  private volatile Checkpoint latest;
  private volatile boolean closed;
  private Path segment;
  private FileChannel channel;
  private long segmentSize;
  private boolean dirty;
  private FileChannel lockChannel;

  private EvidenceLog(
      Options options,
      Ed25519KeyPair key,
      Clock clock,
      LongSupplier monotonicMicros,
      long boot,
      Scan scan)
      throws IOException {
    this.options = options;
    this.key = key;
    this.verifierKey = NoteVerifierKey.of(options.origin(), key.publicKey());
    this.clock = clock;
    this.monotonicMicros = monotonicMicros;
    this.boot = boot;
    this.tree = scan.tree;
    this.locations = scan.locations;
    this.recovery = scan.recovery;
    this.latestNote = scan.latestNote;
    this.latest = scan.latest;
    this.queue = new ArrayBlockingQueue<>(options.maxBatch() * 4);
    openSegmentForAppend(scan.lastSegment, scan.keepBytes);
    if (latest == null) {
      // A fresh log starts with a signed checkpoint of the empty tree.
      writeCheckpoint();
    }
    this.writer = new Thread(this::drain, "primum-evidence-writer");
    this.writer.setDaemon(true);
    this.writer.start();
  }

  /**
   * Opens (or creates) the log in {@code options.directory()}, recovering from a crash.
   *
   * @throws EvidenceTampered if what is on disk was altered rather than cut short by a crash
   */
  public static EvidenceLog open(
      Options options, Ed25519KeyPair key, Clock clock, LongSupplier monotonicMicros, long boot)
      throws IOException, EvidenceTampered {
    SecureFiles.ownerOnlyDirectory(options.directory());
    // One writer per log: a second open (another process, or another agent in this one) is refused.
    FileChannel lockChannel =
        FileChannel.open(
            options.directory().resolve(".lock"),
            StandardOpenOption.CREATE,
            StandardOpenOption.WRITE);
    java.nio.channels.FileLock lock;
    try {
      lock = lockChannel.tryLock();
    } catch (java.nio.channels.OverlappingFileLockException e) {
      lock = null;
    }
    if (lock == null) {
      lockChannel.close();
      throw new IOException("the evidence log in " + options.directory() + " is already open");
    }
    try {
      Scan scan = Scan.run(options, NoteVerifierKey.of(options.origin(), key.publicKey()));
      EvidenceLog log = new EvidenceLog(options, key, clock, monotonicMicros, boot, scan);
      log.lockChannel = lockChannel;
      return log;
    } catch (IOException | EvidenceTampered | RuntimeException e) {
      lockChannel.close();
      throw e;
    }
  }

  /** What recovery found when the log was opened. */
  public Recovery recovery() {
    return recovery;
  }

  /** The number of entries. */
  public long size() {
    synchronized (tree) {
      return tree.size();
    }
  }

  /** The latest checkpoint, signed (a C2SP signed note). */
  public String latestSignedCheckpoint() {
    return latestNote;
  }

  /** The latest checkpoint. */
  public Checkpoint latestCheckpoint() {
    return latest;
  }

  /** This log's origin (its name in checkpoints). */
  public String origin() {
    return options.origin();
  }

  /**
   * A checkpoint of the first {@code size} entries, signed now. Any prefix of this log's tree is
   * consistent with every later checkpoint, so signing one does not fork the log.
   */
  public String signedCheckpointAt(long size) {
    byte[] root;
    synchronized (tree) {
      root = tree.root(size);
    }
    return new Checkpoint(options.origin(), size, root).sign(key);
  }

  /** The key that verifies this log's checkpoints. */
  public NoteVerifierKey verifierKey() {
    return verifierKey;
  }

  /**
   * Appends an entry and returns it once it is durable and covered by a signed checkpoint.
   *
   * @throws EvidenceRejection if the entry is malformed or larger than 64 KiB encoded
   * @throws IOException if it could not be made durable
   */
  public EvidenceEntry append(String type, Severity severity, ObjectNode payload)
      throws IOException, EvidenceRejection {
    try {
      return entry(appendAsync(type, severity, payload).get());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while waiting for the evidence log", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof EvidenceRejection rejection) {
        throw rejection;
      }
      if (e.getCause() instanceof IOException io) {
        throw io;
      }
      throw new IOException("evidence append failed", e.getCause());
    }
  }

  /**
   * Queues an entry; the future completes with its sequence number once it is durable and
   * checkpointed, or fails with {@link EvidenceRejection} or {@link IOException}. The payload is
   * canonicalized on the calling thread.
   */
  public CompletableFuture<Long> appendAsync(String type, Severity severity, ObjectNode payload) {
    CompletableFuture<Long> done = new CompletableFuture<>();
    if (closed) {
      done.completeExceptionally(new IOException("the evidence log is closed"));
      return done;
    }
    byte[] canonical;
    try {
      EvidenceEntry.requireType(type);
      Objects.requireNonNull(severity, "severity");
      canonical = EvidenceEntry.canonicalPayload(payload);
      if (canonical.length > EvidenceEntry.MAX_BYTES) {
        throw new EvidenceRejection(
            "entry-too-large",
            "an evidence entry is at most " + EvidenceEntry.MAX_BYTES + " bytes encoded");
      }
    } catch (IllegalArgumentException | NullPointerException e) {
      done.completeExceptionally(new EvidenceRejection("entry-format", e.getMessage()));
      return done;
    } catch (EvidenceRejection e) {
      done.completeExceptionally(e);
      return done;
    }
    try {
      queue.put(new Pending(type, severity, canonical, done));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      done.completeExceptionally(new IOException("interrupted", e));
    }
    return done;
  }

  /** Reads entry {@code sequence} back from disk. */
  public EvidenceEntry entry(long sequence) throws IOException {
    try {
      return EvidenceEntry.decode(entryBytes(sequence));
    } catch (EvidenceRejection e) {
      throw new IOException("entry " + sequence + " no longer reads back: " + e.getMessage(), e);
    }
  }

  /** The canonical bytes of entry {@code sequence}, as hashed into the tree. */
  public byte[] entryBytes(long sequence) throws IOException {
    Location location;
    synchronized (tree) {
      if (sequence < 0 || sequence >= tree.size()) {
        throw new IllegalArgumentException("no entry " + sequence);
      }
      location = locations.get((int) sequence);
    }
    try (FileChannel in = FileChannel.open(location.segment(), StandardOpenOption.READ)) {
      ByteBuffer header = ByteBuffer.allocate(LogFrames.HEADER);
      in.read(header, location.offset());
      header.flip();
      header.get();
      int length = header.getInt();
      ByteBuffer payload = ByteBuffer.allocate(length);
      in.read(payload, location.offset() + LogFrames.HEADER);
      return payload.array();
    }
  }

  /** RFC 9162 inclusion proof of {@code index} in the tree of {@code size}. */
  public List<byte[]> inclusionProof(long index, long size) {
    synchronized (tree) {
      return tree.inclusionProof(index, size);
    }
  }

  /** RFC 9162 consistency proof from {@code size1} to {@code size2}. */
  public List<byte[]> consistencyProof(long size1, long size2) {
    synchronized (tree) {
      return tree.consistencyProof(size1, size2);
    }
  }

  /** The root at {@code size}. */
  public byte[] root(long size) {
    synchronized (tree) {
      return tree.root(size);
    }
  }

  // ------------------------------------------------------------------ writing

  private void drain() {
    List<Pending> batch = new ArrayList<>(options.maxBatch());
    boolean stopping = false;
    while (!stopping) {
      try {
        Pending first = queue.take();
        batch.clear();
        batch.add(first);
        queue.drainTo(batch, options.maxBatch() - 1);
        stopping = batch.remove(STOP);
        if (!batch.isEmpty()) {
          commit(batch);
        }
      } catch (InterruptedException e) {
        // only close() stops the writer, by queueing STOP
      } catch (RuntimeException e) {
        LOG.log(Level.ERROR, "evidence writer failed", e);
      }
    }
    Pending left;
    while ((left = queue.poll()) != null) {
      left.done().completeExceptionally(new IOException("the evidence log is closed"));
    }
  }

  private void commit(List<Pending> batch) {
    List<Long> written = new ArrayList<>(batch.size());
    List<Pending> accepted = new ArrayList<>(batch.size());
    List<byte[]> leafHashes = new ArrayList<>(batch.size());
    List<Location> newLocations = new ArrayList<>(batch.size());
    long next = size();
    try {
      rollSegmentIfFull();
      ByteBuffer out = ByteBuffer.allocate(batchBytes(batch));
      long offset = segmentSize;
      for (Pending pending : batch) {
        byte[] bytes;
        try {
          bytes =
              EvidenceEntry.encode(
                  next,
                  clock.instant().toString(),
                  monotonicMicros.getAsLong(),
                  boot,
                  pending.type(),
                  pending.severity(),
                  pending.canonicalPayload());
        } catch (EvidenceRejection e) {
          pending.done().completeExceptionally(e);
          continue;
        }
        byte[] frame = LogFrames.frame(LogFrames.ENTRY, bytes);
        if (out.remaining() < frame.length) {
          ByteBuffer bigger = ByteBuffer.allocate(out.capacity() * 2 + frame.length);
          out.flip();
          bigger.put(out);
          out = bigger;
        }
        out.put(frame);
        newLocations.add(new Location(segment, offset));
        offset += frame.length;
        leafHashes.add(MerkleHashes.leaf(bytes));
        written.add(next);
        accepted.add(pending);
        next++;
      }
      if (accepted.isEmpty()) {
        return;
      }
      out.flip();
      writeFully(out);
      channel.force(false); // phase 1: the entries are durable
      synchronized (tree) {
        leafHashes.forEach(tree::append);
        locations.addAll(newLocations);
      }
      writeCheckpoint(); // phase 2: a signed checkpoint covering them is durable
      for (int i = 0; i < accepted.size(); i++) {
        accepted.get(i).done().complete(written.get(i));
      }
    } catch (IOException | UncheckedIOException e) {
      IOException failure =
          e instanceof IOException io ? io : ((UncheckedIOException) e).getCause();
      batch.forEach(p -> p.done().completeExceptionally(failure));
      LOG.log(Level.ERROR, "evidence commit failed; entries were not acknowledged", e);
    }
  }

  private static int batchBytes(List<Pending> batch) {
    return Math.max(64 * 1024, batch.size() * 512);
  }

  private void writeCheckpoint() throws IOException {
    Checkpoint checkpoint;
    synchronized (tree) {
      checkpoint = new Checkpoint(options.origin(), tree.size(), tree.root());
    }
    String note = checkpoint.sign(key);
    byte[] frame = LogFrames.frame(LogFrames.CHECKPOINT, note.getBytes(StandardCharsets.UTF_8));
    writeFully(ByteBuffer.wrap(frame));
    channel.force(false);
    latestNote = note;
    latest = checkpoint;
  }

  private void writeFully(ByteBuffer buffer) throws IOException {
    while (buffer.hasRemaining()) {
      dirty = true;
      segmentSize += channel.write(buffer, segmentSize);
    }
  }

  private void rollSegmentIfFull() throws IOException {
    if (segmentSize < options.segmentBytes()) {
      return;
    }
    channel.force(true);
    channel.close();
    openSegmentForAppend(null, 0);
    // Each segment starts with the current checkpoint, so it can be checked on its own.
    writeCheckpoint();
  }

  private void openSegmentForAppend(Path existing, long keepBytes) throws IOException {
    boolean created = existing == null;
    if (created) {
      segment = options.directory().resolve(segmentName(size()));
      keepBytes = 0;
    } else {
      segment = existing;
    }
    channel =
        FileChannel.open(
            segment, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.READ);
    if (channel.size() != keepBytes) {
      channel.truncate(keepBytes); // cut the torn tail
      channel.force(true);
    }
    segmentSize = keepBytes;
    if (created) {
      syncDirectory(options.directory());
    }
  }

  static String segmentName(long firstSequence) {
    return String.format(Locale.ROOT, "log-%020d%s", firstSequence, SEGMENT_SUFFIX);
  }

  private static void syncDirectory(Path dir) {
    try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
      d.force(true);
    } catch (IOException | UnsupportedOperationException e) {
      // best effort
    }
  }

  @Override
  public void close() {
    closed = true;
    try {
      queue.put(STOP);
      writer.join(10_000);
      if (dirty) {
        channel.force(true);
      }
      channel.close();
      if (lockChannel != null) {
        lockChannel.close(); // releases the lock
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (IOException e) {
      LOG.log(Level.WARNING, "closing the evidence log failed", e);
    }
  }

  // ------------------------------------------------------------------ recovery

  /** Reads every segment, rebuilding the tree and checking it against the signed checkpoints. */
  private static final class Scan {
    MerkleTree tree = new MerkleTree();
    final List<Location> locations = new ArrayList<>();
    String latestNote;
    Checkpoint latest;
    Path lastSegment;
    long keepBytes;
    Recovery recovery;

    static Scan run(Options options, NoteVerifierKey verifier)
        throws IOException, EvidenceTampered {
      Scan scan = new Scan();
      List<Path> segments;
      try (Stream<Path> files = Files.list(options.directory())) {
        segments =
            files
                .filter(p -> p.getFileName().toString().endsWith(SEGMENT_SUFFIX))
                .sorted()
                .toList();
      }
      long checkpoints = 0;
      long tornBytes = 0;
      long unacknowledged = 0;
      for (int s = 0; s < segments.size(); s++) {
        Path path = segments.get(s);
        boolean last = s == segments.size() - 1;
        byte[] data = Files.readAllBytes(path);
        int offset = 0;
        long checkpointEnd = -1;
        long entriesAfterCheckpoint = 0;
        long treeSizeAtCheckpoint = scan.tree.size();
        while (offset < data.length) {
          LogFrames.Frame frame = LogFrames.read(data, offset);
          String where = path.getFileName() + " @" + offset;
          if (frame == null) {
            if (!last) {
              throw new EvidenceTampered(
                  "damaged-sealed-segment",
                  where,
                  "a frame in a completed segment does not read back");
            }
            if (laterCheckpointExists(data, offset + 1, verifier, scan.tree.size())) {
              throw new EvidenceTampered(
                  "damaged-acknowledged-entry",
                  where,
                  "a damaged frame is followed by a valid later checkpoint: acknowledged data was altered");
            }
            break; // a torn tail: cut below
          }
          if (frame.kind() == LogFrames.ENTRY) {
            EvidenceEntry entry;
            try {
              entry = EvidenceEntry.decode(frame.payload());
            } catch (EvidenceRejection e) {
              throw new EvidenceTampered("entry-unreadable", where, e.getMessage());
            }
            if (entry.sequence() != scan.tree.size()) {
              throw new EvidenceTampered(
                  "entry-sequence",
                  where,
                  String.format(
                      Locale.ROOT,
                      "expected entry %d, found entry %d (entries removed, inserted or reordered)",
                      scan.tree.size(),
                      entry.sequence()));
            }
            scan.tree.append(MerkleHashes.leaf(frame.payload()));
            scan.locations.add(new Location(path, frame.offset()));
            entriesAfterCheckpoint++;
          } else {
            Checkpoint checkpoint = verifyCheckpoint(frame.payload(), verifier, scan.tree, where);
            scan.latest = checkpoint;
            scan.latestNote = new String(frame.payload(), StandardCharsets.UTF_8);
            checkpointEnd = frame.end();
            treeSizeAtCheckpoint = scan.tree.size();
            entriesAfterCheckpoint = 0;
            checkpoints++;
          }
          offset = (int) frame.end();
        }
        if (last) {
          long keep = Math.max(checkpointEnd, 0);
          tornBytes = data.length - keep;
          unacknowledged = entriesAfterCheckpoint;
          // Entries after the last checkpoint were never acknowledged: drop them from the tree.
          if (unacknowledged > 0) {
            MerkleTree kept = new MerkleTree();
            for (long i = 0; i < treeSizeAtCheckpoint; i++) {
              kept.append(scan.tree.leafHash(i));
            }
            scan.tree = kept;
            scan.locations.subList((int) treeSizeAtCheckpoint, scan.locations.size()).clear();
          }
          scan.lastSegment = path;
          scan.keepBytes = keep;
        } else if (checkpointEnd != data.length) {
          throw new EvidenceTampered(
              "sealed-segment-tail",
              path.getFileName().toString(),
              "a completed segment does not end with a checkpoint");
        }
      }
      scan.recovery = new Recovery(scan.tree.size(), checkpoints, tornBytes, unacknowledged);
      if (tornBytes > 0) {
        LOG.log(
            Level.WARNING,
            "evidence log recovered from a crash: cut {0} torn bytes ({1} unacknowledged entries)",
            tornBytes,
            unacknowledged);
      }
      return scan;
    }

    private static Checkpoint verifyCheckpoint(
        byte[] payload, NoteVerifierKey verifier, MerkleTree tree, String where)
        throws EvidenceTampered {
      Checkpoint checkpoint;
      try {
        checkpoint = Checkpoint.parse(SignedNote.parse(payload).verify(List.of(verifier)).text());
      } catch (NoteRejection e) {
        throw new EvidenceTampered("checkpoint-signature", where, e.getMessage());
      }
      if (!checkpoint.origin().equals(verifier.name())) {
        throw new EvidenceTampered(
            "checkpoint-origin", where, "a checkpoint of another log: " + checkpoint.origin());
      }
      if (checkpoint.size() != tree.size()) {
        throw new EvidenceTampered(
            "checkpoint-size",
            where,
            String.format(
                Locale.ROOT,
                "the checkpoint covers %d entries but %d precede it",
                checkpoint.size(),
                tree.size()));
      }
      if (!java.util.Arrays.equals(checkpoint.rootHash(), tree.root())) {
        throw new EvidenceTampered(
            "checkpoint-root",
            where,
            "the entries before this checkpoint do not hash to its root (an entry was edited)");
      }
      return checkpoint;
    }

    /** Whether a valid, signed, larger checkpoint appears anywhere after {@code from}. */
    private static boolean laterCheckpointExists(
        byte[] data, int from, NoteVerifierKey verifier, long sizeSoFar) {
      for (int offset = from; offset + LogFrames.HEADER <= data.length; offset++) {
        if (data[offset] != LogFrames.CHECKPOINT) {
          continue;
        }
        LogFrames.Frame frame = LogFrames.read(data, offset);
        if (frame == null) {
          continue;
        }
        try {
          Checkpoint checkpoint =
              Checkpoint.parse(SignedNote.parse(frame.payload()).verify(List.of(verifier)).text());
          if (checkpoint.size() >= sizeSoFar) {
            return true;
          }
        } catch (NoteRejection e) {
          // not a checkpoint of ours
        }
      }
      return false;
    }
  }
}
