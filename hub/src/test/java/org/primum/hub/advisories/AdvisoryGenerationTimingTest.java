package org.primum.hub.advisories;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Arrays;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.primum.hub.advisories.csaf.CsafValidator;
import org.primum.testing.FakeClock;

/**
 * Prints how long one advisory takes to generate (advisory and VEX), validate (both) and sign
 * (SHA-256, SHA-512, OpenPGP): 100 runs after 30 of warm-up. A figure for the docs, not a test of
 * speed: it asserts only that every run produced valid documents.
 */
class AdvisoryGenerationTimingTest {
  private static final int WARM_UP = 30;
  private static final int RUNS = 100;

  @TempDir Path dir;

  @Test
  void generateValidateSign_timing_isPrinted() throws Exception {
    FakeClock clock = new FakeClock(Instant.parse("2026-03-01T09:00:00Z"));
    AdvisoryKeys keys = AdvisoryKeys.loadOrCreate(dir, "Timing", clock, new SecureRandom());
    CsafValidator validator = CsafValidator.create();
    AdvisoryDraft draft = AdvisoryFixtures.full();
    AdvisoryDocuments.Tracking tracking =
        AdvisoryFixtures.tracking("PRIMUM-SA-2026-0001", "final", 3, clock.instant());
    AdvisoryDocuments.Links links = AdvisoryDocuments.Links.none();
    long[] total = new long[RUNS];
    long[] validation = new long[RUNS];
    int size = 0;
    for (int i = -WARM_UP; i < RUNS; i++) {
      long start = System.nanoTime();
      byte[] csaf =
          AdvisoryDocuments.bytes(
              AdvisoryDocuments.securityAdvisory(
                  draft, tracking, AdvisoryFixtures.publisher(), links));
      byte[] vex =
          AdvisoryDocuments.bytes(
              AdvisoryDocuments.vex(draft, tracking, AdvisoryFixtures.publisher(), links));
      long validating = System.nanoTime();
      boolean valid = validator.validate(csaf).valid() && validator.validate(vex).valid();
      long validated = System.nanoTime();
      MessageDigest.getInstance("SHA-256").digest(csaf);
      MessageDigest.getInstance("SHA-512").digest(csaf);
      String signature = keys.sign(csaf);
      long end = System.nanoTime();
      assertThat(valid).isTrue();
      assertThat(signature).startsWith("-----BEGIN PGP SIGNATURE-----");
      if (i >= 0) {
        total[i] = end - start;
        validation[i] = validated - validating;
        size = csaf.length;
      }
    }
    System.out.println(
        String.format(
            Locale.ROOT,
            "advisory generation (advisory + VEX, %d bytes): generate + validate + sign"
                + " median %.2f ms, p90 %.2f ms, mean %.2f ms; of which validation median %.2f ms"
                + " (%d runs after %d warm-up)",
            size,
            percentile(total, 50),
            percentile(total, 90),
            Arrays.stream(total).average().orElse(0) / 1e6,
            percentile(validation, 50),
            RUNS,
            WARM_UP));
  }

  private static double percentile(long[] nanos, int p) {
    long[] sorted = nanos.clone();
    Arrays.sort(sorted);
    return sorted[Math.min(sorted.length - 1, sorted.length * p / 100)] / 1e6;
  }
}
