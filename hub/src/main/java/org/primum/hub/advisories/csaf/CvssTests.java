package org.primum.hub.advisories.csaf;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashMap;
import java.util.Map;
import us.springett.cvss.Cvss;
import us.springett.cvss.Score;

/**
 * CSAF 2.0 6.1.7 – 6.1.10: the CVSS scores of each vulnerability are unique per product and
 * version, valid against the FIRST schemas, computed correctly and consistent with their vector.
 *
 * <p>Scores are computed with us.springett:cvss-calculator from the vector string, which takes
 * precedence (CSAF 2.0 6.1.9). It computes base and temporal scores for CVSS v2.0, v3.0 and v3.1,
 * and environmental scores for v3.1 only; a given {@code environmentalScore} (and severity) of a
 * v2.0 or v3.0 object is therefore not checked (see docs/csaf.md).
 */
final class CvssTests implements MandatoryTests {
  private static final double TOLERANCE = 1e-6;

  private final CsafSchema schema;

  CvssTests(CsafSchema schema) {
    this.schema = schema;
  }

  @Override
  public void run(CsafDocument document, Failures failures) {
    for (JsonAt vulnerability : document.vulnerabilities()) {
      Map<String, JsonAt> scored = new HashMap<>();
      for (JsonAt score : vulnerability.items("scores")) {
        for (String property : new String[] {"cvss_v2", "cvss_v3"}) {
          JsonAt cvss = score.get(property);
          if (!cvss.exists()) {
            continue;
          }
          boolean v3 = property.equals("cvss_v3");
          multipleScores(score, cvss, v3, scored, failures);
          boolean vectorInvalid = invalid(cvss, v3, failures);
          if (!cvss.node().isObject() || cvss.textOf("vectorString") == null) {
            continue;
          }
          CvssVector vector;
          try {
            vector = CvssVector.parse(cvss.textOf("vectorString"));
          } catch (IllegalArgumentException e) {
            if (vectorInvalid) {
              continue; // already reported by 6.1.8
            }
            failures.add(
                "6.1.9",
                cvss.get("vectorString"),
                "expected a CVSS vector that can be scored, found one with %s",
                e.getMessage());
            continue;
          }
          if (vector.version().equals("2.0") == v3) { // a v2 vector in cvss_v3, or vice versa
            failures.add(
                "6.1.10",
                cvss.get("vectorString"),
                "expected a CVSS v%s vector in %s, found a v%s vector",
                v3 ? "3" : "2",
                property,
                vector.version());
            continue;
          }
          inconsistent(cvss, vector, failures);
          computation(cvss, vector, failures);
        }
      }
    }
  }

  // CSAF 2.0 6.1.7: per product at most one score of each CVSS version
  private static void multipleScores(
      JsonAt score, JsonAt cvss, boolean v3, Map<String, JsonAt> scored, Failures failures) {
    String version = cvss.textOf("version");
    if (version == null) {
      version = v3 ? "3.x" : "2.0";
    }
    for (JsonAt product : score.strings("products")) {
      String id = product.node().textValue();
      JsonAt first = scored.putIfAbsent(id + "\u0000" + version, cvss);
      if (first != null) {
        failures.add(
            "6.1.7",
            product,
            "expected at most one CVSS v%s score for %s, found another (first at %s)",
            version,
            id,
            first.pointer());
      }
    }
  }

  /** CSAF 2.0 6.1.8: valid according to the referenced FIRST schema; true if the vector is not. */
  private boolean invalid(JsonAt cvss, boolean v3, Failures failures) {
    boolean vectorInvalid = false;
    for (CsafSchema.Violation violation : schema.cvssViolations(cvss, v3)) {
      vectorInvalid |= violation.pointer().equals(cvss.get("vectorString").pointer());
      failures.add(
          "6.1.8",
          violation.pointer(),
          "expected a valid CVSS v%s object (FIRST schema), found: %s",
          v3 ? "3" : "2",
          violation.message());
    }
    return vectorInvalid;
  }

  // CSAF 2.0 6.1.10: the properties do not contradict the vector
  private static void inconsistent(JsonAt cvss, CvssVector vector, Failures failures) {
    String version = cvss.textOf("version");
    if (version != null && !version.equals(vector.version())) {
      failures.add(
          "6.1.10",
          cvss.get("version"),
          "expected version %s as in the vectorString, found %s",
          vector.version(),
          version);
    }
    for (CvssVector.Metric metric : vector.definitions()) {
      String given = cvss.textOf(metric.property());
      String expected = vector.valueName(metric);
      if (given != null && !given.equals(expected)) {
        failures.add(
            "6.1.10",
            cvss.get(metric.property()),
            "expected %s (vectorString %s), found %s",
            expected,
            vector.metrics().getOrDefault(metric.key(), "without " + metric.key()),
            given);
      }
    }
  }

  // CSAF 2.0 6.1.9: scores and severities as computed from the vector
  private static void computation(JsonAt cvss, CvssVector vector, Failures failures) {
    Score score;
    try {
      Cvss calculator = Cvss.fromVector(cvss.textOf("vectorString"));
      if (calculator == null) {
        return;
      }
      score = calculator.calculateScore();
    } catch (RuntimeException e) {
      // a third-party calculator on untrusted input; the vector already parsed, so this is a
      // vector it cannot score, which CvssVector would have named: skip rather than guess
      return;
    }
    boolean v3 = !vector.version().equals("2.0");
    check(cvss, "baseScore", "baseSeverity", score.getBaseScore(), v3, failures);
    check(cvss, "temporalScore", "temporalSeverity", score.getTemporalScore(), v3, failures);
    if (vector.version().equals("3.1") && score.getEnvironmentalScore() >= 0) {
      check(
          cvss,
          "environmentalScore",
          "environmentalSeverity",
          score.getEnvironmentalScore(),
          true,
          failures);
    }
  }

  private static void check(
      JsonAt cvss,
      String scoreProperty,
      String severityProperty,
      double computed,
      boolean v3,
      Failures failures) {
    JsonNode given = cvss.get(scoreProperty).node();
    if (given.isNumber() && Math.abs(given.doubleValue() - computed) > TOLERANCE) {
      failures.add(
          "6.1.9",
          cvss.get(scoreProperty),
          "expected %s %.1f as computed from the vectorString, found %s",
          scoreProperty,
          computed,
          given.asText());
    }
    String severity = cvss.textOf(severityProperty);
    if (v3 && severity != null && !severity.equals(severity(computed))) {
      failures.add(
          "6.1.9",
          cvss.get(severityProperty),
          "expected %s %s for the computed score %.1f, found %s",
          severityProperty,
          severity(computed),
          computed,
          severity);
    }
  }

  /** CVSS v3.x 5: the qualitative severity rating of a score. */
  static String severity(double score) {
    if (score < 0.05) {
      return "NONE";
    } else if (score < 3.95) {
      return "LOW";
    } else if (score < 6.95) {
      return "MEDIUM";
    } else if (score < 8.95) {
      return "HIGH";
    }
    return "CRITICAL";
  }
}
