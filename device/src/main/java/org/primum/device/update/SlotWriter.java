package org.primum.device.update;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Writes a download to its file on a second thread while the caller hashes the next chunk, so
 * streaming verification runs at the speed of the slower of hashing and writing instead of their
 * sum. Buffers change hands instead of being copied; memory is bounded: at most {@code depth}
 * buffers are in flight.
 *
 * <p>{@link #finish()} waits for every chunk, forces the file to disk and reports the first write
 * failure; {@link #close()} without {@code finish()} abandons the rest (the prefix already written
 * stays, for a resumed download).
 */
final class SlotWriter implements AutoCloseable {
  private record Chunk(byte[] buffer, int count) {}

  private static final Chunk END = new Chunk(new byte[0], 0);

  private final FileChannel out;
  private final BlockingQueue<Chunk> queue;
  private final BlockingQueue<byte[]> free;
  private final Thread thread;
  private volatile IOException failure;

  SlotWriter(FileChannel out, int depth) {
    this.out = out;
    this.queue = new ArrayBlockingQueue<>(depth + 1);
    this.free = new ArrayBlockingQueue<>(depth + 2);
    this.thread = new Thread(this::drain, "primum-update-slot-writer");
    thread.setDaemon(true);
    thread.start();
  }

  /**
   * Takes {@code buffer} (its first {@code count} bytes) to be written and returns a buffer of the
   * same size for the caller to fill next; blocks while {@code depth} buffers are in flight.
   */
  byte[] hand(byte[] buffer, int count) throws IOException {
    if (failure != null) {
      throw failure;
    }
    put(new Chunk(buffer, count));
    byte[] next = free.poll();
    return next != null && next.length == buffer.length ? next : new byte[buffer.length];
  }

  /** Waits until everything is written and forced to disk. */
  void finish() throws IOException {
    put(END);
    join();
    if (failure != null) {
      throw failure;
    }
    out.force(true);
  }

  private void put(Chunk chunk) throws IOException {
    try {
      queue.put(chunk);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while writing the download");
    }
  }

  private void join() throws IOException {
    try {
      thread.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while writing the download");
    }
  }

  private void drain() {
    try {
      while (true) {
        Chunk chunk = queue.take();
        if (chunk == END) {
          return;
        }
        if (failure == null) {
          try {
            ByteBuffer bytes = ByteBuffer.wrap(chunk.buffer(), 0, chunk.count());
            while (bytes.hasRemaining()) {
              out.write(bytes);
            }
          } catch (IOException e) {
            failure = e;
          } catch (RuntimeException e) {
            // Keep draining, so the caller never blocks on a full queue; it sees the failure.
            failure = new IOException("writing the download failed: " + e, e);
          }
        }
        free.offer(chunk.buffer());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    if (thread.isAlive()) {
      queue.clear();
      queue.offer(END);
      try {
        thread.join(10_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
