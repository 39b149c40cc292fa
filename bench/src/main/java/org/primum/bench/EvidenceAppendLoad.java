package org.primum.bench;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.primum.core.crypto.Ed25519KeyPair;
import org.primum.core.evidence.Severity;
import org.primum.device.evidence.EvidenceLog;

/**
 * Durable evidence appends with group commit: {@code --writers} threads (default 8) each append
 * {@code --per-writer} entries of about 256 bytes, keeping up to {@code --in-flight} appends
 * outstanding, on the real disk under {@code --dir} (default a temporary directory). Every entry is
 * acknowledged only after it and a signed checkpoint covering it were forced to disk.
 */
public final class EvidenceAppendLoad {
  private EvidenceAppendLoad() {}

  public static void main(String[] args) throws Exception {
    java.util.Map<String, String> o = new java.util.HashMap<>();
    for (int i = 0; i + 1 < args.length; i += 2) {
      o.put(args[i].replaceFirst("^--", ""), args[i + 1]);
    }
    int writers = Integer.parseInt(o.getOrDefault("writers", "8"));
    int perWriter = Integer.parseInt(o.getOrDefault("per-writer", "250000"));
    int inFlight = Integer.parseInt(o.getOrDefault("in-flight", "2048"));
    Path dir =
        o.containsKey("dir")
            ? Files.createDirectories(Path.of(o.get("dir")))
            : Files.createTempDirectory("primum-evidence-load");
    Ed25519KeyPair key = Ed25519KeyPair.generate(new SecureRandom());
    AtomicLong monotonic = new AtomicLong();
    EvidenceLog.Options options =
        new EvidenceLog.Options(dir, "primum.evidence/LOAD-0001", 64L * 1024 * 1024, 8192);
    try (EvidenceLog log =
        EvidenceLog.open(options, key, Clock.systemUTC(), monotonic::incrementAndGet, 1)) {
      // Warm up the JIT with a short run.
      run(log, writers, 20_000, inFlight);
      long before = log.size();
      long start = System.nanoTime();
      run(log, writers, perWriter, inFlight);
      double seconds = (System.nanoTime() - start) / 1e9;
      long appended = log.size() - before;
      System.out.printf(
          Locale.ROOT,
          "durable appends: %d entries by %d writers in %.2f s = %.0f entries/s (log at %s)%n",
          appended,
          writers,
          seconds,
          appended / seconds,
          dir);
    }
  }

  private static void run(EvidenceLog log, int writers, int perWriter, int inFlight)
      throws Exception {
    List<Thread> threads = new ArrayList<>();
    for (int w = 0; w < writers; w++) {
      int writer = w;
      Thread thread =
          new Thread(
              () -> {
                Deque<CompletableFuture<Long>> pending = new ArrayDeque<>();
                ObjectNode payload = JsonNodeFactory.instance.objectNode();
                payload.put("message", "x".repeat(100));
                payload.put("writer", writer);
                for (int i = 0; i < perWriter; i++) {
                  if (pending.size() >= inFlight) {
                    pending.removeFirst().join();
                  }
                  pending.addLast(log.appendAsync("bench.event", Severity.INFO, payload));
                }
                pending.forEach(CompletableFuture::join);
              });
      threads.add(thread);
      thread.start();
    }
    for (Thread thread : threads) {
      thread.join();
    }
  }
}
