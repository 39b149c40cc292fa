package org.primum.hub.supplychain.osv;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import org.primum.core.formats.Texts;
import org.primum.hub.cvss.CvssRejection;
import org.primum.hub.cvss.CvssScores;
import us.springett.cvss.Cvss;
import us.springett.cvss.Score;

/**
 * How severe a vulnerability is: a qualitative rating, the score it came from when there is one,
 * where it came from, the vector as published, and why a CVSS v4.0 vector given was not scored.
 *
 * <p>Order of preference: a CVSS v3.x base score computed from the vector, then a CVSS v4.0 score
 * computed from the vector ({@link CvssScores}, after the same checks as a vector typed into a
 * disclosure case), then a CVSS v2 base score, then the database's own rating ({@code
 * database_specific.severity}, as GitHub publishes LOW/MODERATE/HIGH/CRITICAL), then an Ubuntu
 * priority. A malformed v2 or v3.x vector refuses the record; a v4.0 vector that fails the checks
 * or the calculator does not: the rating falls back to the database's, then Ubuntu's, else {@link
 * Rating#UNKNOWN}, with the vector kept and the reason in {@link #problem()}.
 *
 * @param problem why the CVSS v4.0 vector given was not scored: where, what was expected, what was
 *     found; empty when nothing was set aside
 */
public record Severity(
    Rating rating,
    OptionalDouble score,
    Source source,
    Optional<String> vector,
    Optional<String> problem) {
  /** Qualitative rating (CVSS v3.1 specification §5 "Qualitative Severity Rating Scale"). */
  public enum Rating {
    NONE,
    LOW,
    MEDIUM,
    HIGH,
    CRITICAL,
    /** No rating could be determined; never read as "not severe". */
    UNKNOWN
  }

  /** Where the rating came from. */
  public enum Source {
    CVSS_V3,
    CVSS_V2,
    CVSS_V4,
    DATABASE_SPECIFIC,
    UBUNTU,
    ABSENT
  }

  /** A record without any severity information. */
  public static final Severity ABSENT =
      new Severity(
          Rating.UNKNOWN,
          OptionalDouble.empty(),
          Source.ABSENT,
          Optional.empty(),
          Optional.empty());

  static final int MAX_SCORE_LENGTH = 512;

  public Severity {
    Objects.requireNonNull(rating, "rating");
    Objects.requireNonNull(score, "score");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(vector, "vector");
    Objects.requireNonNull(problem, "problem");
    if (score.isPresent() && !(score.getAsDouble() >= 0.0 && score.getAsDouble() <= 10.0)) {
      throw new IllegalArgumentException("score must be within 0.0-10.0, found " + score);
    }
  }

  /** One element of an OSV {@code severity} array. */
  record Entry(String type, String score) {}

  /**
   * The severity of a record or affected entry from its {@code severity} array and its {@code
   * database_specific.severity}.
   *
   * @throws OsvRejection if a CVSS v2 or v3.x vector is malformed, or a CVSS_V4 score is not a CVSS
   *     v4 vector at all
   */
  static Severity of(List<Entry> entries, Optional<String> databaseRating, String path)
      throws OsvRejection {
    Severity v3 = null;
    Severity v2 = null;
    String v4 = null; // the first CVSS v4 vector, as published
    Severity v4Scored = null;
    String v4Problem = null;
    String ubuntu = null;
    for (int i = 0; i < entries.size(); i++) {
      Entry entry = entries.get(i);
      String where = path + "[" + i + "].score";
      // OSV schema "severity[].type": CVSS_V2, CVSS_V3, CVSS_V4, Ubuntu; other types are ignored
      // so that a newer schema minor version still reads.
      switch (entry.type()) {
        case "CVSS_V3" -> {
          Severity computed = cvss(entry.score(), "CVSS:3.", Source.CVSS_V3, where);
          v3 = v3 == null ? computed : v3;
        }
        case "CVSS_V2" -> {
          Severity computed = cvss(entry.score(), null, Source.CVSS_V2, where);
          v2 = v2 == null ? computed : v2;
        }
        case "CVSS_V4" -> {
          if (!entry.score().startsWith("CVSS:4.")) {
            throw bad(where, "a CVSS v4 vector starting with CVSS:4.", entry.score());
          }
          if (v4 == null) {
            v4 = entry.score();
            try {
              v4Scored = cvssV4(v4);
            } catch (CvssRejection e) {
              // Unlike a bad v2 or v3.x vector, this does not refuse the record: the vector is
              // kept unscored and the rating falls back below, with the reason.
              v4Problem = where + ": " + e.getMessage();
            }
          }
        }
        case "Ubuntu" -> ubuntu = ubuntu == null ? entry.score() : ubuntu;
        default -> {
          // unknown severity type: ignored
        }
      }
    }
    if (v3 != null) {
      return v3;
    }
    if (v4Scored != null) {
      return v4Scored;
    }
    if (v2 != null) {
      return v2;
    }
    Optional<String> problem = Optional.ofNullable(v4Problem);
    Optional<Rating> database = databaseRating.flatMap(Severity::databaseRating);
    if (database.isPresent()) {
      return new Severity(
          database.get(),
          OptionalDouble.empty(),
          Source.DATABASE_SPECIFIC,
          Optional.ofNullable(v4),
          problem);
    }
    if (ubuntu != null) {
      return new Severity(
          ubuntuRating(ubuntu),
          OptionalDouble.empty(),
          Source.UBUNTU,
          Optional.of(ubuntu),
          problem);
    }
    if (v4 != null) {
      return new Severity(
          Rating.UNKNOWN, OptionalDouble.empty(), Source.CVSS_V4, Optional.of(v4), problem);
    }
    return ABSENT;
  }

  private static Severity cvss(String vector, String prefix, Source source, String where)
      throws OsvRejection {
    String expected =
        source == Source.CVSS_V3
            ? "a CVSS v3.x vector such as CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"
            : "a CVSS v2 vector such as AV:N/AC:L/Au:N/C:P/I:P/A:P";
    if (prefix != null ? !vector.startsWith(prefix) : vector.startsWith("CVSS:")) {
      throw bad(where, expected, vector);
    }
    // The calculator accepts a metric twice; a vector names each metric once.
    Set<String> metrics = new HashSet<>();
    for (String part : vector.replace("(", "").replace(")", "").split("/", -1)) {
      int colon = part.indexOf(':');
      if (colon <= 0 || !metrics.add(part.substring(0, colon))) {
        throw bad(where, expected + " naming each metric once", vector);
      }
    }
    Score score;
    try {
      Cvss cvss = Cvss.fromVector(vector);
      if (cvss == null) {
        throw bad(where, expected, vector);
      }
      score = cvss.calculateScore();
    } catch (RuntimeException e) {
      // the calculator's MalformedVectorException and anything else it throws on odd input
      throw bad(where, expected, vector);
    }
    double base = score.getBaseScore();
    if (!(base >= 0.0 && base <= 10.0)) {
      throw bad(where, expected, vector);
    }
    Rating rating = source == Source.CVSS_V3 ? cvssV3Rating(base) : cvssV2Rating(base);
    return new Severity(
        rating, OptionalDouble.of(base), source, Optional.of(vector), Optional.empty());
  }

  /**
   * A CVSS v4.0 vector checked and scored by {@link CvssScores}; the vector is kept as published.
   */
  private static Severity cvssV4(String vector) throws CvssRejection {
    CvssScores.V40 scored = CvssScores.v40(vector);
    return new Severity(
        cvssV3Rating(scored.score()),
        OptionalDouble.of(scored.score()),
        Source.CVSS_V4,
        Optional.of(vector),
        Optional.empty());
  }

  /**
   * CVSS v3.1 specification §5: 0.0 None, 0.1-3.9 Low, 4.0-6.9 Medium, 7.0-8.9 High, 9.0+ Critical;
   * CVSS v4.0 rates its score on the same scale.
   */
  public static Rating cvssV3Rating(double score) {
    if (score == 0.0) {
      return Rating.NONE;
    }
    if (score < 4.0) {
      return Rating.LOW;
    }
    if (score < 7.0) {
      return Rating.MEDIUM;
    }
    return score < 9.0 ? Rating.HIGH : Rating.CRITICAL;
  }

  /** NVD's CVSS v2 ranges (v2 defines none): 0.0-3.9 Low, 4.0-6.9 Medium, 7.0-10.0 High. */
  public static Rating cvssV2Rating(double score) {
    if (score < 4.0) {
      return Rating.LOW;
    }
    return score < 7.0 ? Rating.MEDIUM : Rating.HIGH;
  }

  /** GitHub's LOW/MODERATE/HIGH/CRITICAL (and the common MEDIUM); anything else is not a rating. */
  private static Optional<Rating> databaseRating(String text) {
    return switch (text.toUpperCase(Locale.ROOT)) {
      case "LOW" -> Optional.of(Rating.LOW);
      case "MODERATE", "MEDIUM" -> Optional.of(Rating.MEDIUM);
      case "HIGH" -> Optional.of(Rating.HIGH);
      case "CRITICAL" -> Optional.of(Rating.CRITICAL);
      default -> Optional.empty();
    };
  }

  /** Ubuntu priorities: negligible, low, medium, high, critical (untriaged: unknown). */
  private static Rating ubuntuRating(String priority) {
    return switch (priority.toLowerCase(Locale.ROOT)) {
      case "negligible", "low" -> Rating.LOW;
      case "medium" -> Rating.MEDIUM;
      case "high" -> Rating.HIGH;
      case "critical" -> Rating.CRITICAL;
      default -> Rating.UNKNOWN;
    };
  }

  private static OsvRejection bad(String where, String expected, String found) {
    return new OsvRejection(
        "bad-severity",
        String.format(
            Locale.ROOT,
            "%s: expected %s, found \"%s\"",
            where,
            expected,
            Texts.printable(found, 120)));
  }
}
