package org.primum.bench.supplychain;

import com.github.packageurl.MalformedPackageURLException;
import com.github.packageurl.PackageURL;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import org.primum.core.json.Json;
import org.primum.hub.supplychain.osv.Ecosystem;
import org.primum.hub.supplychain.osv.OsvRecord;
import org.primum.hub.supplychain.osv.OsvRejection;

/**
 * Deterministic synthetic OSV records for load tests and benchmarks: {@code n} GHSA-like records
 * across Maven (45 %), npm (35 %) and PyPI (20 %), a few popular packages carrying many advisories
 * (as in the real database), one to three ranges per package with pre-release boundaries,
 * occasional {@code last_affected}, explicit versions lists, CVSS v3.1 vectors and some CVSS v4
 * vectors with a GitHub rating. The same seed gives the same records and package URLs, so a JMH
 * benchmark can reuse it.
 */
public final class OsvDataGenerator {
  private static final String[] WORDS = {
    "core", "commons", "http", "json", "xml", "crypto", "auth", "logging", "parser", "client",
    "server", "io", "net", "yaml", "template", "orm", "cache", "image", "zip", "config"
  };
  private static final String GHSA_ALPHABET = "23456789cfghjmpqrvwx";
  private static final String[][] CVSS_METRICS = {
    {"AV", "N", "A", "L", "P"},
    {"AC", "L", "H"},
    {"PR", "N", "L", "H"},
    {"UI", "N", "R"},
    {"S", "U", "C"},
    {"C", "H", "L", "N"},
    {"I", "H", "L", "N"},
    {"A", "H", "L", "N"},
  };
  private static final String[] GHSA_RATINGS = {"LOW", "MODERATE", "HIGH", "CRITICAL"};

  private final long seed;

  public OsvDataGenerator(long seed) {
    this.seed = seed;
  }

  /** How many distinct packages {@code n} records spread over. */
  static int packagesFor(int n) {
    return Math.max(50, n / 4);
  }

  /** Streams {@code n} records as OSV JSON, one at a time (none is kept). */
  public void json(int n, Consumer<byte[]> sink) {
    SplittableRandom random = new SplittableRandom(seed);
    int packages = packagesFor(n);
    for (int i = 0; i < n; i++) {
      sink.accept(Json.write(record(i, random, packages)));
    }
  }

  /** {@code n} parsed records. */
  public List<OsvRecord> records(int n) {
    List<OsvRecord> records = new ArrayList<>(n);
    json(
        n,
        bytes -> {
          try {
            records.add(OsvRecord.parse(bytes));
          } catch (OsvRejection e) {
            throw new IllegalStateException("the generator wrote an invalid record", e);
          }
        });
    return records;
  }

  /**
   * {@code n} package URLs as a bill of materials of an application built against the packages of
   * {@code records} records: 70 % name advisory-carrying packages at versions around their
   * boundaries, 30 % name packages with no advisory.
   */
  public List<PackageURL> purls(int n, int records) {
    SplittableRandom random = new SplittableRandom(seed ^ 0x5DEECE66DL);
    int packages = packagesFor(records);
    List<PackageURL> purls = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      boolean known = random.nextInt(10) < 7;
      int k = known ? popular(random, packages) : packages + random.nextInt(1_000_000);
      String version = release(random, k);
      try {
        purls.add(purl(k, version));
      } catch (MalformedPackageURLException e) {
        throw new IllegalStateException(e);
      }
    }
    return purls;
  }

  private static Map<String, Object> record(int i, SplittableRandom random, int packages) {
    Map<String, Object> record = new LinkedHashMap<>();
    record.put("schema_version", "1.6.0");
    record.put("id", ghsa(i));
    record.put(
        "modified",
        String.format(
            Locale.ROOT,
            "20%02d-%02d-%02dT%02d:%02d:%02dZ",
            18 + random.nextInt(8),
            1 + random.nextInt(12),
            1 + random.nextInt(28),
            random.nextInt(24),
            random.nextInt(60),
            random.nextInt(60)));
    record.put("published", "2018-01-01T00:00:00Z");
    record.put(
        "aliases",
        List.of(String.format(Locale.ROOT, "CVE-20%02d-%d", 18 + random.nextInt(8), 1000 + i)));
    int k = popular(random, packages);
    record.put(
        "summary",
        WORDS[random.nextInt(WORDS.length)]
            + " vulnerability in "
            + osvName(k)
            + " allows "
            + WORDS[random.nextInt(WORDS.length)]
            + " injection");
    List<Map<String, Object>> severity = new ArrayList<>();
    Map<String, Object> databaseSpecific = new LinkedHashMap<>();
    databaseSpecific.put("github_reviewed", true);
    if (random.nextInt(10) == 0) {
      severity.add(Map.of("type", "CVSS_V4", "score", cvss4(random)));
      databaseSpecific.put("severity", GHSA_RATINGS[random.nextInt(GHSA_RATINGS.length)]);
    } else {
      severity.add(Map.of("type", "CVSS_V3", "score", cvss3(random)));
    }
    record.put("severity", severity);
    List<Map<String, Object>> affected = new ArrayList<>();
    affected.add(affected(random, k));
    if (random.nextInt(8) == 0) {
      affected.add(affected(random, popular(random, packages)));
    }
    record.put("affected", affected);
    record.put("database_specific", databaseSpecific);
    return record;
  }

  private static Map<String, Object> affected(SplittableRandom random, int k) {
    Map<String, Object> affected = new LinkedHashMap<>();
    affected.put("package", Map.of("ecosystem", ecosystem(k).osvName(), "name", osvName(k)));
    List<Map<String, Object>> ranges = new ArrayList<>();
    int count = 1 + (random.nextInt(5) == 0 ? 1 + random.nextInt(2) : 0);
    int major = random.nextInt(3);
    for (int r = 0; r < count; r++) {
      List<Map<String, String>> events = new ArrayList<>();
      boolean fromZero = r == 0 && random.nextInt(3) == 0;
      int minor = random.nextInt(10);
      events.add(Map.of("introduced", fromZero ? "0" : version(k, major, minor, 0, null)));
      int fixMinor = minor + random.nextInt(3);
      int fixPatch = 1 + random.nextInt(12);
      if (random.nextInt(10) == 0) {
        events.add(Map.of("last_affected", version(k, major, fixMinor, fixPatch, null)));
      } else {
        String pre = random.nextInt(15) == 0 ? "pre" : null;
        events.add(Map.of("fixed", version(k, major, fixMinor, fixPatch, pre)));
      }
      ranges.add(
          Map.of("type", ecosystem(k) == Ecosystem.NPM ? "SEMVER" : "ECOSYSTEM", "events", events));
      major += 1 + random.nextInt(2);
    }
    affected.put("ranges", ranges);
    if (random.nextInt(10) == 0) {
      List<String> versions = new ArrayList<>();
      for (int v = 0; v < 3 + random.nextInt(4); v++) {
        versions.add(version(k, major, v, random.nextInt(5), null));
      }
      affected.put("versions", versions);
    }
    return affected;
  }

  /** A skewed pick: low package numbers (the popular packages) come up far more often. */
  private static int popular(SplittableRandom random, int packages) {
    double u = random.nextDouble();
    return (int) (packages * u * u);
  }

  private static Ecosystem ecosystem(int k) {
    int bucket = Math.floorMod(k * 7919, 20);
    return bucket < 9 ? Ecosystem.MAVEN : bucket < 16 ? Ecosystem.NPM : Ecosystem.PYPI;
  }

  private static String word(int k, int salt) {
    return WORDS[Math.floorMod(k * 31 + salt * 17, WORDS.length)];
  }

  /** The package name as an OSV record writes it. */
  static String osvName(int k) {
    return switch (ecosystem(k)) {
      case MAVEN -> "org.example" + (k % 97) + "." + word(k, 1) + ":" + word(k, 2) + "-" + k;
      case NPM -> (k % 3 == 0 ? "@scope" + (k % 50) + "/" : "") + word(k, 3) + "-" + k;
      default -> "py-" + word(k, 4) + "-" + k;
    };
  }

  private static PackageURL purl(int k, String version) throws MalformedPackageURLException {
    return switch (ecosystem(k)) {
      case MAVEN ->
          new PackageURL(
              "maven",
              "org.example" + (k % 97) + "." + word(k, 1),
              word(k, 2) + "-" + k,
              version,
              null,
              null);
      case NPM ->
          new PackageURL(
              "npm",
              k % 3 == 0 ? "@scope" + (k % 50) : null,
              word(k, 3) + "-" + k,
              version,
              null,
              null);
      default -> new PackageURL("pypi", null, "Py_" + word(k, 4) + "_" + k, version, null, null);
    };
  }

  private static String version(int k, int major, int minor, int patch, String pre) {
    String base = major + "." + minor + "." + patch;
    if (pre == null) {
      return base;
    }
    return switch (ecosystem(k)) {
      case MAVEN -> base + "-beta1";
      case NPM -> base + "-rc.1";
      default -> base + "rc1";
    };
  }

  private static String release(SplittableRandom random, int k) {
    String base = random.nextInt(5) + "." + random.nextInt(12) + "." + random.nextInt(14);
    if (random.nextInt(20) == 0) {
      return switch (ecosystem(k)) {
        case MAVEN -> base + ".Final";
        case NPM -> base + "-alpha.2";
        default -> base + ".post1";
      };
    }
    return base;
  }

  private static String ghsa(int i) {
    StringBuilder out = new StringBuilder("GHSA-");
    long rest = i;
    for (int group = 0; group < 3; group++) {
      for (int c = 0; c < 4; c++) {
        out.append(GHSA_ALPHABET.charAt((int) (rest % GHSA_ALPHABET.length())));
        rest /= GHSA_ALPHABET.length();
      }
      out.append(group < 2 ? "-" : "");
    }
    return out.toString();
  }

  private static String cvss3(SplittableRandom random) {
    StringBuilder vector = new StringBuilder("CVSS:3.1");
    for (String[] metric : CVSS_METRICS) {
      vector
          .append('/')
          .append(metric[0])
          .append(':')
          .append(metric[1 + random.nextInt(metric.length - 1)]);
    }
    return vector.toString();
  }

  private static String cvss4(SplittableRandom random) {
    String[] impact = {"H", "L", "N"};
    return "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:"
        + impact[random.nextInt(3)]
        + "/VI:"
        + impact[random.nextInt(3)]
        + "/VA:"
        + impact[random.nextInt(3)]
        + "/SC:N/SI:N/SA:N";
  }
}
