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
 * sum. Buffers change hands instead of being copied, and they are direct buffers, so the write
 * needs no copy into a temporary native buffer; memory is bounded: at most {@code depth} buffers
 * are in flight.
 *
 * <p>{@link #finish()} waits for every chunk, forces the file to disk and reports the first write
 * failure; {@link #close()} without {@code finish()} abandons the rest (the prefix already written
 * stays, for a resumed download).
 */
final class SlotWriter implements AutoCloseable {
  private static final ByteBuffer END = ByteBuffer.allocate(0);

  private final FileChannel out;
  private final BlockingQueue<ByteBuffer> queue;
  private final BlockingQueue<ByteBuffer> free;
  private final Thread thread;
  private volatile IOException failure;

  /**
   * @param free where written buffers go back to, and where {@link #hand} takes the next one from
   *     (a pool that outlives this writer, so downloads reuse their native memory instead of
   *     waiting for the garbage collector to free it)
   */
  SlotWriter(FileChannel out, int depth, BlockingQueue<ByteBuffer> free) {
    this.out = out;
    this.queue = new ArrayBlockingQueue<>(depth + 1);
    this.free = free;
    this.thread = new Thread(this::drain, "primum-update-slot-writer");
    thread.setDaemon(true);
    thread.start();
  }

  /**
   * Takes {@code chunk} (its bytes from position to limit) to be written and returns an empty
   * direct buffer of the same capacity for the caller to fill next; blocks while {@code depth}
   * buffers are in flight. The caller must not touch {@code chunk} again.
   */
  ByteBuffer hand(ByteBuffer chunk) throws IOException {
    if (failure != null) {
      throw failure;
    }
    int capacity = chunk.capacity();
    put(chunk);
    ByteBuffer next = free.poll();
    return next != null && next.capacity() == capacity ? next : ByteBuffer.allocateDirect(capacity);
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

  private void put(ByteBuffer chunk) throws IOException {
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
        ByteBuffer chunk = queue.take();
        if (chunk == END) {
          return;
        }
        if (failure == null) {
          try {
            while (chunk.hasRemaining()) {
              out.write(chunk);
            }
          } catch (IOException e) {
            failure = e;
          } catch (RuntimeException e) {
            // Keep draining, so the caller never blocks on a full queue; it sees the failure.
            failure = new IOException("writing the download failed: " + e, e);
          }
        }
        chunk.clear();
        free.offer(chunk);
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
