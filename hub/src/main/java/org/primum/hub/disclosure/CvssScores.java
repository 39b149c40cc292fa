package org.primum.hub.disclosure;

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
 * CVSS vectors of a case: version 3.1 vectors are checked here and scored by the maintained {@code
 * us.springett:cvss-calculator} (checked against FIRST's published examples in the tests); version
 * 4.0 vectors are checked and stored, but not scored: no maintained Java calculator is available to
 * this build, and the hub does not hand-copy the v4.0 scoring tables.
 *
 * <p>Both readers refuse an unknown metric, a value the specification does not allow, a metric
 * given twice (the calculator would silently keep the last one) and a missing base metric; metrics
 * may come in any order and are stored in the specification's order.
 */
public final class CvssScores {
  /** What the hub shows instead of a CVSS v4.0 score. */
  public static final String V40_NOT_COMPUTED = "not computed (no maintained calculator available)";

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
   * A checked CVSS v4.0 vector, not scored.
   *
   * @param vector the vector in the specification's metric order
   * @param nomenclature CVSS-B, CVSS-BT, CVSS-BE or CVSS-BTE (v4.0 section 1.3)
   */
  public record V40(String vector, String nomenclature) {
    public V40 {
      Objects.requireNonNull(vector, "vector");
      Objects.requireNonNull(nomenclature, "nomenclature");
    }

    /** What the hub says about the score. */
    public String score() {
      return V40_NOT_COMPUTED;
    }
  }

  /**
   * Checks and scores a CVSS v3.1 vector.
   *
   * @throws DisclosureRefusal naming the first problem
   */
  public static V31 v31(String vector) throws DisclosureRefusal {
    Map<String, String> metrics = parse("3.1", vector, V31);
    String normalized = "CVSS:3.1/" + join(metrics);
    Score score;
    try {
      Cvss calculator = Cvss.fromVector(normalized);
      if (calculator == null) {
        throw new IllegalStateException("the calculator did not recognise " + normalized);
      }
      score = calculator.calculateScore();
    } catch (RuntimeException e) {
      // Every metric was checked above, so this is a vector the calculator cannot handle.
      throw DisclosureRefusal.badInput(
          "cvss-unscorable",
          "the CVSS v3.1 calculator could not score " + normalized + ": " + e.getMessage());
    }
    boolean environmental =
        metrics.keySet().stream()
            .anyMatch(k -> List.of("CR", "IR", "AR").contains(k) || k.startsWith("M"));
    return new V31(
        normalized,
        score.getBaseScore(),
        severity(score.getBaseScore()),
        environmental ? Optional.of(score.getEnvironmentalScore()) : Optional.empty());
  }

  /**
   * Checks a CVSS v4.0 vector.
   *
   * @throws DisclosureRefusal naming the first problem
   */
  public static V40 v40(String vector) throws DisclosureRefusal {
    Map<String, String> metrics = parse("4.0", vector, V40);
    boolean threat = metrics.containsKey("E");
    boolean environmental =
        metrics.keySet().stream()
            .anyMatch(k -> List.of("CR", "IR", "AR").contains(k) || k.startsWith("M"));
    String nomenclature = "CVSS-B" + (threat ? "T" : "") + (environmental ? "E" : "");
    return new V40("CVSS:4.0/" + join(metrics), nomenclature);
  }

  /** The qualitative severity rating of a v3.x score (v3.1 specification, section 5, table 14). */
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

  /** The metrics of a checked vector, in specification order (for the questionnaire). */
  static Map<String, String> metrics(String version, String vector) throws DisclosureRefusal {
    return parse(version, vector, version.equals("4.0") ? V40 : V31);
  }

  /** A vector of {@code version} with these metrics, in specification order. */
  static String vector(String version, Map<String, String> metrics) {
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
      throws DisclosureRefusal {
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

  private static DisclosureRefusal bad(String version, String message) {
    return DisclosureRefusal.badInput("cvss-invalid", "CVSS v" + version + ": " + message);
  }
}
