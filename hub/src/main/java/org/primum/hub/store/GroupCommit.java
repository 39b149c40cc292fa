package org.primum.hub.store;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Group commit: many callers' small writes share one transaction (one fsync), and each caller
 * returns only after the transaction holding its write has committed. Durable before acknowledged,
 * without one disk flush per request.
 *
 * <p>One writer thread takes the first waiting item, gathers up to {@code maxBatch} more that are
 * already waiting, runs them in order in one transaction and commits. If the batch fails as a
 * whole, each item is retried in its own transaction, so one bad item cannot fail the others.
 * Nothing is acknowledged before its commit, so nothing acknowledged lives only in memory.
 *
 * @param <I> the item to write
 * @param <R> what the write returns to its caller
 */
public final class GroupCommit<I, R> implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(GroupCommit.class);

  /** One item's write inside the shared transaction. */
  @FunctionalInterface
  public interface Work<I, R> {
    R apply(Handle handle, I item);
  }

  private record Pending<I, R>(I item, CompletableFuture<R> result) {}

  private final Jdbi jdbi;
  private final Work<I, R> work;
  private final int maxBatch;
  private final BlockingQueue<Pending<I, R>> queue;
  private final List<Thread> writers = new ArrayList<>();
  private volatile boolean closed;

  public GroupCommit(Jdbi jdbi, Work<I, R> work, int maxBatch, String name) {
    this(jdbi, work, maxBatch, 1, name);
  }

  /**
   * With {@code writers} threads, as many transactions are open at once: for a database that writes
   * concurrently (PostgreSQL), so one transaction's round trips do not hold up the rest. Writes
   * must then be safe under concurrency on their own (conditional updates, keys).
   */
  public GroupCommit(Jdbi jdbi, Work<I, R> work, int maxBatch, int writers, String name) {
    this.jdbi = Objects.requireNonNull(jdbi, "jdbi");
    this.work = Objects.requireNonNull(work, "work");
    if (maxBatch < 1) {
      throw new IllegalArgumentException("maxBatch must be at least 1");
    }
    this.maxBatch = maxBatch;
    if (writers < 1) {
      throw new IllegalArgumentException("writers must be at least 1");
    }
    this.queue = new ArrayBlockingQueue<>(maxBatch * 16);
    for (int i = 0; i < writers; i++) {
      Thread writer = new Thread(this::drain, "primum-group-commit-" + name + "-" + i);
      writer.setDaemon(true);
      writer.start();
      this.writers.add(writer);
    }
  }

  /**
   * Writes {@code item} and returns once its transaction has committed.
   *
   * @throws IllegalStateException if closed, or wrapping the write's own failure
   */
  public R submit(I item) {
    if (closed) {
      throw new IllegalStateException("group commit is closed");
    }
    CompletableFuture<R> result = new CompletableFuture<>();
    try {
      queue.put(new Pending<>(item, result));
      return result.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for commit", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw new IllegalStateException(e.getCause());
    }
  }

  private void drain() {
    List<Pending<I, R>> batch = new ArrayList<>(maxBatch);
    while (!closed || !queue.isEmpty()) {
      try {
        Pending<I, R> first = queue.poll(100, TimeUnit.MILLISECONDS);
        if (first == null) {
          continue;
        }
        batch.clear();
        batch.add(first);
        queue.drainTo(batch, maxBatch - 1);
        commit(batch);
      } catch (InterruptedException e) {
        if (closed) {
          break;
        }
      } catch (RuntimeException | Error e) {
        LOG.error("group commit writer failed; continuing", e);
      }
    }
    Pending<I, R> left;
    while ((left = queue.poll()) != null) {
      left.result().completeExceptionally(new IllegalStateException("group commit closed"));
    }
  }

  private void commit(List<Pending<I, R>> batch) {
    try {
      List<R> results =
          jdbi.inTransaction(
              h -> {
                List<R> out = new ArrayList<>(batch.size());
                for (Pending<I, R> pending : batch) {
                  out.add(work.apply(h, pending.item()));
                }
                return out;
              });
      for (int i = 0; i < batch.size(); i++) {
        batch.get(i).result().complete(results.get(i));
      }
    } catch (RuntimeException batchFailure) {
      if (batch.size() == 1) {
        batch.get(0).result().completeExceptionally(batchFailure);
        return;
      }
      for (Pending<I, R> pending : batch) {
        try {
          pending.result().complete(jdbi.inTransaction(h -> work.apply(h, pending.item())));
        } catch (RuntimeException e) {
          pending.result().completeExceptionally(e);
        }
      }
    }
  }

  @Override
  public void close() {
    closed = true; // the writers finish what is queued, then stop
    try {
      for (Thread writer : writers) {
        writer.join(5_000);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
