package org.primum.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.primum.core.crypto.Ed25519KeyPair;
import org.primum.core.evidence.Severity;
import org.primum.core.json.Json;
import org.primum.core.tuf.TufMetadata;
import org.primum.core.tuf.TufSigner;
import org.primum.device.identity.DeviceIdentity;
import org.primum.device.link.HubLink;
import org.primum.device.update.HttpFetcher;
import org.primum.device.update.UpdateClient;
import org.primum.device.update.UpdateLimits;
import org.primum.device.update.ab.Slots;
import org.primum.device.update.ab.UpdatePhase;
import org.primum.device.update.ab.UpdateStatus;
import org.primum.device.update.ab.Updater;
import org.primum.hub.Hub;
import org.primum.hub.HubConfig;
import org.primum.hub.updates.OfflineSigning;
import org.primum.hub.updates.ReleaseSummary;
import org.primum.hub.updates.RolloutDeviceState;
import org.primum.hub.updates.RolloutPlan;
import org.primum.hub.updates.RolloutSummary;
import org.primum.hub.updates.UpdateRepository;
import org.primum.testing.FreePorts;

/**
 * The rollout load generator: a hub (embedded SQLite, or PostgreSQL with {@code --db}) and N
 * simulated pumps enrolled through real EST, each running the device kit's real TUF client and A/B
 * updater over its own mutual-TLS link, polling every {@code --poll} seconds. A release is signed
 * (2 of 2 targets keys), published and rolled out in waves 1 % → 10 % → 50 % → 100 %; the figure is
 * the time from the rollout's start until every pump reports healthy, and the CPU time of the hub's
 * threads (the generator runs in the same JVM on the same cores, so its threads are counted apart).
 * Loopback only; stops by itself (at most {@code --limit} seconds).
 *
 * <p>{@code java -cp 'bench/target/primum-bench-*.jar:bench/target/lib/*'
 * org.primum.bench.RolloutLoad --pumps 1000 --poll 5}
 */
public final class RolloutLoad {
  private RolloutLoad() {}

  public static void main(String[] args) throws Exception {
    Map<String, String> options = new HashMap<>();
    for (int i = 0; i + 1 < args.length; i += 2) {
      options.put(args[i].replaceFirst("^--", ""), args[i + 1]);
    }
    int pumps = Integer.parseInt(options.getOrDefault("pumps", "1000"));
    int poll = Integer.parseInt(options.getOrDefault("poll", "5"));
    int limit = Math.min(1800, Integer.parseInt(options.getOrDefault("limit", "900")));
    int imageKiB = Integer.parseInt(options.getOrDefault("image-kib", "256"));
    Optional<String> db = Optional.ofNullable(options.get("db"));
    Path data = Files.createTempDirectory("primum-rollout-load");
    SecureRandom random = new SecureRandom();
    Clock clock = Clock.systemUTC();
    HubConfig config = HubConfig.defaults(data).withPort(FreePorts.find()).withJdbcUrl(db);
    try (Hub hub = Hub.start(config, clock, random)) {
      URI uri = URI.create("https://localhost:" + hub.port());
      ReleaseSummary release = publish(hub, data, clock, random, imageKiB);
      System.out.printf(Locale.ROOT, "hub on %s; enrolling %d pumps through EST...%n", uri, pumps);
      List<DeviceIdentity> identities = FleetLoad.enroll(hub, uri, pumps, random);
      byte[] imageRoot = hub.updates().metadata("1.root.json").orElseThrow();
      byte[] directorRoot = hub.updates().director().root(1).orElseThrow();
      ExecutorService http = Executors.newFixedThreadPool(8, named("rollout-load-http"));
      List<Updater> updaters = new ArrayList<>();
      for (DeviceIdentity identity : identities) {
        updaters.add(device(data, identity, uri, imageRoot, directorRoot, random, clock, http));
      }
      ScheduledExecutorService devices =
          Executors.newScheduledThreadPool(8, named("rollout-load-device"));
      for (int i = 0; i < updaters.size(); i++) {
        Updater updater = updaters.get(i);
        long offset = (long) i * poll * 1000 / updaters.size();
        devices.scheduleWithFixedDelay(
            () -> {
              try {
                updater.runOnce();
              } catch (RuntimeException e) {
                System.err.println("device cycle failed: " + e);
              }
            },
            offset,
            poll * 1000L,
            TimeUnit.MILLISECONDS);
      }
      long hubCpuBefore = hubCpuNanos();
      long processCpuBefore = processCpuNanos();
      Instant start = clock.instant();
      RolloutSummary rollout =
          hub.rollouts()
              .start(
                  "bench",
                  release.id(),
                  RolloutPlan.parse(Optional.of("1,10,50,100"), Optional.empty())
                      .withTiming(Duration.ofMinutes(30), Duration.ZERO),
                  "local");
      RolloutSummary now = rollout;
      while (now.count(RolloutDeviceState.HEALTHY) < pumps
          && Duration.between(start, clock.instant()).toSeconds() < limit) {
        Thread.sleep(1000);
        long id = rollout.id();
        now = hub.rollouts().rollouts().stream().filter(r -> r.id() == id).findFirst().get();
        System.out.printf(
            Locale.ROOT,
            "%5.0f s  wave %d/%d  %s%n",
            Duration.between(start, clock.instant()).toMillis() / 1000.0,
            now.currentWave(),
            now.waveCount(),
            now.counts());
      }
      double seconds = Duration.between(start, clock.instant()).toMillis() / 1000.0;
      double hubCpu = (hubCpuNanos() - hubCpuBefore) / 1e9;
      double processCpu = (processCpuNanos() - processCpuBefore) / 1e9;
      System.out.printf(
          Locale.ROOT,
          "%d of %d pumps healthy in %.1f s (waves 1,10,50,100 %%, each pump polling every %d s,"
              + " %d KiB image, %s); hub threads %.1f s CPU (%.0f %% of one core), whole process"
              + " %.1f s CPU%n",
          now.count(RolloutDeviceState.HEALTHY),
          pumps,
          seconds,
          poll,
          imageKiB,
          db.isPresent() ? "PostgreSQL" : "SQLite",
          hubCpu,
          hubCpu / seconds * 100,
          processCpu);
      devices.shutdownNow();
      http.shutdownNow();
    }
  }

  private static ReleaseSummary publish(
      Hub hub, Path data, Clock clock, SecureRandom random, int imageKiB) throws Exception {
    List<TufSigner> root = List.of(signer(random), signer(random));
    List<TufSigner> targets = List.of(signer(random), signer(random));
    UpdateRepository repository = hub.updates();
    Instant now = clock.instant();
    TufMetadata.Root rootMetadata =
        OfflineSigning.root(
            1,
            now.plus(Duration.ofDays(365)),
            new OfflineSigning.RoleSpec(root.stream().map(TufSigner::key).toList(), 2),
            new OfflineSigning.RoleSpec(targets.stream().map(TufSigner::key).toList(), 2),
            repository.onlineKeys().snapshotKey(),
            repository.onlineKeys().timestampKey());
    repository.initialize(
        OfflineSigning.sign(rootMetadata, root),
        OfflineSigning.sign(
            OfflineSigning.initialTargets(now.plus(Duration.ofDays(90)), Optional.empty()),
            targets),
        "bench");
    byte[] content = new byte[imageKiB * 1024];
    random.nextBytes(content);
    Path image = data.resolve("load-0.2.0.fw");
    Files.write(image, content);
    // No SBOM for a load-test image: the supply-chain gate needs a justification in the notes.
    String justification = "load-test image without an SBOM";
    byte[] notes =
        ("load test release\n" + justification + "\n")
            .getBytes(java.nio.charset.StandardCharsets.UTF_8);
    TufMetadata.Targets current =
        OfflineSigning.parseTargets(repository.currentTargets().orElseThrow());
    TufMetadata.Targets next =
        OfflineSigning.withTarget(
            current,
            OfflineSigning.firmwarePath("rp-1", image.getFileName().toString()),
            new TufMetadata.TargetFile(
                content.length,
                Map.of("sha256", org.primum.core.crypto.Hashes.sha256Hex(content)),
                Optional.of(
                    OfflineSigning.firmwareCustom(
                        "0.2.0", "rp-1", 1, org.primum.core.crypto.Hashes.sha256Hex(notes)))),
            now.plus(Duration.ofDays(90)));
    return repository.publish(
        new UpdateRepository.Publication(
            image,
            "0.2.0",
            "rp-1",
            notes,
            Optional.empty(),
            OfflineSigning.sign(next, targets),
            Optional.of(justification)),
        "bench");
  }

  private static TufSigner signer(SecureRandom random) {
    return TufSigner.ed25519(Ed25519KeyPair.generate(random));
  }

  private static Updater device(
      Path data,
      DeviceIdentity identity,
      URI uri,
      byte[] imageRoot,
      byte[] directorRoot,
      SecureRandom random,
      Clock clock,
      ExecutorService http)
      throws Exception {
    Path dir = data.resolve("pumps").resolve(identity.serial());
    Files.createDirectories(dir.resolve("update/image"));
    Files.createDirectories(dir.resolve("update/director"));
    Files.write(dir.resolve("update/image/root.json"), imageRoot);
    Files.write(dir.resolve("update/director/root.json"), directorRoot);
    HubLink link =
        HubLink.create(
            uri,
            identity.hubCa(),
            Optional.of(identity.tlsIdentity()),
            random,
            Duration.ofSeconds(30),
            Optional.of(http));
    UpdateClient client =
        new UpdateClient(
            dir.resolve("update"),
            HttpFetcher.hubImageRepository(link),
            HttpFetcher.hubDirector(link, identity.serial()),
            identity.serial(),
            "rp-1",
            clock,
            UpdateLimits.defaults());
    Slots slots = Slots.open(dir.resolve("slots"), new byte[1024], "0.1.0");
    String path = "/api/v1/devices/" + identity.serial() + "/update-status";
    return new Updater(
        slots,
        Updater.Source.of(client),
        new Updater.InstallGate() {
          @Override
          public Optional<String> enterMaintenance() {
            return Optional.empty();
          }

          @Override
          public void leaveMaintenance(String version) {}
        },
        image -> Optional.empty(),
        new Updater.Listener() {
          @Override
          public void event(String type, Severity severity, ObjectNode payload) {}

          @Override
          public void status(UpdateStatus status) {
            if (status.phase() == UpdatePhase.CURRENT) {
              return;
            }
            try {
              link.post(path, "application/json", Json.write(status.toReport()), Map.of());
            } catch (java.io.IOException e) {
              System.err.println(identity.serial() + ": report not sent: " + e.getMessage());
            }
          }
        },
        clock,
        Updater.Steps.NONE);
  }

  private static java.util.concurrent.ThreadFactory named(String prefix) {
    java.util.concurrent.atomic.AtomicInteger n = new java.util.concurrent.atomic.AtomicInteger();
    return r -> {
      Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }

  /** CPU time of every live thread that is not the generator's (its devices and HTTP clients). */
  private static long hubCpuNanos() {
    var threads = ManagementFactory.getThreadMXBean();
    long total = 0;
    for (var info : threads.getThreadInfo(threads.getAllThreadIds())) {
      if (info == null) {
        continue;
      }
      String name = info.getThreadName();
      if (name.startsWith("rollout-load") || name.startsWith("HttpClient")) {
        continue;
      }
      long cpu = threads.getThreadCpuTime(info.getThreadId());
      if (cpu > 0) {
        total += cpu;
      }
    }
    return total;
  }

  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }
}
