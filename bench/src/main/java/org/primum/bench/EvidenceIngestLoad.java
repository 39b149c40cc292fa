package org.primum.bench;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Recorder;
import org.primum.core.crypto.Ed25519KeyPair;
import org.primum.core.evidence.EvidenceEntry;
import org.primum.core.evidence.EvidenceUpload;
import org.primum.core.evidence.Severity;
import org.primum.core.formats.Checkpoint;
import org.primum.core.formats.NoteVerifierKey;
import org.primum.core.json.Json;
import org.primum.core.merkle.MerkleHashes;
import org.primum.core.merkle.MerkleTree;
import org.primum.device.identity.DeviceIdentity;
import org.primum.hub.Hub;
import org.primum.hub.HubConfig;
import org.primum.testing.FreePorts;

/**
 * Hub evidence ingestion under load: starts a hub (embedded SQLite, or PostgreSQL with {@code
 * --db}), enrolls {@code --devices} (default 1,000) through real EST, and has every device upload
 * its evidence log over its own mutual-TLS connection in uploads of {@code --batch} entries
 * (default 200) of about 256 bytes, exactly as {@code EvidenceUploader} sends them: new entries, a
 * checkpoint signed with the device's Ed25519 evidence key, and an RFC 9162 consistency proof from
 * the size the hub holds. The hub verifies each upload, stores the entries and signs a receipt.
 *
 * <p>Uploads are built and signed before the clock starts, so the generator's own hashing and
 * signing do not compete with the hub for the cores. Each device has at most one upload in flight
 * (its uploads must arrive in order); {@code --senders} threads (default 32) keep as many devices
 * busy. The first {@code --warmup-rounds} (default 2) rounds warm the JIT and are reported apart.
 * Loopback only; stops by itself.
 *
 * <p>{@code java -Xmx6g -cp 'bench/target/primum-bench-*.jar:bench/target/lib/*'
 * org.primum.bench.EvidenceIngestLoad --devices 1000 --rounds 8}
 */
public final class EvidenceIngestLoad {
  private EvidenceIngestLoad() {}

  public static void main(String[] args) throws Exception {
    Map<String, String> options = FleetLoad.parse(args);
    int devices = Integer.parseInt(options.getOrDefault("devices", "1000"));
    int batch = Integer.parseInt(options.getOrDefault("batch", "200"));
    int rounds = Integer.parseInt(options.getOrDefault("rounds", "8"));
    int warmupRounds = Integer.parseInt(options.getOrDefault("warmup-rounds", "2"));
    int senders = Integer.parseInt(options.getOrDefault("senders", "32"));
    Optional<String> db = Optional.ofNullable(options.get("db"));
    Path data = Files.createTempDirectory("primum-ingest");

    SecureRandom random = new SecureRandom();
    HubConfig config = HubConfig.defaults(data).withPort(FreePorts.find()).withJdbcUrl(db);
    try (Hub hub = Hub.start(config, Clock.systemUTC(), random)) {
      URI uri = URI.create("https://localhost:" + hub.port());
      System.out.printf(
          Locale.ROOT,
          "hub on %s, database %s; enrolling %d devices through EST...%n",
          uri,
          db.isPresent() ? "PostgreSQL" : "SQLite",
          devices);
      List<DeviceIdentity> identities = FleetLoad.enroll(hub, uri, devices, random);
      System.out.printf(
          Locale.ROOT,
          "building and signing %d uploads of %d entries...%n",
          (long) devices * rounds,
          batch);
      List<List<byte[]>> uploads = new ArrayList<>();
      long entryBytes = 0;
      for (DeviceIdentity identity : identities) {
        DeviceLog log = new DeviceLog(identity.serial(), random);
        List<byte[]> bodies = new ArrayList<>();
        for (int r = 0; r < rounds; r++) {
          bodies.add(log.nextUpload(batch));
        }
        entryBytes += log.entryBytes;
        uploads.add(bodies);
      }
      System.out.printf(
          Locale.ROOT,
          "average entry %d bytes; connecting %d mutual-TLS links%n",
          entryBytes / ((long) devices * rounds * batch),
          devices);
      List<TlsHttpConnection> links = new ArrayList<>();
      for (DeviceIdentity identity : identities) {
        links.add(new TlsHttpConnection(uri, identity.hubCa(), identity.tlsIdentity(), random));
      }
      Result warm = run(identities, links, uploads, 0, warmupRounds, batch, senders, "warm-up");
      System.out.println(warm.describe());
      Result measured =
          run(identities, links, uploads, warmupRounds, rounds, batch, senders, "measured");
      System.out.println(measured.describe());
      long held = 0;
      for (DeviceIdentity identity : identities) {
        held += hub.evidence().log(identity.serial()).map(v -> v.size()).orElse(0L);
      }
      System.out.printf(
          Locale.ROOT,
          "the hub holds %d entries (expected %d)%n",
          held,
          (long) devices * rounds * batch);
      links.forEach(TlsHttpConnection::close);
    }
  }

  /** A simulated device's evidence log, producing uploads as the device's uploader does. */
  private static final class DeviceLog {
    private final String origin;
    private final Ed25519KeyPair key;
    private final String verifierKey;
    private final MerkleTree tree = new MerkleTree();
    private long monotonic = 1_000_000;
    long entryBytes;

    DeviceLog(String serial, SecureRandom random) {
      this.origin = "primum.evidence/" + serial;
      this.key = Ed25519KeyPair.generate(random);
      this.verifierKey = NoteVerifierKey.of(origin, key.publicKey()).text();
    }

    byte[] nextUpload(int count) throws Exception {
      long from = tree.size();
      List<String> entries = new ArrayList<>(count);
      for (int i = 0; i < count; i++) {
        long sequence = tree.size();
        monotonic += 137;
        byte[] entry =
            EvidenceEntry.encode(
                sequence,
                Instant.parse("2026-11-22T12:00:00Z").plusMillis(sequence).toString(),
                monotonic,
                1,
                "therapy.state.changed",
                Severity.INFO,
                EvidenceEntry.canonicalPayload(
                    JsonNodeFactory.instance
                        .objectNode()
                        .put("from", "PAUSED")
                        .put("to", "INFUSING")
                        .put("message", "therapy state infusing")
                        .put("subject", "pt-3f9c0a7d5e21b8c4f06a9d3e7b1c2f45")
                        .put("note", "x".repeat(40))));
        entryBytes += entry.length;
        tree.append(MerkleHashes.leaf(entry));
        entries.add(Base64.getEncoder().encodeToString(entry));
      }
      long to = tree.size();
      List<String> proof =
          from == 0
              ? List.of()
              : tree.consistencyProof(from, to).stream()
                  .map(Base64.getEncoder()::encodeToString)
                  .toList();
      String checkpoint = new Checkpoint(origin, to, tree.root()).sign(key);
      return Json.write(new EvidenceUpload(checkpoint, from, proof, entries, verifierKey));
    }
  }

  record Result(
      String name,
      double seconds,
      long uploads,
      long entries,
      long failed,
      double p50,
      double p99,
      double max,
      double cpuPercent) {
    String describe() {
      return String.format(
          Locale.ROOT,
          "%s: %d uploads, %d entries in %.2f s -> %.0f entries/s (%.0f uploads/s), %d failed;"
              + " upload latency ms p50 %.2f p99 %.2f max %.2f; process CPU %.0f%% of %d cores",
          name,
          uploads,
          entries,
          seconds,
          entries / seconds,
          uploads / seconds,
          failed,
          p50,
          p99,
          max,
          cpuPercent,
          Runtime.getRuntime().availableProcessors());
    }
  }

  /** Sends rounds [first, last) of every device's uploads, each device's in order. */
  private static Result run(
      List<DeviceIdentity> identities,
      List<TlsHttpConnection> links,
      List<List<byte[]>> uploads,
      int first,
      int last,
      int batch,
      int senders,
      String name)
      throws Exception {
    int n = identities.size();
    int[] next = new int[n];
    java.util.Arrays.fill(next, first);
    LinkedBlockingQueue<Integer> ready = new LinkedBlockingQueue<>();
    for (int i = 0; i < n; i++) {
      ready.add(i);
    }
    AtomicLong remaining = new AtomicLong((long) n * (last - first));
    AtomicLong done = new AtomicLong();
    AtomicLong failed = new AtomicLong();
    Recorder latency = new Recorder(3);
    ExecutorService pool = Executors.newFixedThreadPool(senders);
    long cpuStart = FleetLoad.processCpuNanos();
    long start = System.nanoTime();
    for (int s = 0; s < senders; s++) {
      pool.execute(
          () -> {
            while (remaining.get() > 0) {
              Integer device;
              try {
                device = ready.poll(100, TimeUnit.MILLISECONDS);
              } catch (InterruptedException e) {
                return;
              }
              if (device == null) {
                continue;
              }
              long sent = System.nanoTime();
              try {
                int status =
                    links
                        .get(device)
                        .post(
                            "/api/v1/devices/" + identities.get(device).serial() + "/evidence",
                            "application/json",
                            uploads.get(device).get(next[device]));
                if (status == 200) {
                  done.incrementAndGet();
                } else {
                  failed.incrementAndGet();
                }
              } catch (Exception e) {
                failed.incrementAndGet();
              }
              latency.recordValue(Math.max(1, (System.nanoTime() - sent) / 1000));
              remaining.decrementAndGet();
              if (++next[device] < last) {
                ready.add(device);
              }
            }
          });
    }
    pool.shutdown();
    pool.awaitTermination(30, TimeUnit.MINUTES);
    double elapsed = (System.nanoTime() - start) / 1e9;
    double cpu = 100.0 * (FleetLoad.processCpuNanos() - cpuStart) / (elapsed * 1e9);
    var histogram = latency.getIntervalHistogram();
    return new Result(
        name,
        elapsed,
        done.get(),
        done.get() * batch,
        failed.get(),
        histogram.getValueAtPercentile(50) / 1000.0,
        histogram.getValueAtPercentile(99) / 1000.0,
        histogram.getMaxValue() / 1000.0,
        cpu);
  }
}
