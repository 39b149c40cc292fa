package org.primum.hub.advisories;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import us.springett.cvss.Cvss;
import us.springett.cvss.Score;

/**
 * A CVSS v3.1 vector with the base score and severity computed from it (us.springett
 * cvss-calculator), never typed in by hand.
 *
 * @param vector e.g. {@code CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H}
 * @param baseScore 0.0 – 10.0, as the calculator computes it from {@code vector}
 * @param severity the qualitative rating of {@code baseScore}
 */
public record CvssScore(String vector, double baseScore, CvssScore.Severity severity) {
  // The pattern of the FIRST CVSS v3.1 JSON schema that CSAF references (CSAF 2.0 3.2.3.13.2).
  private static final Pattern V31 =
      Pattern.compile(
          "^CVSS:3[.]1/((AV:[NALP]|AC:[LH]|PR:[NLH]|UI:[NR]|S:[UC]|[CIA]:[NLH]|E:[XUPFH]"
              + "|RL:[XOTWU]|RC:[XURC]|[CIA]R:[XLMH]|MAV:[XNALP]|MAC:[XLH]|MPR:[XNLH]|MUI:[XNR]"
              + "|MS:[XUC]|M[CIA]:[XNLH])/)*(AV:[NALP]|AC:[LH]|PR:[NLH]|UI:[NR]|S:[UC]|[CIA]:[NLH]"
              + "|E:[XUPFH]|RL:[XOTWU]|RC:[XURC]|[CIA]R:[XLMH]|MAV:[XNALP]|MAC:[XLH]|MPR:[XNLH]"
              + "|MUI:[XNR]|MS:[XUC]|M[CIA]:[XNLH])$");
  private static final List<String> BASE = List.of("AV", "AC", "PR", "UI", "S", "C", "I", "A");
  private static final String EXAMPLE = "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H";

  /** CVSS v3.1 specification 5: the qualitative severity rating scale. */
  public enum Severity {
    NONE,
    LOW,
    MEDIUM,
    HIGH,
    CRITICAL;

    /** The rating of a base score. */
    public static Severity of(double score) {
      if (score == 0.0) {
        return NONE;
      } else if (score < 4.0) {
        return LOW;
      } else if (score < 7.0) {
        return MEDIUM;
      } else if (score < 9.0) {
        return HIGH;
      }
      return CRITICAL;
    }

    /** For people: {@code High}. */
    public String title() {
      return name().charAt(0) + name().substring(1).toLowerCase(Locale.ROOT);
    }
  }

  public CvssScore {
    Objects.requireNonNull(vector, "vector");
    Objects.requireNonNull(severity, "severity");
    double computed = compute(vector);
    if (Math.abs(computed - baseScore) > 0.001) {
      throw new IllegalArgumentException(
          String.format(
              Locale.ROOT,
              "CVSS: expected base score %.1f for %s, found %.1f",
              computed,
              vector,
              baseScore));
    }
    if (severity != Severity.of(baseScore)) {
      throw new IllegalArgumentException(
          "CVSS: expected severity " + Severity.of(baseScore) + ", found " + severity);
    }
  }

  /**
   * Parses a CVSS v3.1 vector and computes its base score.
   *
   * @throws IllegalArgumentException if it is not a v3.1 vector naming every base metric once
   */
  public static CvssScore parse(String vector) {
    String v = Objects.requireNonNull(vector, "vector").strip();
    double score = compute(v);
    return new CvssScore(v, score, Severity.of(score));
  }

  private static double compute(String vector) {
    if (!V31.matcher(vector).matches()) {
      throw bad(vector);
    }
    Set<String> metrics = new HashSet<>();
    for (String part : vector.substring("CVSS:3.1/".length()).split("/", -1)) {
      if (!metrics.add(part.substring(0, part.indexOf(':')))) {
        throw bad(vector);
      }
    }
    if (!metrics.containsAll(BASE)) {
      throw bad(vector);
    }
    Score score;
    try {
      Cvss cvss = Cvss.fromVector(vector);
      if (cvss == null) {
        throw bad(vector);
      }
      score = cvss.calculateScore();
    } catch (RuntimeException e) {
      throw bad(vector);
    }
    return score.getBaseScore();
  }

  private static IllegalArgumentException bad(String vector) {
    return new IllegalArgumentException(
        "CVSS: expected a CVSS v3.1 vector naming each base metric once, such as "
            + EXAMPLE
            + ", found \""
            + vector
            + "\"");
  }
}
