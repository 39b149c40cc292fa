package org.primum.hub.advisories.csaf;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A CVSS vector string split into its metrics, and the names the FIRST JSON schemas give each
 * metric and value, so the properties of a CSAF {@code cvss_v2} / {@code cvss_v3} object can be
 * compared with its vector (CSAF 2.0 6.1.10).
 *
 * @param version {@code "2.0"}, {@code "3.0"} or {@code "3.1"}
 * @param metrics metric abbreviation to value abbreviation, e.g. {@code AV -> N}
 */
record CvssVector(String version, Map<String, String> metrics) {
  /** One metric: its abbreviation in the vector, its JSON property and value names. */
  record Metric(String key, String property, boolean base, Map<String, String> values) {}

  static final List<Metric> V2 =
      List.of(
          base("AV", "accessVector", "L", "LOCAL", "A", "ADJACENT_NETWORK", "N", "NETWORK"),
          base("AC", "accessComplexity", "H", "HIGH", "M", "MEDIUM", "L", "LOW"),
          base("Au", "authentication", "M", "MULTIPLE", "S", "SINGLE", "N", "NONE"),
          base("C", "confidentialityImpact", "N", "NONE", "P", "PARTIAL", "C", "COMPLETE"),
          base("I", "integrityImpact", "N", "NONE", "P", "PARTIAL", "C", "COMPLETE"),
          base("A", "availabilityImpact", "N", "NONE", "P", "PARTIAL", "C", "COMPLETE"),
          optional(
              "E",
              "exploitability",
              "U",
              "UNPROVEN",
              "POC",
              "PROOF_OF_CONCEPT",
              "F",
              "FUNCTIONAL",
              "H",
              "HIGH",
              "ND",
              "NOT_DEFINED"),
          optional(
              "RL",
              "remediationLevel",
              "OF",
              "OFFICIAL_FIX",
              "TF",
              "TEMPORARY_FIX",
              "W",
              "WORKAROUND",
              "U",
              "UNAVAILABLE",
              "ND",
              "NOT_DEFINED"),
          optional(
              "RC",
              "reportConfidence",
              "UC",
              "UNCONFIRMED",
              "UR",
              "UNCORROBORATED",
              "C",
              "CONFIRMED",
              "ND",
              "NOT_DEFINED"),
          optional(
              "CDP",
              "collateralDamagePotential",
              "N",
              "NONE",
              "L",
              "LOW",
              "LM",
              "LOW_MEDIUM",
              "MH",
              "MEDIUM_HIGH",
              "H",
              "HIGH",
              "ND",
              "NOT_DEFINED"),
          optional(
              "TD",
              "targetDistribution",
              "N",
              "NONE",
              "L",
              "LOW",
              "M",
              "MEDIUM",
              "H",
              "HIGH",
              "ND",
              "NOT_DEFINED"),
          requirement2("CR", "confidentialityRequirement"),
          requirement2("IR", "integrityRequirement"),
          requirement2("AR", "availabilityRequirement"));

  static final List<Metric> V3 =
      List.of(
          base(
              "AV",
              "attackVector",
              "N",
              "NETWORK",
              "A",
              "ADJACENT_NETWORK",
              "L",
              "LOCAL",
              "P",
              "PHYSICAL"),
          base("AC", "attackComplexity", "L", "LOW", "H", "HIGH"),
          base("PR", "privilegesRequired", "N", "NONE", "L", "LOW", "H", "HIGH"),
          base("UI", "userInteraction", "N", "NONE", "R", "REQUIRED"),
          base("S", "scope", "U", "UNCHANGED", "C", "CHANGED"),
          base("C", "confidentialityImpact", "H", "HIGH", "L", "LOW", "N", "NONE"),
          base("I", "integrityImpact", "H", "HIGH", "L", "LOW", "N", "NONE"),
          base("A", "availabilityImpact", "H", "HIGH", "L", "LOW", "N", "NONE"),
          optional(
              "E",
              "exploitCodeMaturity",
              "X",
              "NOT_DEFINED",
              "H",
              "HIGH",
              "F",
              "FUNCTIONAL",
              "P",
              "PROOF_OF_CONCEPT",
              "U",
              "UNPROVEN"),
          optional(
              "RL",
              "remediationLevel",
              "X",
              "NOT_DEFINED",
              "U",
              "UNAVAILABLE",
              "W",
              "WORKAROUND",
              "T",
              "TEMPORARY_FIX",
              "O",
              "OFFICIAL_FIX"),
          optional(
              "RC",
              "reportConfidence",
              "X",
              "NOT_DEFINED",
              "C",
              "CONFIRMED",
              "R",
              "REASONABLE",
              "U",
              "UNKNOWN"),
          requirement3("CR", "confidentialityRequirement"),
          requirement3("IR", "integrityRequirement"),
          requirement3("AR", "availabilityRequirement"),
          optional(
              "MAV",
              "modifiedAttackVector",
              "X",
              "NOT_DEFINED",
              "N",
              "NETWORK",
              "A",
              "ADJACENT_NETWORK",
              "L",
              "LOCAL",
              "P",
              "PHYSICAL"),
          optional("MAC", "modifiedAttackComplexity", "X", "NOT_DEFINED", "L", "LOW", "H", "HIGH"),
          optional(
              "MPR",
              "modifiedPrivilegesRequired",
              "X",
              "NOT_DEFINED",
              "N",
              "NONE",
              "L",
              "LOW",
              "H",
              "HIGH"),
          optional(
              "MUI", "modifiedUserInteraction", "X", "NOT_DEFINED", "N", "NONE", "R", "REQUIRED"),
          optional("MS", "modifiedScope", "X", "NOT_DEFINED", "U", "UNCHANGED", "C", "CHANGED"),
          impact3("MC", "modifiedConfidentialityImpact"),
          impact3("MI", "modifiedIntegrityImpact"),
          impact3("MA", "modifiedAvailabilityImpact"));

  // every metric of CVSS v3.1 once, with the longest values, is 130 characters long
  private static final int MAX_LENGTH = 256;

  CvssVector {
    metrics = Map.copyOf(metrics);
  }

  List<Metric> definitions() {
    return version.equals("2.0") ? V2 : V3;
  }

  /**
   * Parses {@code text}: {@code CVSS:3.0/} or {@code CVSS:3.1/} and v3 metrics, or v2 metrics
   * without a prefix. Every base metric must appear, no metric twice, every value known.
   *
   * @throws IllegalArgumentException saying what is wrong with the vector
   */
  static CvssVector parse(String text) {
    if (text.length() > MAX_LENGTH) {
      throw new IllegalArgumentException(
          String.format(Locale.ROOT, "more than %d characters", MAX_LENGTH));
    }
    String version;
    String body;
    if (text.startsWith("CVSS:3.0/") || text.startsWith("CVSS:3.1/")) {
      version = text.substring(5, 8);
      body = text.substring(9);
    } else if (text.startsWith("CVSS:")) {
      throw new IllegalArgumentException("unknown CVSS version prefix");
    } else {
      version = "2.0";
      body = text;
    }
    List<Metric> definitions = version.equals("2.0") ? V2 : V3;
    Map<String, String> metrics = new LinkedHashMap<>();
    for (String part : body.split("/", -1)) {
      int colon = part.indexOf(':');
      String key = colon < 0 ? part : part.substring(0, colon);
      String value = colon < 0 ? "" : part.substring(colon + 1);
      Metric metric = definitions.stream().filter(m -> m.key.equals(key)).findFirst().orElse(null);
      if (metric == null || !metric.values.containsKey(value)) {
        throw new IllegalArgumentException(
            String.format(Locale.ROOT, "unknown metric or value \"%s\"", shorten(part)));
      }
      if (metrics.put(key, value) != null) {
        throw new IllegalArgumentException("metric " + key + " given twice");
      }
    }
    for (Metric metric : definitions) {
      if (metric.base && !metrics.containsKey(metric.key)) {
        throw new IllegalArgumentException("base metric " + metric.key + " missing");
      }
    }
    return new CvssVector(version, metrics);
  }

  /**
   * The schema's name for this vector's value of {@code metric} ({@code NOT_DEFINED} if absent).
   */
  String valueName(Metric metric) {
    String value = metrics.get(metric.key);
    return value == null ? "NOT_DEFINED" : metric.values.get(value);
  }

  private static String shorten(String text) {
    return text.length() <= 20 ? text : text.substring(0, 20) + "…";
  }

  private static Metric base(String key, String property, String... pairs) {
    return new Metric(key, property, true, pairs(pairs));
  }

  private static Metric optional(String key, String property, String... pairs) {
    return new Metric(key, property, false, pairs(pairs));
  }

  private static Metric requirement2(String key, String property) {
    return optional(key, property, "L", "LOW", "M", "MEDIUM", "H", "HIGH", "ND", "NOT_DEFINED");
  }

  private static Metric requirement3(String key, String property) {
    return optional(key, property, "X", "NOT_DEFINED", "H", "HIGH", "M", "MEDIUM", "L", "LOW");
  }

  private static Metric impact3(String key, String property) {
    return optional(key, property, "X", "NOT_DEFINED", "H", "HIGH", "L", "LOW", "N", "NONE");
  }

  private static Map<String, String> pairs(String... pairs) {
    Map<String, String> map = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      map.put(pairs[i], pairs[i + 1]);
    }
    return Map.copyOf(map);
  }
}
