package org.primum.hub.cvss;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * CVSS v4.0 scores against a reference calculator's outputs: every vector of {@code
 * cvss/v4-vectors.txt} (sources in its header) goes through {@link CvssScores#v40}, our strict
 * reader first, and must score exactly as the reference says, except the library bugs listed in
 * {@code cvss/v4-known-failures.txt}. The vectors are loaded unchanged, every failure is collected
 * and the test asserts once.
 */
class CvssV4ConformanceTest {
  private static final Pattern FIRST_LINE =
      Pattern.compile("\\{'vector': '([^']+)', 'score': ([0-9.]+), 'severity': '([A-Za-z]+)'\\}");

  /** One reference vector: its line in the file, the score and, where given, the severity. */
  private record Reference(int line, String vector, double score, Optional<String> severity) {}

  /** A vector the library is known to score differently from the reference. */
  private record KnownFailure(double reference, double library) {}

  @Test
  void v40_scoresEveryReferenceVector_exceptTheListedLibraryBugs() throws IOException {
    List<Reference> references = references();
    Map<String, KnownFailure> known = knownFailures();
    List<String> failures = new ArrayList<>();
    Set<String> listedAndFound = new HashSet<>();
    int agreeing = 0;
    for (Reference r : references) {
      String where = "v4-vectors.txt:" + r.line() + " " + r.vector();
      CvssScores.V40 scored;
      try {
        scored = CvssScores.v40(r.vector());
      } catch (CvssRejection e) {
        failures.add(where + ": refused: " + e.getMessage());
        continue;
      }
      KnownFailure bug = known.get(r.vector());
      if (bug != null) {
        listedAndFound.add(r.vector());
        if (!same(bug.reference(), r.score()) || !same(bug.library(), scored.score())) {
          failures.add(
              String.format(
                  Locale.ROOT,
                  "%s: listed in v4-known-failures.txt as reference %.1f, library %.1f; found"
                      + " reference %.1f, library %.1f (the library changed? re-check the list)",
                  where,
                  bug.reference(),
                  bug.library(),
                  r.score(),
                  scored.score()));
        }
        continue;
      }
      if (!same(r.score(), scored.score())) {
        failures.add(
            String.format(
                Locale.ROOT, "%s: expected %.1f, found %.1f", where, r.score(), scored.score()));
      } else if (r.severity().isPresent() && !r.severity().get().equals(scored.severity())) {
        failures.add(
            where + ": expected severity " + r.severity().get() + ", found " + scored.severity());
      } else {
        agreeing++;
      }
    }
    known.keySet().stream()
        .filter(v -> !listedAndFound.contains(v))
        .forEach(
            v -> failures.add("v4-known-failures.txt lists " + v + ", absent from v4-vectors.txt"));
    assertThat(failures).isEmpty();
    assertThat(references).hasSize(1813);
    assertThat(agreeing).isEqualTo(1807);
  }

  @Test
  void severity_followsTheQualitativeRatingScale() {
    assertThat(CvssScores.severity(0.0)).isEqualTo("None");
    assertThat(CvssScores.severity(0.1)).isEqualTo("Low");
    assertThat(CvssScores.severity(3.9)).isEqualTo("Low");
    assertThat(CvssScores.severity(4.0)).isEqualTo("Medium");
    assertThat(CvssScores.severity(6.9)).isEqualTo("Medium");
    assertThat(CvssScores.severity(7.0)).isEqualTo("High");
    assertThat(CvssScores.severity(8.9)).isEqualTo("High");
    assertThat(CvssScores.severity(9.0)).isEqualTo("Critical");
    assertThat(CvssScores.severity(10.0)).isEqualTo("Critical");
  }

  private static boolean same(double a, double b) {
    return Math.abs(a - b) < 1e-9;
  }

  private static List<Reference> references() throws IOException {
    List<Reference> out = new ArrayList<>();
    List<String> lines = lines("cvss/v4-vectors.txt");
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      Matcher first = FIRST_LINE.matcher(line);
      if (first.matches()) {
        out.add(
            new Reference(
                i + 1,
                first.group(1),
                Double.parseDouble(first.group(2)),
                Optional.of(first.group(3))));
        continue;
      }
      // Red Hat's "VECTOR - 9.2" and "VECTOR - (9.2,)"
      int dash = line.lastIndexOf(" - ");
      String score = line.substring(dash + 3).replace("(", "").replace(",)", "");
      out.add(
          new Reference(
              i + 1, line.substring(0, dash), Double.parseDouble(score), Optional.empty()));
    }
    return out;
  }

  private static Map<String, KnownFailure> knownFailures() throws IOException {
    Map<String, KnownFailure> out = new LinkedHashMap<>();
    for (String line : lines("cvss/v4-known-failures.txt")) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      // VECTOR reference SCORE library SCORE
      String[] parts = line.strip().split(" ");
      assertThat(parts).as(line).hasSize(5);
      assertThat(parts[1]).as(line).isEqualTo("reference");
      assertThat(parts[3]).as(line).isEqualTo("library");
      out.put(
          parts[0], new KnownFailure(Double.parseDouble(parts[2]), Double.parseDouble(parts[4])));
    }
    return out;
  }

  private static List<String> lines(String resource) throws IOException {
    try (InputStream in =
        CvssV4ConformanceTest.class.getClassLoader().getResourceAsStream(resource)) {
      assertThat(in).as(resource).isNotNull();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
    }
  }
}
