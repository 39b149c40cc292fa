package org.primum.device.evidence;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
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
import org.primum.core.json.Json;
import org.primum.core.merkle.CompactRange;
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
 *
 * <p>Storage is bounded ({@link Options#maxBytes}). Once the hub's signed receipt covers whole
 * completed segments and the log uses more than half its space, those segments are reclaimed: a
 * {@link LogBase} keeps a signed checkpoint and the subtree roots of the reclaimed prefix, so every
 * later root and proof still follows. When the space is full of entries the hub has not witnessed,
 * new entries are dropped but never silently: they are summarised in an {@link EvidenceGap} that
 * becomes a signed {@code evidence.gap} entry as soon as there is room, and {@link #storageFull()}
 * is true (the device shows an alarm) until then.
 */
public final class EvidenceLog implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(EvidenceLog.class.getName());
  private static final String SEGMENT_SUFFIX = ".seg";

  /** Room kept free for gap records, reclamation notes and checkpoints when the log is full. */
  static final long RESERVE = 2L * (EvidenceEntry.MAX_BYTES + 4096);

  /** Room a gap record needs (it names at most 64 event types). */
  private static final long GAP_ROOM = 16 * 1024;

  /** Room the checkpoint after a commit needs. */
  private static final long CHECKPOINT_ROOM = 4 * 1024;

  /**
   * Where and how the log is kept.
   *
   * @param segmentBytes a segment is closed once it reaches this size
   * @param maxBatch most entries in one group commit
   * @param maxBytes most bytes the segments may use together
   */
  public record Options(
      Path directory, String origin, long segmentBytes, int maxBatch, long maxBytes) {
    public Options {
      Objects.requireNonNull(directory, "directory");
      Objects.requireNonNull(origin, "origin");
      if (segmentBytes < 64 * 1024 || maxBatch < 1) {
        throw new IllegalArgumentException("segments of at least 64 KiB, batches of at least 1");
      }
      if (maxBytes < 4 * segmentBytes || maxBytes < 8 * RESERVE) {
        throw new IllegalArgumentException(
            "the log needs room for at least 4 segments and "
                + 8 * RESERVE
                + " bytes; maxBytes is "
                + maxBytes);
      }
    }

    /** Unbounded for practical purposes (1 TiB): benchmarks and tools. */
    public Options(Path directory, String origin, long segmentBytes, int maxBatch) {
      this(directory, origin, segmentBytes, maxBatch, 1L << 40);
    }

    /** 8 MiB segments, commits of up to 4,096 entries, at most 128 MiB in all. */
    public static Options defaults(Path directory, String origin) {
      return new Options(directory, origin, 8L * 1024 * 1024, 4096, 128L * 1024 * 1024);
    }
  }

  /**
   * What {@link #open} found on disk.
   *
   * @param entries the log's size (including reclaimed entries)
   * @param firstHeld entries before this were reclaimed after the hub witnessed them
   */
  public record Recovery(
      long entries,
      long firstHeld,
      long checkpoints,
      long tornBytesCut,
      long unacknowledgedEntriesCut) {}

  /** A completed segment: its file, first sequence number and size. */
  private record Sealed(Path path, long first, long bytes) {}

  private record Location(Path segment, long offset) {}

  /**
   * An entry waiting for the writer; its payload was made canonical by the caller's thread. System
   * entries (gap records, reclamation notes) are the log's own and may use the reserved room.
   */
  private record Pending(
      String type,
      Severity severity,
      byte[] canonicalPayload,
      CompletableFuture<Long> done,
      boolean system) {}

  /** Queued by {@link #close()}: the writer commits what precedes it, then stops. */
  private static final Pending STOP = new Pending("stop", Severity.INFO, new byte[0], null, false);

  private final Options options;
  private final Ed25519KeyPair key;
  private final NoteVerifierKey verifierKey;
  private final Clock clock;
  private final LongSupplier monotonicMicros;
  private final long boot;

  /** Guards {@link #tree}, {@link #locations} and {@link #base}. */
  private final Object treeLock = new Object();

  private MerkleTree tree;

  /** Where each held entry is; index 0 is entry {@link #base}. */
  private final List<Location> locations;

  private long base;
  private final BlockingQueue<Pending> queue;
  private final Thread writer;
  private final Recovery recovery;
  private volatile String latestNote;
  private volatile Checkpoint latest;
  private volatile boolean closed;
  private Path segment;
  private FileChannel channel;
  private long segmentSize;

  /** The first sequence number of the active segment. */
  private long activeFirst;

  private boolean dirty;
  private FileChannel lockChannel;

  /** Completed segments, oldest first (writer thread). */
  private final List<Sealed> sealed;

  private final Path gapFile;

  /** How many entries {@link #offer} could not queue, by type and severity, to count in a gap. */
  private final java.util.Map<String, Long> overflow = new java.util.TreeMap<>();

  /** Entries dropped since storage filled up, or null (writer thread). */
  private EvidenceGap gap;

  private volatile long droppedSinceFull;
  private volatile long witnessedSize;
  private volatile String witnessReceipt = "";

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
    this.base = scan.tree.base();
    this.locations = scan.locations;
    this.sealed = scan.sealed;
    this.gapFile = options.directory().resolve("gap.json");
    this.gap = scan.gap;
    this.droppedSinceFull = gap == null ? 0 : gap.dropped();
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

  /** The number of entries, including reclaimed ones. */
  public long size() {
    synchronized (treeLock) {
      return tree.size();
    }
  }

  /** The first entry still held; earlier ones were reclaimed after the hub witnessed them. */
  public long firstHeld() {
    synchronized (treeLock) {
      return base;
    }
  }

  /** Bytes the segments use on disk. */
  public long storedBytes() {
    synchronized (treeLock) {
      return storedBytesLocked();
    }
  }

  private long storedBytesLocked() {
    long total = segmentSize;
    for (Sealed s : sealed) {
      total += s.bytes();
    }
    return total;
  }

  /**
   * Whether the log is full of entries the hub has not witnessed, so new entries are being
   * summarised in a gap record instead of stored.
   */
  public boolean storageFull() {
    return droppedSinceFull > 0;
  }

  /** How many entries were dropped since storage filled up (0 when it is not full). */
  public long droppedSinceFull() {
    return droppedSinceFull;
  }

  /**
   * Tells the log that the hub's verified receipt covers its first {@code size} entries, so
   * completed segments below that may be reclaimed when space runs short. The receipt is kept with
   * the reclaimed prefix's base for review.
   */
  public void witnessed(long size, String receipt) {
    if (size > witnessedSize) {
      witnessReceipt = Objects.requireNonNullElse(receipt, "");
      witnessedSize = size;
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
    synchronized (treeLock) {
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
    return enqueue(type, severity, payload, true);
  }

  /**
   * Like {@link #appendAsync} but never waits, even when the writer is behind: an entry that finds
   * the queue full is not stored but counted in the next gap record (the future fails with {@link
   * EvidenceStorageFull}). For callers such as the therapy path that must not block.
   */
  public CompletableFuture<Long> offer(String type, Severity severity, ObjectNode payload) {
    return enqueue(type, severity, payload, false);
  }

  private CompletableFuture<Long> enqueue(
      String type, Severity severity, ObjectNode payload, boolean wait) {
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
    Pending pending = new Pending(type, severity, canonical, done, false);
    try {
      if (wait) {
        queue.put(pending);
      } else if (!queue.offer(pending)) {
        synchronized (overflow) {
          overflow.merge(type + "\n" + severity.name(), 1L, Long::sum);
        }
        done.completeExceptionally(
            new EvidenceStorageFull(
                "the evidence writer is behind: the entry was counted in a gap record instead"));
      }
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
    synchronized (treeLock) {
      if (sequence < 0 || sequence >= tree.size()) {
        throw new IllegalArgumentException("no entry " + sequence);
      }
      if (sequence < base) {
        throw new IllegalArgumentException(
            "entry " + sequence + " was reclaimed after the hub witnessed it");
      }
      location = locations.get((int) (sequence - base));
    }
    return readFrame(location);
  }

  private static byte[] readFrame(Location location) throws IOException {
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
    synchronized (treeLock) {
      return tree.inclusionProof(index, size);
    }
  }

  /** RFC 9162 consistency proof from {@code size1} to {@code size2}. */
  public List<byte[]> consistencyProof(long size1, long size2) {
    synchronized (treeLock) {
      return tree.consistencyProof(size1, size2);
    }
  }

  /** The root at {@code size}. */
  public byte[] root(long size) {
    synchronized (treeLock) {
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
    List<Pending> dropped = new ArrayList<>();
    List<byte[]> leafHashes = new ArrayList<>(batch.size());
    List<Location> newLocations = new ArrayList<>(batch.size());
    long next = size();
    EvidenceGap closing = null;
    try {
      rollSegmentIfFull();
      List<Pending> work = new ArrayList<>(batch.size() + 2);
      reclaimIfDue().ifPresent(work::add);
      countOverflow(next);
      long limit = options.maxBytes() - RESERVE;
      if (gap != null && storedBytes() + GAP_ROOM <= limit) {
        // There is room again: the summary of what was dropped goes first.
        closing = gap;
        gap = null;
        work.add(systemEntry(EvidenceGap.TYPE, Severity.WARNING, closing.toJson(gapReason())));
      }
      work.addAll(batch);
      ByteBuffer out = ByteBuffer.allocate(batchBytes(work));
      long stored = storedBytes();
      long offset = segmentSize;
      for (Pending pending : work) {
        byte[] bytes;
        String deviceTime = clock.instant().toString();
        try {
          bytes =
              EvidenceEntry.encode(
                  next,
                  deviceTime,
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
        long used = stored + out.position() + frame.length;
        boolean fits =
            pending.system()
                ? used <= options.maxBytes() - CHECKPOINT_ROOM
                : gap == null && used <= limit;
        if (!fits) {
          if (gap == null) {
            gap = new EvidenceGap(next);
          }
          gap.add(bytes, pending.type(), pending.severity(), deviceTime);
          dropped.add(pending);
          continue;
        }
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
      if (!accepted.isEmpty()) {
        out.flip();
        writeFully(out);
        channel.force(false); // phase 1: the entries are durable
        synchronized (treeLock) {
          leafHashes.forEach(tree::append);
          locations.addAll(newLocations);
        }
        writeCheckpoint(); // phase 2: a signed checkpoint covering them is durable
      }
      settleGap(closing, dropped);
      for (int i = 0; i < accepted.size(); i++) {
        accepted.get(i).done().complete(written.get(i));
      }
    } catch (IOException | UncheckedIOException e) {
      IOException failure =
          e instanceof IOException io ? io : ((UncheckedIOException) e).getCause();
      if (closing != null) {
        closing.absorb(gap);
        gap = closing;
      }
      batch.forEach(p -> p.done().completeExceptionally(failure));
      LOG.log(Level.ERROR, "evidence commit failed; entries were not acknowledged", e);
    }
  }

  /**
   * After a commit: forgets a gap whose record is now durable, keeps the summary of entries dropped
   * in this commit on disk, and only then tells their callers they were dropped.
   */
  private void settleGap(EvidenceGap closing, List<Pending> dropped) throws IOException {
    if (gap != null) {
      SecureFiles.writePublic(gapFile, Json.write(gap.toJson(gapReason())));
      droppedSinceFull = gap.dropped();
    } else if (closing != null) {
      Files.deleteIfExists(gapFile);
      droppedSinceFull = 0;
      LOG.log(
          Level.WARNING,
          "evidence storage has room again: {0} dropped entries recorded in a gap record",
          closing.dropped());
    }
    if (!dropped.isEmpty()) {
      EvidenceStorageFull full =
          new EvidenceStorageFull(
              String.format(
                  Locale.ROOT,
                  "evidence storage is full (%d of %d bytes hold entries the hub has not"
                      + " witnessed): the entry was counted in a gap record instead",
                  storedBytes(),
                  options.maxBytes()));
      dropped.forEach(p -> p.done().completeExceptionally(full));
    }
  }

  /** Moves entries {@link #offer} could not queue into the gap. */
  private void countOverflow(long next) {
    synchronized (overflow) {
      if (overflow.isEmpty()) {
        return;
      }
      if (gap == null) {
        gap = new EvidenceGap(next);
      }
      for (var dropped : overflow.entrySet()) {
        String[] key = dropped.getKey().split("\n", 2);
        gap.addUnqueued(key[0], Severity.valueOf(key[1]), dropped.getValue());
      }
      overflow.clear();
    }
  }

  private String gapReason() {
    return String.format(
        Locale.ROOT,
        "storage full: %d of %d bytes held entries the hub had not witnessed (witnessed up to %d)",
        storedBytes(),
        options.maxBytes(),
        witnessedSize);
  }

  private static Pending systemEntry(String type, Severity severity, ObjectNode payload) {
    return new Pending(
        type, severity, EvidenceEntry.canonicalPayload(payload), new CompletableFuture<>(), true);
  }

  /**
   * Reclaims the oldest completed segments the hub's receipt covers, while the log uses more than
   * half its space. Returns the note that records it in the log, if anything was reclaimed.
   */
  private java.util.Optional<Pending> reclaimIfDue() throws IOException {
    long witnessed = witnessedSize;
    long stored = storedBytes();
    long newBase;
    int count = 0;
    long freed = 0;
    synchronized (treeLock) {
      newBase = base;
    }
    while (count < sealed.size() && stored - freed > options.maxBytes() / 2) {
      long end = count + 1 < sealed.size() ? sealed.get(count + 1).first() : activeFirst;
      if (end > witnessed) {
        break;
      }
      freed += sealed.get(count).bytes();
      newBase = end;
      count++;
    }
    if (count == 0) {
      return java.util.Optional.empty();
    }
    CompactRange range;
    synchronized (treeLock) {
      range = tree.compactRange(newBase);
    }
    // The base is durable before any segment goes, so a crash in between loses nothing.
    new LogBase(newBase, signedCheckpointAt(newBase), range, witnessReceipt)
        .write(options.directory());
    for (Sealed old : sealed.subList(0, count)) {
      Files.deleteIfExists(old.path());
    }
    SecureFiles.syncDirectory(options.directory());
    synchronized (treeLock) {
      MerkleTree resumed = MerkleTree.resumedFrom(range);
      for (long i = newBase; i < tree.size(); i++) {
        resumed.append(tree.leafHash(i));
      }
      locations.subList(0, (int) (newBase - base)).clear();
      tree = resumed;
      base = newBase;
      sealed.subList(0, count).clear();
    }
    LOG.log(
        Level.INFO,
        "reclaimed {0} evidence segment(s), {1} bytes: entries before {2} are held by the hub",
        count,
        freed,
        newBase);
    ObjectNode note = JsonNodeFactory.instance.objectNode();
    note.put("firstHeld", newBase);
    note.put("segments", count);
    note.put("bytes", freed);
    note.put("witnessedSize", witnessed);
    return java.util.Optional.of(systemEntry("evidence.reclaimed", Severity.INFO, note));
  }

  private static int batchBytes(List<Pending> batch) {
    return Math.max(64 * 1024, batch.size() * 512);
  }

  private void writeCheckpoint() throws IOException {
    Checkpoint checkpoint;
    synchronized (treeLock) {
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
    synchronized (treeLock) {
      sealed.add(new Sealed(segment, activeFirst, segmentSize));
    }
    openSegmentForAppend(null, 0);
    // Each segment starts with the current checkpoint, so it can be checked on its own.
    writeCheckpoint();
  }

  private void openSegmentForAppend(Path existing, long keepBytes) throws IOException {
    boolean created = existing == null;
    if (created) {
      activeFirst = size();
      segment = options.directory().resolve(segmentName(activeFirst));
      keepBytes = 0;
    } else {
      segment = existing;
      activeFirst = firstSequenceOf(existing);
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
      SecureFiles.syncDirectory(options.directory());
    }
  }

  static String segmentName(long firstSequence) {
    return String.format(Locale.ROOT, "log-%020d%s", firstSequence, SEGMENT_SUFFIX);
  }

  /** The first sequence number a segment file's name announces, or -1 if it is not one. */
  static long firstSequenceOf(Path segment) {
    String name = segment.getFileName().toString();
    if (!name.matches("log-[0-9]{20}\\" + SEGMENT_SUFFIX)) {
      return -1;
    }
    return Long.parseLong(name.substring(4, 24));
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
    final List<Sealed> sealed = new ArrayList<>();
    String latestNote;
    Checkpoint latest;
    Path lastSegment;
    long keepBytes;
    Recovery recovery;
    EvidenceGap gap;

    static Scan run(Options options, NoteVerifierKey verifier)
        throws IOException, EvidenceTampered {
      Scan scan = new Scan();
      LogBase logBase = LogBase.read(options.directory(), verifier);
      long base = 0;
      if (logBase != null) {
        base = logBase.size();
        scan.tree = MerkleTree.resumedFrom(logBase.range());
      }
      List<Path> segments = heldSegments(options.directory(), base);
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
        long firstInSegment = scan.tree.size();
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
            MerkleTree kept =
                logBase == null ? new MerkleTree() : MerkleTree.resumedFrom(logBase.range());
            for (long i = base; i < treeSizeAtCheckpoint; i++) {
              kept.append(scan.tree.leafHash(i));
            }
            scan.tree = kept;
            scan.locations
                .subList((int) (treeSizeAtCheckpoint - base), scan.locations.size())
                .clear();
          }
          scan.lastSegment = path;
          scan.keepBytes = keep;
        } else if (checkpointEnd != data.length) {
          throw new EvidenceTampered(
              "sealed-segment-tail",
              path.getFileName().toString(),
              "a completed segment does not end with a checkpoint");
        } else {
          scan.sealed.add(new Sealed(path, firstInSegment, data.length));
        }
      }
      scan.recovery = new Recovery(scan.tree.size(), base, checkpoints, tornBytes, unacknowledged);
      if (tornBytes > 0) {
        LOG.log(
            Level.WARNING,
            "evidence log recovered from a crash: cut {0} torn bytes ({1} unacknowledged entries)",
            tornBytes,
            unacknowledged);
      }
      scan.gap = pendingGap(options.directory(), scan);
      return scan;
    }

    /**
     * The segments at and after the reclaimed prefix. Segments wholly inside it are left over from
     * a reclamation a crash interrupted after its base was durable: they are deleted now.
     */
    private static List<Path> heldSegments(Path directory, long base)
        throws IOException, EvidenceTampered {
      List<Path> segments;
      try (Stream<Path> files = Files.list(directory)) {
        segments =
            files
                .filter(p -> p.getFileName().toString().endsWith(SEGMENT_SUFFIX))
                .sorted()
                .toList();
      }
      List<Path> held = new ArrayList<>();
      for (int s = 0; s < segments.size(); s++) {
        long first = firstSequenceOf(segments.get(s));
        if (first < 0) {
          throw new EvidenceTampered(
              "segment-name", segments.get(s).getFileName().toString(), "not a segment name");
        }
        long next = s + 1 < segments.size() ? firstSequenceOf(segments.get(s + 1)) : Long.MAX_VALUE;
        if (first < base && next <= base) {
          Files.delete(segments.get(s));
          continue;
        }
        if (held.isEmpty() && base > 0 && first != base) {
          throw new EvidenceTampered(
              "reclaimed-prefix",
              segments.get(s).getFileName().toString(),
              String.format(
                  Locale.ROOT,
                  "entries before %d were reclaimed, but the next segment starts at %d",
                  base,
                  first));
        }
        held.add(segments.get(s));
      }
      if (base > 0 && held.isEmpty()) {
        throw new EvidenceTampered(
            "reclaimed-prefix",
            LogBase.FILE,
            "entries before " + base + " were reclaimed, but no segment holds the rest");
      }
      return held;
    }

    /** The gap summary left by a previous run, unless its record already reached the log. */
    private static EvidenceGap pendingGap(Path directory, Scan scan) throws IOException {
      Path file = directory.resolve("gap.json");
      if (!Files.exists(file)) {
        return null;
      }
      EvidenceGap gap;
      try {
        gap = EvidenceGap.fromJson(Json.readTree(Files.readAllBytes(file)));
      } catch (Json.JsonRejection | IllegalArgumentException e) {
        throw new IOException("the evidence gap summary cannot be read: " + e.getMessage(), e);
      }
      // Only the log's own entries (a reclamation note) can precede the gap record.
      long from = Math.max(gap.since(), scan.tree.base());
      for (long i = from; i < Math.min(scan.tree.size(), from + 8); i++) {
        Location at = scan.locations.get((int) (i - scan.tree.base()));
        byte[] bytes = readFrame(at);
        try {
          EvidenceEntry entry = EvidenceEntry.decode(bytes);
          if (entry.type().equals(EvidenceGap.TYPE)
              && entry.payload().path("since").asLong(-1) == gap.since()) {
            Files.delete(file);
            return null;
          }
        } catch (EvidenceRejection e) {
          // read back during the scan already; cannot happen
        }
      }
      return gap;
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
