package org.primum.bench;

import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Recorder;
import org.primum.core.formats.AlarmPriority;
import org.primum.core.formats.StatusReport;
import org.primum.core.formats.StatusReports;
import org.primum.device.identity.DeviceIdentity;
import org.primum.device.identity.EstClient;
import org.primum.hub.Hub;
import org.primum.hub.HubConfig;
import org.primum.testing.FreePorts;

/**
 * The fleet load generator: starts a hub (embedded SQLite, or PostgreSQL with {@code --db}),
 * enrolls N simulated pumps through real EST, then has every pump send signed status reports over
 * its own mutual-TLS connection at a fixed total rate, open loop, for a bounded time. Latency is
 * measured from each report's scheduled send time (so queueing is counted, no coordinated
 * omission). Loopback only; stops by itself.
 *
 * <p>{@code java -cp 'bench/target/primum-bench-*.jar:bench/target/lib/*'
 * org.primum.bench.FleetLoad --pumps 1000 --rate 2000 --seconds 60}
 */
public final class FleetLoad {
  private static final boolean TIMELINE = Boolean.getBoolean("primum.load.timeline");

  private FleetLoad() {}

  public static void main(String[] args) throws Exception {
    Map<String, String> options = parse(args);
    int pumps = Integer.parseInt(options.getOrDefault("pumps", "1000"));
    int rate = Integer.parseInt(options.getOrDefault("rate", "2000"));
    int seconds = Math.min(600, Integer.parseInt(options.getOrDefault("seconds", "60")));
    int warmup = Integer.parseInt(options.getOrDefault("warmup", "15"));
    int senders = Integer.parseInt(options.getOrDefault("senders", "64"));
    Optional<String> db = Optional.ofNullable(options.get("db"));
    Path data = Files.createTempDirectory("primum-load");

    SecureRandom random = new SecureRandom();
    HubConfig config = HubConfig.defaults(data).withPort(FreePorts.find()).withJdbcUrl(db);
    try (Hub hub = Hub.start(config, Clock.systemUTC(), random)) {
      URI uri = URI.create("https://localhost:" + hub.port());
      System.out.printf(
          Locale.ROOT,
          "hub on %s, database %s; enrolling %d pumps through EST...%n",
          uri,
          db.isPresent() ? "PostgreSQL" : "SQLite",
          pumps);
      Instant enrollStart = Instant.now();
      List<DeviceIdentity> identities = enroll(hub, uri, pumps, random);
      System.out.printf(
          Locale.ROOT,
          "enrolled %d pumps in %.1f s%n",
          identities.size(),
          Duration.between(enrollStart, Instant.now()).toMillis() / 1000.0);

      List<TlsHttpConnection> links = new ArrayList<>();
      for (DeviceIdentity identity : identities) {
        links.add(new TlsHttpConnection(uri, identity.hubCa(), identity.tlsIdentity(), random));
      }
      // Reports are signed before each run, so the generator's own ECDSA signing does not compete
      // with the hub for the machine's cores during the measurement.
      AtomicLong sequence = new AtomicLong();
      List<java.util.Queue<byte[]>> warmEnvelopes = presign(identities, rate, warmup, sequence);
      List<java.util.Queue<byte[]>> measuredEnvelopes =
          presign(identities, rate, seconds, sequence);
      System.out.println("signed all reports in advance; starting load");
      Result warm = run(identities, links, warmEnvelopes, rate, warmup, senders, "warm-up");
      System.out.println(warm.describe());
      Result measured =
          run(identities, links, measuredEnvelopes, rate, seconds, senders, "measured");
      System.out.println(measured.describe());
      links.forEach(TlsHttpConnection::close);
    }
  }

  /** One run's figures. */
  record Result(
      String name,
      int targetRate,
      double seconds,
      long accepted,
      long late,
      long failed,
      double p50,
      double p90,
      double p99,
      double p999,
      double max,
      double cpuPercent) {
    String describe() {
      return String.format(
          Locale.ROOT,
          "%s: target %d reports/s for %.0f s -> %.0f accepted/s within the window (%d accepted,"
              + " %d completed after it, %d failed); latency from scheduled send, ms"
              + " p50 %.2f p90 %.2f p99 %.2f p99.9 %.2f max %.2f; process CPU %.0f%% of %d cores",
          name,
          targetRate,
          seconds,
          accepted / seconds,
          accepted,
          late,
          failed,
          p50,
          p90,
          p99,
          p999,
          max,
          cpuPercent,
          Runtime.getRuntime().availableProcessors());
    }
  }

  /** Signed envelopes for every pump, enough for {@code seconds} at {@code rate}, in order. */
  private static List<java.util.Queue<byte[]>> presign(
      List<DeviceIdentity> identities, int rate, int seconds, AtomicLong sequence) {
    int perPump = (int) Math.ceil((double) rate * seconds / identities.size()) + 2;
    List<java.util.Queue<byte[]>> queues = new ArrayList<>();
    for (DeviceIdentity identity : identities) {
      java.util.Queue<byte[]> queue = new java.util.concurrent.ConcurrentLinkedQueue<>();
      for (int i = 0; i < perPump; i++) {
        StatusReport report =
            new StatusReport(
                identity.serial(),
                sequence.incrementAndGet(),
                Instant.now().toString(),
                "Primum RP-1 infusion pump",
                "0.1.0",
                "INFUSING",
                "ONLINE",
                List.of(
                    new StatusReport.Alarm("BATTERY_LOW", AlarmPriority.LOW, "Battery below 30%")),
                100);
        queue.add(StatusReports.sign(report, identity.keyPair()));
      }
      queues.add(queue);
    }
    return queues;
  }

  private static Result run(
      List<DeviceIdentity> identities,
      List<TlsHttpConnection> links,
      List<java.util.Queue<byte[]>> envelopes,
      int rate,
      int seconds,
      int senders,
      String name)
      throws Exception {
    int n = identities.size();
    long periodNanos = TimeUnit.SECONDS.toNanos(1) * n / rate;
    ScheduledExecutorService ticker = Executors.newScheduledThreadPool(2);
    ExecutorService sendPool = Executors.newFixedThreadPool(senders);
    Recorder latency = new Recorder(3);
    Recorder perSecond = new Recorder(3);
    AtomicLong accepted = new AtomicLong();
    AtomicLong failed = new AtomicLong();
    AtomicLong late = new AtomicLong();
    long cpuStart = processCpuNanos();
    long start = System.nanoTime();
    long end = start + TimeUnit.SECONDS.toNanos(seconds);
    for (int i = 0; i < n; i++) {
      DeviceIdentity identity = identities.get(i);
      TlsHttpConnection link = links.get(i);
      java.util.Queue<byte[]> pending = envelopes.get(i);
      long offset = ThreadLocalRandom.current().nextLong(periodNanos);
      ticker.scheduleAtFixedRate(
          () -> {
            long scheduled = System.nanoTime();
            if (scheduled >= end) {
              return;
            }
            sendPool.execute(
                () -> {
                  try {
                    synchronized (link) {
                      // One report at a time per pump, in sequence order, as a real pump sends.
                      byte[] envelope = pending.poll();
                      if (envelope == null) {
                        failed.incrementAndGet();
                        return;
                      }
                      int status =
                          link.post(
                              "/api/v1/devices/" + identity.serial() + "/reports",
                              "application/json",
                              envelope);
                      if (status == 200 && System.nanoTime() <= end) {
                        accepted.incrementAndGet();
                      } else if (status == 200) {
                        late.incrementAndGet();
                      } else {
                        failed.incrementAndGet();
                      }
                    }
                  } catch (Exception e) {
                    failed.incrementAndGet();
                  } finally {
                    long micros = Math.max(1, (System.nanoTime() - scheduled) / 1000);
                    latency.recordValue(micros);
                    perSecond.recordValue(micros);
                  }
                });
          },
          offset,
          periodNanos,
          TimeUnit.NANOSECONDS);
    }
    if (TIMELINE) {
      ticker.scheduleAtFixedRate(
          () -> {
            var h = perSecond.getIntervalHistogram();
            System.out.printf(
                Locale.ROOT,
                "  t+%3ds  %5d reports  p50 %7.2f  p99 %7.2f  max %7.2f ms%n",
                (System.nanoTime() - start) / 1_000_000_000L,
                h.getTotalCount(),
                h.getValueAtPercentile(50) / 1000.0,
                h.getValueAtPercentile(99) / 1000.0,
                h.getMaxValue() / 1000.0);
          },
          1,
          1,
          TimeUnit.SECONDS);
    }
    Thread.sleep(TimeUnit.NANOSECONDS.toMillis(end - start));
    ticker.shutdownNow();
    sendPool.shutdown();
    sendPool.awaitTermination(60, TimeUnit.SECONDS);
    double elapsed = (System.nanoTime() - start) / 1e9;
    double cpu = 100.0 * (processCpuNanos() - cpuStart) / (elapsed * 1e9);
    var histogram = latency.getIntervalHistogram();
    return new Result(
        name,
        rate,
        seconds,
        accepted.get(),
        late.get(),
        failed.get(),
        histogram.getValueAtPercentile(50) / 1000.0,
        histogram.getValueAtPercentile(90) / 1000.0,
        histogram.getValueAtPercentile(99) / 1000.0,
        histogram.getValueAtPercentile(99.9) / 1000.0,
        histogram.getMaxValue() / 1000.0,
        cpu);
  }

  static List<DeviceIdentity> enroll(Hub hub, URI uri, int pumps, SecureRandom random)
      throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(4);
    List<Future<DeviceIdentity>> futures = new ArrayList<>();
    for (int i = 1; i <= pumps; i++) {
      String serial = String.format(Locale.ROOT, "LOAD-%05d", i);
      futures.add(
          pool.submit(
              () ->
                  new EstClient(
                          uri,
                          hub.pki().caCertificate(),
                          random,
                          Clock.systemUTC(),
                          Duration.ofSeconds(30))
                      .enroll(
                          hub.fleet()
                              .createToken("load", serial, Duration.ofHours(1), "load")
                              .token())));
    }
    List<DeviceIdentity> identities = new ArrayList<>();
    for (Future<DeviceIdentity> future : futures) {
      identities.add(future.get());
    }
    pool.shutdown();
    return identities;
  }

  static long processCpuNanos() {
    var os = ManagementFactory.getOperatingSystemMXBean();
    if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
      return sun.getProcessCpuTime();
    }
    return 0;
  }

  static Map<String, String> parse(String[] args) {
    Map<String, String> options = new java.util.HashMap<>();
    for (int i = 0; i + 1 < args.length; i += 2) {
      if (!args[i].startsWith("--")) {
        throw new IllegalArgumentException("expected --name value pairs, found " + args[i]);
      }
      options.put(args[i].substring(2), args[i + 1]);
    }
    return options;
  }
}
