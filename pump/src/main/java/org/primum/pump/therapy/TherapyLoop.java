package org.primum.pump.therapy;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;

/**
 * Runs a pump's delivery loop on a thread of its own, and its watchdog on another: nothing else
 * (the hub link, the evidence uploader, the updater) shares them, so no network trouble can slow
 * therapy (PUMP-SAFETY S7, MN9). Local actions are queued onto the loop's thread, between steps.
 */
public final class TherapyLoop implements AutoCloseable {
  private final InfusionPump pump;
  private final Duration step;
  private final ScheduledExecutorService loop;
  private final ScheduledExecutorService watchdog;
  private volatile long stalledUntilNanos;

  public TherapyLoop(InfusionPump pump, Duration step, String name) {
    this.pump = Objects.requireNonNull(pump, "pump");
    this.step = Objects.requireNonNull(step, "step");
    this.loop = Executors.newSingleThreadScheduledExecutor(daemon("primum-therapy-" + name));
    this.watchdog = Executors.newSingleThreadScheduledExecutor(daemon("primum-watchdog-" + name));
  }

  private static ThreadFactory daemon(String name) {
    return r -> {
      Thread thread = new Thread(r, name);
      thread.setDaemon(true);
      thread.setPriority(Thread.MAX_PRIORITY);
      return thread;
    };
  }

  /** Starts stepping the loop and checking its deadline. */
  public void start() {
    long millis = step.toMillis();
    loop.scheduleAtFixedRate(this::step, millis, millis, TimeUnit.MILLISECONDS);
    watchdog.scheduleAtFixedRate(
        pump::watchdogCheck, millis, millis / 2 + 1, TimeUnit.MILLISECONDS);
  }

  private void step() {
    long stall = stalledUntilNanos - System.nanoTime();
    if (stall > 0) {
      try {
        Thread.sleep(TimeUnit.NANOSECONDS.toMillis(stall) + 1); // an injected hang of the loop
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
    try {
      pump.tick();
    } catch (RuntimeException e) {
      // A failing step must not end the loop silently: the watchdog sees the missed deadlines.
      System.getLogger(TherapyLoop.class.getName())
          .log(System.Logger.Level.ERROR, "delivery loop step failed", e);
    }
  }

  /** Runs a local action on the loop's thread, between two steps. */
  public void submit(Runnable action) {
    loop.execute(action);
  }

  /** Runs a local action on the loop's thread after {@code delay}. */
  public void schedule(Runnable action, Duration delay) {
    loop.schedule(action, delay.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Runs a check on the loop's thread every {@code period}. */
  public void every(Duration period, Runnable check) {
    loop.scheduleAtFixedRate(check, period.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Fault injection: the loop hangs for {@code duration} (the watchdog must catch it). */
  public void stall(Duration duration) {
    stalledUntilNanos = System.nanoTime() + duration.toNanos();
  }

  public InfusionPump pump() {
    return pump;
  }

  @Override
  public void close() {
    loop.shutdownNow();
    watchdog.shutdownNow();
  }
}
