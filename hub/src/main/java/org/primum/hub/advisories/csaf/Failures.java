package org.primum.hub.advisories.csaf;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Collects the failures of one validation run; messages are formatted with {@link Locale#ROOT}. At
 * most {@link CsafValidator#MAX_FAILURES_PER_TEST} are kept per test; the rest are counted.
 */
final class Failures {
  // values quoted from the document are cut here: a message names a value, it does not echo it
  private static final int MAX_QUOTED = 200;

  private final List<CsafFailure> failures = new ArrayList<>();
  private final Map<String, Integer> counts = new HashMap<>();

  /** Records that test {@code testId} failed at {@code where}. */
  void add(String testId, JsonAt where, String format, Object... args) {
    add(testId, where.pointer(), format, args);
  }

  void add(String testId, String pointer, String format, Object... args) {
    if (counts.merge(testId, 1, Integer::sum) <= CsafValidator.MAX_FAILURES_PER_TEST) {
      Object[] shortened = args.clone();
      for (int i = 0; i < shortened.length; i++) {
        if (shortened[i] instanceof String text && text.length() > MAX_QUOTED) {
          shortened[i] = text.substring(0, MAX_QUOTED) + "…";
        }
      }
      failures.add(new CsafFailure(testId, pointer, String.format(Locale.ROOT, format, shortened)));
    }
  }

  /** Records that {@code testId} could not be completed within the bound on group expansion. */
  void incomplete(String testId) {
    add(
        testId,
        "/vulnerabilities",
        "expected product groups small enough to expand within %d steps, found more: the test"
            + " could not be completed",
        ProductTree.MAX_EXPANSIONS);
  }

  /** The report: schema failures first, then by test number (stable within one test). */
  CsafReport report() {
    List<CsafFailure> sorted = new ArrayList<>(failures);
    counts.forEach(
        (testId, count) -> {
          if (count > CsafValidator.MAX_FAILURES_PER_TEST) {
            sorted.add(
                new CsafFailure(
                    testId,
                    "",
                    String.format(
                        Locale.ROOT,
                        "%d more failures of this test not listed (at most %d are listed)",
                        count - CsafValidator.MAX_FAILURES_PER_TEST,
                        CsafValidator.MAX_FAILURES_PER_TEST)));
          }
        });
    sorted.sort(Comparator.comparing(CsafFailure::testId, Failures::compareTestIds));
    return new CsafReport(sorted);
  }

  /** "schema" first, then "6.1.2" before "6.1.10" before "6.1.27.3" before "6.1.28". */
  static int compareTestIds(String a, String b) {
    if (a.equals(b)) {
      return 0;
    }
    if (a.equals("schema") || b.equals("schema")) {
      return a.equals("schema") ? -1 : 1;
    }
    String[] x = a.split("\\.");
    String[] y = b.split("\\.");
    for (int i = 0; i < Math.min(x.length, y.length); i++) {
      int c = Integer.compare(Integer.parseInt(x[i]), Integer.parseInt(y[i]));
      if (c != 0) {
        return c;
      }
    }
    return Integer.compare(x.length, y.length);
  }
}
