package org.primum.hub.cvss;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;
import org.primum.core.formats.Texts;
import us.springett.cvss.Cvss;
import us.springett.cvss.Score;

/**
 * CVSS vectors checked against the specification and scored by the maintained {@code
 * us.springett:cvss-calculator}: version 3.1 (the base score, and the environmental score when the
 * vector carries environmental metrics) and version 4.0 (its one score, named CVSS-B, CVSS-BT,
 * CVSS-BE or CVSS-BTE after the metric groups the vector gives). The tests check v3.1 against
 * FIRST's published examples and v4.0 against the reference calculator's outputs ({@code
 * hub/src/test/resources/cvss/v4-vectors.txt}, with the library's known disagreements listed beside
 * it).
 *
 * <p>Shared plumbing: disclosure scores cases with it and the supply chain rates OSV records with
 * it; it depends on no capability.
 *
 * <p>Security guarantees: both readers refuse an unknown metric, a value the specification does not
 * allow, a metric given twice (the calculator would keep the last v3.1 one silently) and a missing
 * base metric before the calculator sees anything, and the calculator only ever scores the
 * normalized vector. Metrics may come in any order and are returned in the specification's order.
 */
public final class CvssScores {
  private record Metric(String key, boolean base, List<String> values) {}

  // CVSS v3.1 specification, section 6, table 15 (order) and section 7.4 (values).
  private static final List<Metric> V31 =
      List.of(
          base("AV", "N", "A", "L", "P"),
          base("AC", "L", "H"),
          base("PR", "N", "L", "H"),
          base("UI", "N", "R"),
          base("S", "U", "C"),
          base("C", "H", "L", "N"),
          base("I", "H", "L", "N"),
          base("A", "H", "L", "N"),
          optional("E", "X", "H", "F", "P", "U"),
          optional("RL", "X", "U", "W", "T", "O"),
          optional("RC", "X", "C", "R", "U"),
          optional("CR", "X", "H", "M", "L"),
          optional("IR", "X", "H", "M", "L"),
          optional("AR", "X", "H", "M", "L"),
          optional("MAV", "X", "N", "A", "L", "P"),
          optional("MAC", "X", "L", "H"),
          optional("MPR", "X", "N", "L", "H"),
          optional("MUI", "X", "N", "R"),
          optional("MS", "X", "U", "C"),
          optional("MC", "X", "H", "L", "N"),
          optional("MI", "X", "H", "L", "N"),
          optional("MA", "X", "H", "L", "N"));

  // CVSS v4.0 specification, section 7 (vector string), table 23 (order and values).
  private static final List<Metric> V40 =
      List.of(
          base("AV", "N", "A", "L", "P"),
          base("AC", "L", "H"),
          base("AT", "N", "P"),
          base("PR", "N", "L", "H"),
          base("UI", "N", "P", "A"),
          base("VC", "H", "L", "N"),
          base("VI", "H", "L", "N"),
          base("VA", "H", "L", "N"),
          base("SC", "H", "L", "N"),
          base("SI", "H", "L", "N"),
          base("SA", "H", "L", "N"),
          optional("E", "X", "A", "P", "U"),
          optional("CR", "X", "H", "M", "L"),
          optional("IR", "X", "H", "M", "L"),
          optional("AR", "X", "H", "M", "L"),
          optional("MAV", "X", "N", "A", "L", "P"),
          optional("MAC", "X", "L", "H"),
          optional("MAT", "X", "N", "P"),
          optional("MPR", "X", "N", "L", "H"),
          optional("MUI", "X", "N", "P", "A"),
          optional("MVC", "X", "H", "L", "N"),
          optional("MVI", "X", "H", "L", "N"),
          optional("MVA", "X", "H", "L", "N"),
          optional("MSC", "X", "H", "L", "N"),
          optional("MSI", "X", "S", "H", "L", "N"),
          optional("MSA", "X", "S", "H", "L", "N"),
          optional("S", "X", "N", "P"),
          optional("AU", "X", "N", "Y"),
          optional("R", "X", "A", "U", "I"),
          optional("V", "X", "D", "C"),
          optional("RE", "X", "L", "M", "H"),
          optional("U", "X", "Clear", "Green", "Amber", "Red"));

  private static Metric base(String key, String... values) {
    return new Metric(key, true, List.of(values));
  }

  private static Metric optional(String key, String... values) {
    return new Metric(key, false, List.of(values));
  }

  private CvssScores() {}

  /**
   * A scored CVSS v3.1 vector.
   *
   * @param vector the vector in the specification's metric order
   * @param baseScore 0.0-10.0
   * @param severity the qualitative rating of the base score (v3.1 section 5)
   * @param environmentalScore present when the vector carries environmental metrics
   */
  public record V31(
      String vector, double baseScore, String severity, Optional<Double> environmentalScore) {
    public V31 {
      Objects.requireNonNull(vector, "vector");
      Objects.requireNonNull(severity, "severity");
      Objects.requireNonNull(environmentalScore, "environmentalScore");
      if (baseScore < 0 || baseScore > 10) {
        throw new IllegalArgumentException("a CVSS score is 0.0-10.0, found " + baseScore);
      }
    }

    /** The base score with one decimal, e.g. {@code 9.8}. */
    public String baseScoreText() {
      return String.format(Locale.ROOT, "%.1f", baseScore);
    }
  }

  /**
   * A scored CVSS v4.0 vector. Version 4.0 has one score: every metric group takes part (a group
   * left out counts as "Not Defined"), and the nomenclature says which groups were given.
   *
   * @param vector the vector in the specification's metric order
   * @param nomenclature CVSS-B, CVSS-BT, CVSS-BE or CVSS-BTE (v4.0 specification section 1.3)
   * @param score 0.0-10.0
   * @param severity the qualitative rating of {@code score} (v4.0 keeps the v3.1 scale)
   */
  public record V40(String vector, String nomenclature, double score, String severity) {
    public V40 {
      Objects.requireNonNull(vector, "vector");
      Objects.requireNonNull(nomenclature, "nomenclature");
      Objects.requireNonNull(severity, "severity");
      if (!List.of("CVSS-B", "CVSS-BT", "CVSS-BE", "CVSS-BTE").contains(nomenclature)) {
        throw new IllegalArgumentException(
            "expected CVSS-B, CVSS-BT, CVSS-BE or CVSS-BTE, found " + nomenclature);
      }
      if (!(score >= 0 && score <= 10)) {
        throw new IllegalArgumentException("a CVSS score is 0.0-10.0, found " + score);
      }
      String rating = CvssScores.severity(score);
      if (!severity.equals(rating)) {
        throw new IllegalArgumentException(
            "expected severity " + rating + " for " + score + ", found " + severity);
      }
    }

    /** The score with one decimal, e.g. {@code 9.3}. */
    public String scoreText() {
      return String.format(Locale.ROOT, "%.1f", score);
    }

    /**
     * For people, with the nomenclature the specification asks for wherever a v4.0 score is shown:
     * {@code 9.3 Critical (CVSS-B)}.
     */
    public String describe() {
      return scoreText() + " " + severity + " (" + nomenclature + ")";
    }
  }

  /**
   * Checks and scores a CVSS v3.1 vector.
   *
   * @throws CvssRejection naming the first problem
   */
  public static V31 v31(String vector) throws CvssRejection {
    Map<String, String> metrics = parse("3.1", vector, V31);
    String normalized = "CVSS:3.1/" + join(metrics);
    Score score = calculate("3.1", normalized);
    return new V31(
        normalized,
        score.getBaseScore(),
        severity(score.getBaseScore()),
        environmental(metrics) ? Optional.of(score.getEnvironmentalScore()) : Optional.empty());
  }

  /**
   * Checks and scores a CVSS v4.0 vector.
   *
   * @throws CvssRejection naming the first problem
   */
  public static V40 v40(String vector) throws CvssRejection {
    Map<String, String> metrics = parse("4.0", vector, V40);
    String normalized = "CVSS:4.0/" + join(metrics);
    // cvss-calculator 1.5.1 returns the one v4.0 score as the base score whatever groups the
    // vector gives (its temporal and environmental scores are -1); CvssV4ConformanceTest checks
    // this with the reference calculator's CVSS-B, CVSS-BT and CVSS-BE outputs.
    double score = calculate("4.0", normalized).getBaseScore();
    // v4.0 specification section 1.3: T when a Threat metric is given, E when an Environmental
    // one is; Supplemental metrics name nothing. "X" (Not Defined) was dropped by parse().
    String nomenclature =
        "CVSS-B" + (metrics.containsKey("E") ? "T" : "") + (environmental(metrics) ? "E" : "");
    return new V40(normalized, nomenclature, score, severity(score));
  }

  /**
   * The qualitative severity rating of a score: v3.1 specification section 5, table 14; the v4.0
   * specification's "Qualitative Severity Rating Scale" is the same (None 0.0, Low 0.1-3.9, Medium
   * 4.0-6.9, High 7.0-8.9, Critical 9.0-10.0).
   */
  public static String severity(double score) {
    if (score == 0.0) {
      return "None";
    }
    if (score < 4.0) {
      return "Low";
    }
    if (score < 7.0) {
      return "Medium";
    }
    if (score < 9.0) {
      return "High";
    }
    return "Critical";
  }

  /**
   * The metrics of a checked vector of {@code version} ({@code 3.1} or {@code 4.0}), in
   * specification order.
   *
   * @throws CvssRejection naming the first problem
   */
  public static Map<String, String> metrics(String version, String vector) throws CvssRejection {
    return parse(version, vector, version.equals("4.0") ? V40 : V31);
  }

  /** A vector of {@code version} with these metrics, in specification order. */
  public static String vector(String version, Map<String, String> metrics) {
    List<Metric> table = version.equals("4.0") ? V40 : V31;
    Map<String, String> ordered = new LinkedHashMap<>();
    for (Metric metric : table) {
      String value = metrics.get(metric.key());
      if (value != null && !(value.equals("X") && !metric.base())) {
        ordered.put(metric.key(), value);
      }
    }
    return "CVSS:" + version + "/" + join(ordered);
  }

  private static Map<String, String> parse(String version, String vector, List<Metric> table)
      throws CvssRejection {
    String prefix = "CVSS:" + version + "/";
    String text = vector == null ? "" : vector.strip();
    if (!text.startsWith(prefix)) {
      throw bad(
          version,
          "expected a vector starting with "
              + prefix
              + ", found \""
              + Texts.printable(text, 80)
              + "\"");
    }
    Map<String, Metric> byKey = new LinkedHashMap<>();
    table.forEach(m -> byKey.put(m.key(), m));
    Map<String, String> given = new LinkedHashMap<>();
    String body = text.substring(prefix.length());
    if (body.isEmpty()) {
      throw bad(version, "expected metrics after " + prefix + ", found none");
    }
    for (String part : body.split("/", -1)) {
      int colon = part.indexOf(':');
      if (colon <= 0 || colon != part.lastIndexOf(':') || colon == part.length() - 1) {
        throw bad(
            version,
            "expected metric:value pairs separated by /, found \""
                + Texts.printable(part, 40)
                + "\"");
      }
      String key = part.substring(0, colon);
      String value = part.substring(colon + 1);
      Metric metric = byKey.get(key);
      if (metric == null) {
        throw bad(
            version,
            "unknown metric \""
                + Texts.printable(key, 20)
                + "\"; expected one of "
                + String.join(", ", byKey.keySet()));
      }
      if (given.containsKey(key)) {
        throw bad(version, "metric " + key + " appears twice; each metric may be given once");
      }
      if (!metric.values().contains(value)) {
        throw bad(
            version,
            String.format(
                Locale.ROOT,
                "metric %s must be one of %s, found \"%s\"",
                key,
                String.join(", ", metric.values()),
                Texts.printable(value, 20)));
      }
      given.put(key, value);
    }
    List<String> missing =
        table.stream()
            .filter(Metric::base)
            .map(Metric::key)
            .filter(k -> !given.containsKey(k))
            .toList();
    if (!missing.isEmpty()) {
      throw bad(
          version,
          "missing base metric(s) "
              + String.join(", ", missing)
              + "; all base metrics are mandatory");
    }
    Map<String, String> ordered = new LinkedHashMap<>();
    for (Metric metric : table) {
      String value = given.get(metric.key());
      // "X" (not defined) is the same as leaving the metric out; keep the stored vector short.
      if (value != null && !(value.equals("X") && !metric.base())) {
        ordered.put(metric.key(), value);
      }
    }
    return ordered;
  }

  private static String join(Map<String, String> metrics) {
    return metrics.entrySet().stream()
        .map(e -> e.getKey() + ":" + e.getValue())
        .collect(Collectors.joining("/"));
  }

  /** Whether the vector gives an Environmental metric: a security requirement or a modified one. */
  private static boolean environmental(Map<String, String> metrics) {
    return metrics.keySet().stream()
        .anyMatch(k -> List.of("CR", "IR", "AR").contains(k) || k.startsWith("M"));
  }

  /** Scores a checked, normalized vector. */
  private static Score calculate(String version, String normalized) throws CvssRejection {
    Score score;
    try {
      Cvss calculator = Cvss.fromVector(normalized);
      if (calculator == null) {
        throw new IllegalStateException("the calculator did not recognise " + normalized);
      }
      score = calculator.calculateScore();
    } catch (RuntimeException e) {
      // Every metric was checked already, so this is a vector the calculator cannot handle.
      throw new CvssRejection(
          "cvss-unscorable",
          "the CVSS v"
              + version
              + " calculator could not score "
              + normalized
              + ": "
              + e.getMessage());
    }
    if (!(score.getBaseScore() >= 0 && score.getBaseScore() <= 10)) {
      throw new CvssRejection(
          "cvss-unscorable",
          String.format(
              Locale.ROOT,
              "the CVSS v%s calculator gave %s for %s; expected a score of 0.0-10.0",
              version,
              score.getBaseScore(),
              normalized));
    }
    return score;
  }

  private static CvssRejection bad(String version, String message) {
    return new CvssRejection("cvss-invalid", "CVSS v" + version + ": " + message);
  }
}
