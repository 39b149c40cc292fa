package org.primum.hub.supplychain.osv;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.packageurl.PackageURL;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * The index at the size of the real database: 200,000 synthetic records, a 1,000-component bill of
 * materials. Prints the times; asserts only correctness (timings belong to the benchmark).
 */
class OsvIndexScaleTest {
  private static final int RECORDS = 200_000;
  private static final int COMPONENTS = 1_000;

  @Test
  void match_thousandComponentsAgainst200kRecords_timed() {
    OsvDataGenerator generator = new OsvDataGenerator(20_260_101L);
    long t0 = System.nanoTime();
    List<OsvRecord> records = generator.records(RECORDS);
    long t1 = System.nanoTime();
    VulnIndex index = VulnIndex.build(records);
    long t2 = System.nanoTime();
    List<PackageURL> purls = generator.purls(COMPONENTS, RECORDS);
    long t3 = System.nanoTime();
    int matches = 0;
    int flagged = 0;
    for (PackageURL purl : purls) {
      VulnIndex.Findings findings = index.match(purl);
      matches += findings.matches().size();
      flagged += findings.unevaluated().size();
    }
    long t4 = System.nanoTime();
    // a second pass, with the JIT warm
    for (PackageURL purl : purls) {
      index.match(purl);
    }
    long t5 = System.nanoTime();
    System.out.printf(
        Locale.ROOT,
        "OSV index scale: generate+parse %d records %d ms; build index %d ms (%d packages);"
            + " match %d purls %d ms cold, %d ms warm; %d matches, %d flagged%n",
        RECORDS,
        (t1 - t0) / 1_000_000,
        (t2 - t1) / 1_000_000,
        index.packageCount(),
        COMPONENTS,
        (t4 - t3) / 1_000_000,
        (t5 - t4) / 1_000_000,
        matches,
        flagged);
    assertThat(index.recordCount()).isEqualTo(RECORDS);
    assertThat(matches).isPositive();
    assertThat(flagged).isZero();
  }

  @Test
  void generator_sameSeed_sameRecords() {
    List<String> a =
        new OsvDataGenerator(7).records(200).stream().map(OsvRecord::toString).toList();
    List<String> b =
        new OsvDataGenerator(7).records(200).stream().map(OsvRecord::toString).toList();
    assertThat(a).isEqualTo(b);
    assertThat(new OsvDataGenerator(7).purls(50, 200))
        .isEqualTo(new OsvDataGenerator(7).purls(50, 200));
  }
}
