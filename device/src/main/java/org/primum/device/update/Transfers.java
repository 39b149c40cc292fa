package org.primum.device.update;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.ReadableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.primum.core.tuf.TufMetadata;
import org.primum.core.tuf.TufRejection;

/**
 * Bounded, speed-checked reads from a {@link Fetcher}: metadata into memory (refused beyond its
 * bound: endless data), targets streamed into a file while their hashes are computed (never more
 * than the trusted length is read), both aborted when the average speed over a window falls below
 * the minimum (slow retrieval). A watchdog closes a stream that stalls completely, so a read never
 * blocks for ever.
 */
final class Transfers {
  /** The hash algorithms verified (TUF §4.5 HASHES); others are ignored. */
  static final Map<String, String> ALGORITHMS = Map.of("sha256", "SHA-256", "sha512", "SHA-512");

  private static final int BUFFER = 256 * 1024;

  /**
   * Targets stream through direct buffers of this size, {@link #TARGET_DEPTH} of them in flight to
   * the slot writer: 4 MiB of native memory, none of it on the heap. Large direct buffers let the
   * reader and the writer skip the JDK's copy through a temporary native buffer, which is what
   * keeps streaming verification near the speed of hashing alone (docs/performance.md).
   */
  private static final int TARGET_CHUNK = 1024 * 1024;

  private static final int TARGET_DEPTH = 4;

  /** Hashing reads a direct chunk through this much heap at a time (stays in the L1 cache). */
  private static final int HASH_SCRATCH = 16 * 1024;

  private static final class Watchdog {
    static final ScheduledExecutorService INSTANCE =
        Executors.newSingleThreadScheduledExecutor(
            runnable -> {
              Thread thread = new Thread(runnable, "primum-update-watchdog");
              thread.setDaemon(true);
              return thread;
            });
  }

  private final UpdateLimits limits;
  private final LongSupplier nanoTime;

  /** Direct chunks kept between target downloads (at most TARGET_DEPTH + 2, 6 MiB). */
  private final BlockingQueue<ByteBuffer> targetChunks = new ArrayBlockingQueue<>(TARGET_DEPTH + 2);

  Transfers(UpdateLimits limits) {
    this(limits, System::nanoTime);
  }

  Transfers(UpdateLimits limits, LongSupplier nanoTime) {
    this.limits = limits;
    this.nanoTime = nanoTime;
  }

  UpdateLimits limits() {
    return limits;
  }

  /**
   * Reads a whole metadata file of unknown or bounded size.
   *
   * @throws java.io.FileNotFoundException if the fetcher has no such file
   * @throws TufRejection.EndlessData if it is longer than {@code maxBytes}
   * @throws TufRejection.SlowRetrieval if it arrives too slowly
   */
  byte[] read(Fetcher fetcher, String path, long maxBytes) throws IOException, TufRejection {
    ByteArrayOutputStream out = new ByteArrayOutputStream((int) Math.min(maxBytes, 16 * 1024));
    try (InputStream in = fetcher.open(path, 0)) {
      long total =
          copy(
              in,
              path,
              maxBytes + 1,
              (buffer, count) -> {
                out.write(buffer, 0, count);
                return buffer;
              });
      if (total > maxBytes) {
        throw new TufRejection.EndlessData(path, maxBytes);
      }
    }
    return out.toByteArray();
  }

  /**
   * Streams a target into {@code file}, resuming after the prefix the file already holds, and
   * verifies its length and every supported hash over the whole file (TUF §5.7.3). On a mismatch
   * the file is deleted; when the transfer stops early the prefix is kept for the next attempt.
   */
  void download(Fetcher fetcher, String remotePath, TufMetadata.TargetFile expected, Path file)
      throws IOException, TufRejection {
    Map<String, MessageDigest> digests = digests(remotePath, expected.hashes());
    long length = expected.length();
    long have = Files.isRegularFile(file) ? Files.size(file) : 0;
    if (have > length) {
      // Longer than the trusted length: not a prefix of this target.
      Files.delete(file);
      have = 0;
    }
    if (have > 0) {
      try (InputStream prefix = Files.newInputStream(file)) {
        byte[] buffer = new byte[BUFFER];
        int n;
        while ((n = prefix.read(buffer)) > 0) {
          for (MessageDigest digest : digests.values()) {
            digest.update(buffer, 0, n);
          }
        }
      }
    }
    long total = have;
    if (have < length) {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      try (FileChannel out =
              FileChannel.open(
                  file,
                  StandardOpenOption.CREATE,
                  StandardOpenOption.WRITE,
                  StandardOpenOption.APPEND);
          ReadableByteChannel in = fetcher.openChannel(remotePath, have);
          SlotWriter writer = new SlotWriter(out, TARGET_DEPTH, targetChunks)) {
        // TUF §5.7.3: download up to the number of bytes the targets metadata gives, no more.
        // Hashing here and writing on the writer's thread overlap (bounded: TARGET_DEPTH chunks in
        // flight).
        byte[] scratch = new byte[HASH_SCRATCH];
        long copied;
        try {
          copied =
              copyTarget(
                  in,
                  remotePath,
                  length - have,
                  (chunk, from) -> {
                    hash(chunk, from, digests.values(), scratch);
                    return chunk;
                  },
                  writer::hand);
        } catch (IOException | TufRejection | RuntimeException e) {
          // Keep the prefix that arrived (hashed or not, it is only a prefix): the next attempt
          // resumes after it and verifies the whole file again.
          try {
            writer.finish();
          } catch (IOException writeFailure) {
            e.addSuppressed(writeFailure);
          }
          throw e;
        }
        writer.finish();
        total += copied;
      }
    }
    if (total < length) {
      throw new IOException(
          String.format(
              Locale.ROOT,
              "%s: the transfer stopped after %d of %d bytes; the next attempt resumes there",
              remotePath,
              total,
              length));
    }
    // TUF §5.7.3: the hashes over the whole file must match the trusted targets metadata.
    for (Map.Entry<String, MessageDigest> entry : digests.entrySet()) {
      byte[] found = entry.getValue().digest();
      byte[] wanted = parseHex(expected.hashes().get(entry.getKey()));
      if (!MessageDigest.isEqual(found, wanted)) {
        Files.deleteIfExists(file);
        throw new TufRejection.LengthOrHashMismatch(
            remotePath,
            entry.getKey() + " " + expected.hashes().get(entry.getKey()),
            entry.getKey() + " " + HexFormat.of().formatHex(found));
      }
    }
  }

  /**
   * Checks metadata bytes against the length and hashes a trusted role gave for them (TUF §5.5.2,
   * §5.6.2).
   */
  static void checkLengthAndHashes(String what, byte[] data, TufMetadata.MetaFile expected)
      throws TufRejection.LengthOrHashMismatch {
    if (expected.length().isPresent() && expected.length().getAsLong() != data.length) {
      throw new TufRejection.LengthOrHashMismatch(
          what, expected.length().getAsLong() + " bytes", data.length + " bytes");
    }
    checkHashes(what, data, expected.hashes(), false);
  }

  /** Checks every supported hash of {@code data}; with {@code required}, at least one must be. */
  static void checkHashes(String what, byte[] data, Map<String, String> hashes, boolean required)
      throws TufRejection.LengthOrHashMismatch {
    boolean any = false;
    for (Map.Entry<String, String> entry : new TreeMap<>(hashes).entrySet()) {
      String algorithm = ALGORITHMS.get(entry.getKey());
      if (algorithm == null) {
        continue;
      }
      any = true;
      byte[] found = digest(algorithm).digest(data);
      if (!MessageDigest.isEqual(found, parseHex(entry.getValue()))) {
        throw new TufRejection.LengthOrHashMismatch(
            what,
            entry.getKey() + " " + entry.getValue(),
            entry.getKey() + " " + HexFormat.of().formatHex(found));
      }
    }
    if (required && !any) {
      throw new TufRejection.LengthOrHashMismatch(
          what, "a sha256 or sha512 hash", "only " + new TreeMap<>(hashes).keySet());
    }
  }

  private static Map<String, MessageDigest> digests(String what, Map<String, String> hashes)
      throws TufRejection.LengthOrHashMismatch {
    Map<String, MessageDigest> digests = new LinkedHashMap<>();
    for (String name : new TreeMap<>(hashes).keySet()) {
      String algorithm = ALGORITHMS.get(name);
      if (algorithm != null) {
        digests.put(name, digest(algorithm));
      }
    }
    if (digests.isEmpty()) {
      throw new TufRejection.LengthOrHashMismatch(
          what, "a sha256 or sha512 hash", "only " + new TreeMap<>(hashes).keySet());
    }
    return digests;
  }

  private static MessageDigest digest(String algorithm) {
    try {
      return MessageDigest.getInstance(algorithm);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] parseHex(String hex) {
    try {
      return HexFormat.of().parseHex(hex);
    } catch (IllegalArgumentException e) {
      // An unreadable hash matches nothing.
      return new byte[0];
    }
  }

  @FunctionalInterface
  private interface Sink {
    /**
     * Takes {@code count} bytes from the start of {@code buffer}; returns the buffer to fill next.
     */
    byte[] write(byte[] buffer, int count) throws IOException;
  }

  /** Copies at most {@code limit} bytes, checking the speed after every read; returns the count. */
  private long copy(InputStream in, String what, long limit, Sink sink)
      throws IOException, TufRejection {
    byte[] buffer = new byte[(int) Math.min(BUFFER, Math.max(limit, 1))];
    long total = 0;
    try (SpeedGuard guard = new SpeedGuard(in, what)) {
      while (total < limit) {
        int n;
        try {
          n = in.read(buffer, 0, (int) Math.min(buffer.length, limit - total));
        } catch (IOException e) {
          guard.throwIfTooSlow();
          throw e;
        }
        if (n < 0) {
          guard.throwIfTooSlow();
          break;
        }
        total += n;
        buffer = sink.write(buffer, n);
        guard.progress(n);
      }
    }
    return total;
  }

  /** Sees the bytes a read added to a chunk: those from {@code from} to the chunk's position. */
  @FunctionalInterface
  private interface ChunkReader {
    ByteBuffer read(ByteBuffer chunk, int from) throws IOException;
  }

  /** Takes a full (flipped) chunk; returns an empty one to fill next. */
  @FunctionalInterface
  private interface ChunkSink {
    ByteBuffer write(ByteBuffer chunk) throws IOException;
  }

  /**
   * Copies at most {@code limit} bytes from {@code in} through direct chunks, checking the speed
   * after every read; each read's bytes go to {@code reader}, each full chunk (and the last) to
   * {@code sink}. Returns the count.
   */
  private long copyTarget(
      ReadableByteChannel in, String what, long limit, ChunkReader reader, ChunkSink sink)
      throws IOException, TufRejection {
    ByteBuffer spare = targetChunks.poll();
    ByteBuffer chunk = spare != null ? spare : ByteBuffer.allocateDirect(TARGET_CHUNK);
    long total = 0;
    Exception failure = null;
    try (SpeedGuard guard = new SpeedGuard(in, what)) {
      while (total < limit) {
        int from = chunk.position();
        chunk.limit((int) Math.min(chunk.capacity(), from + (limit - total)));
        int n;
        try {
          n = in.read(chunk);
        } catch (IOException e) {
          guard.throwIfTooSlow();
          throw e;
        }
        if (n < 0) {
          guard.throwIfTooSlow();
          break;
        }
        total += n;
        chunk = reader.read(chunk, from);
        guard.progress(n);
        if (chunk.position() == chunk.capacity()) {
          chunk.flip();
          chunk = sink.write(chunk);
        }
      }
    } catch (IOException | TufRejection | RuntimeException e) {
      failure = e;
      throw e;
    } finally {
      // The last chunk, full or not, also when the transfer stopped early (a resumable prefix).
      if (chunk.position() > 0) {
        chunk.flip();
        try {
          chunk = sink.write(chunk);
        } catch (IOException e) {
          if (failure == null) {
            throw e;
          }
          failure.addSuppressed(e);
        }
      }
      if (chunk.position() == 0) {
        targetChunks.offer(chunk.clear());
      }
    }
    return total;
  }

  /** Updates every digest with the chunk's bytes from {@code from} to its position. */
  private static void hash(
      ByteBuffer chunk, int from, Iterable<MessageDigest> digests, byte[] scratch) {
    ByteBuffer bytes = chunk.duplicate();
    bytes.limit(chunk.position()).position(from);
    while (bytes.hasRemaining()) {
      int n = Math.min(scratch.length, bytes.remaining());
      bytes.get(scratch, 0, n);
      for (MessageDigest digest : digests) {
        digest.update(scratch, 0, n);
      }
    }
  }

  /** Measures the average speed over each window; closes a stalled stream from the watchdog. */
  private final class SpeedGuard implements AutoCloseable {
    private final Closeable in;
    private final String what;
    private final long windowNanos;
    private final ScheduledFuture<?> tick;
    private long windowStart;
    private long windowBytes;
    private long measured = -1;

    SpeedGuard(Closeable in, String what) {
      this.in = in;
      this.what = what;
      this.windowNanos = limits.speedWindow().toNanos();
      this.windowStart = nanoTime.getAsLong();
      if (limits.minBytesPerSecond() > 0) {
        long period = Math.max(windowNanos / 4, TimeUnit.MILLISECONDS.toNanos(10));
        this.tick =
            Watchdog.INSTANCE.scheduleAtFixedRate(
                this::watch, period, period, TimeUnit.NANOSECONDS);
      } else {
        this.tick = null;
      }
    }

    synchronized void progress(int n) throws TufRejection.SlowRetrieval {
      windowBytes += n;
      measure();
      throwIfTooSlow();
    }

    synchronized void throwIfTooSlow() throws TufRejection.SlowRetrieval {
      if (measured < 0) {
        measure();
      }
      if (measured >= 0) {
        throw new TufRejection.SlowRetrieval(
            what, limits.minBytesPerSecond(), measured, format(limits.speedWindow()));
      }
    }

    /** Sets {@code measured} when a full window ran below the minimum; starts a new window. */
    private void measure() {
      if (limits.minBytesPerSecond() == 0 || measured >= 0) {
        return;
      }
      long now = nanoTime.getAsLong();
      long elapsed = now - windowStart;
      if (elapsed < windowNanos) {
        return;
      }
      long rate = (long) (windowBytes * 1e9 / elapsed);
      if (rate < limits.minBytesPerSecond()) {
        measured = rate;
      } else {
        windowStart = now;
        windowBytes = 0;
      }
    }

    private void watch() {
      boolean tooSlow;
      synchronized (this) {
        measure();
        tooSlow = measured >= 0;
      }
      if (tooSlow) {
        tick.cancel(false);
        try {
          in.close();
        } catch (IOException | RuntimeException e) {
          // closing only unblocks the reader; it reports the slow retrieval
        }
      }
    }

    @Override
    public void close() {
      if (tick != null) {
        tick.cancel(false);
      }
    }
  }

  private static String format(Duration window) {
    return window.toMillis() % 1000 == 0 ? window.toSeconds() + " s" : window.toMillis() + " ms";
  }
}
