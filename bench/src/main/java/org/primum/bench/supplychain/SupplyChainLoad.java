package org.primum.bench.supplychain;

import com.github.packageurl.PackageURL;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.primum.hub.audit.AuditLog;
import org.primum.hub.store.Database;
import org.primum.hub.supplychain.SupplyChain;
import org.primum.hub.updates.ReleaseGate;

/**
 * The supply-chain figures of the issue, on this machine: import of an OSV {@code all.zip} of
 * ~200,000 records (time and peak heap), the index load, and re-matching 1,000 releases (each with
 * an SBOM of {@code --components} components) after the data update. SQLite in a temporary
 * directory by default, or {@code --jdbc URL} (e.g. PostgreSQL). Bounded, local only; stops by
 * itself.
 *
 * <pre>
 * java -Xmx6g -cp "bench/target/primum-bench-0.1.0-SNAPSHOT.jar:bench/target/lib/*" \
 *   org.primum.bench.supplychain.SupplyChainLoad --records 200000 --releases 1000 --components 200
 * </pre>
 */
public final class SupplyChainLoad {
  private SupplyChainLoad() {}

  public static void main(String[] args) throws Exception {
    int records = intArg(args, "--records", 200_000);
    int releases = intArg(args, "--releases", 1_000);
    int components = intArg(args, "--components", 200);
    String jdbc = stringArg(args, "--jdbc", null);
    Path dir = Files.createTempDirectory("primum-supplychain-load");
    String url = jdbc != null ? jdbc : "jdbc:sqlite:" + dir.resolve("hub.db");
    OsvDataGenerator generator = new OsvDataGenerator(20_261_122L);

    long t0 = System.nanoTime();
    Path zip = dir.resolve("all.zip");
    int[] written = {0};
    try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip))) {
      generator.json(
          records,
          json -> {
            try {
              out.putNextEntry(new ZipEntry("record-" + written[0]++ + ".json"));
              out.write(json);
              out.closeEntry();
            } catch (java.io.IOException e) {
              throw new java.io.UncheckedIOException(e);
            }
          });
    }
    System.out.printf(
        Locale.ROOT,
        "generated %d OSV records: %s, %.1f MiB, %d ms%n",
        records,
        zip.getFileName(),
        Files.size(zip) / 1048576.0,
        ms(t0));

    Clock clock = Clock.systemUTC();
    try (Database database = Database.open(url)) {
      AuditLog audit = new AuditLog(database.jdbi(), clock);
      SupplyChain supplyChain = new SupplyChain(database.jdbi(), audit, clock, List::of);

      long t1 = System.nanoTime();
      List<PackageURL> purls = generator.purls(releases * components / 4, records);
      Instant now = clock.instant();
      for (int r = 0; r < releases; r++) {
        // Each release shares most components with its neighbours, as successive builds do.
        List<PackageURL> mine = window(purls, r, components);
        byte[] sbom = SbomMatchBenchmark.sbom(mine);
        String version = "1." + (r / 100) + "." + (r % 100);
        ReleaseGate.Decision decision =
            supplyChain.check(
                new ReleaseGate.Candidate(
                    "rp-1", version, Optional.of(sbom), "bench", Optional.empty()));
        long counter = r + 1;
        database
            .jdbi()
            .useTransaction(
                h -> {
                  long id = BenchReleaseStore.insertRelease(h, "rp-1", version, counter, now);
                  supplyChain.record(h, id, decision, "bench", now);
                });
      }
      System.out.printf(
          Locale.ROOT,
          "stored %d releases with %d-component SBOMs in %d ms%n",
          releases,
          components,
          ms(t1));

      System.gc();
      resetPeaks();
      long t2 = System.nanoTime();
      SupplyChain.ImportResult result = supplyChain.importOsv(zip, "osv-bench", "bench");
      long total = ms(t2);
      long rematch = result.rematch().took().toMillis();
      System.out.printf(
          Locale.ROOT,
          "imported %d records (%d flagged) in %d ms (read + store + index %d ms), peak heap %d"
              + " MiB%n",
          result.records(),
          result.flagged().size(),
          total,
          total - rematch,
          peakHeapMiB());
      System.out.printf(
          Locale.ROOT,
          "re-matched %d releases (%d components) after the data update in %d ms: %d matches%n",
          result.rematch().releases(),
          result.rematch().components(),
          rematch,
          result.rematch().matches());

      // A fresh process's first gate check loads the index from the database.
      SupplyChain cold = new SupplyChain(database.jdbi(), audit, clock, List::of);
      byte[] sbom = SbomMatchBenchmark.sbom(window(purls, 7, 1_000));
      long t3 = System.nanoTime();
      check(cold, sbom);
      long load = ms(t3);
      long t4 = System.nanoTime();
      int rounds = 5;
      for (int i = 0; i < rounds; i++) {
        check(cold, sbom);
      }
      System.out.printf(
          Locale.ROOT,
          "first gate check (loads the index of %d records from the database) %d ms; then a"
              + " 1,000-component SBOM judged in %d ms (mean of %d, incl. VEX and database reads)%n",
          result.records(),
          load,
          ms(t4) / rounds,
          rounds);
    }
  }

  private static void check(SupplyChain supplyChain, byte[] sbom) {
    try {
      supplyChain.check(
          new ReleaseGate.Candidate(
              "rp-1",
              "9.9.9",
              Optional.of(sbom),
              "bench: would be refused",
              Optional.of("bench: would be refused")));
    } catch (org.primum.hub.updates.UpdateRefusal e) {
      throw new IllegalStateException(e);
    }
  }

  private static List<PackageURL> window(List<PackageURL> all, int r, int size) {
    int start = (r * size / 4) % Math.max(1, all.size() - size);
    return all.subList(start, Math.min(all.size(), start + size));
  }

  private static void resetPeaks() {
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      pool.resetPeakUsage();
    }
  }

  private static long peakHeapMiB() {
    long peak = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        peak += pool.getPeakUsage().getUsed();
      }
    }
    return peak / (1024 * 1024);
  }

  private static long ms(long startNanos) {
    return (System.nanoTime() - startNanos) / 1_000_000;
  }

  private static int intArg(String[] args, String name, int fallback) {
    String v = stringArg(args, name, null);
    return v == null ? fallback : Integer.parseInt(v);
  }

  private static String stringArg(String[] args, String name, String fallback) {
    for (int i = 0; i + 1 < args.length; i++) {
      if (args[i].equals(name)) {
        return args[i + 1];
      }
    }
    return fallback;
  }
}
