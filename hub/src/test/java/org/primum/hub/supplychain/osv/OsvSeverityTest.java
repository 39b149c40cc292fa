package org.primum.hub.supplychain.osv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.primum.hub.supplychain.osv.OsvFixtures.parse;
import static org.primum.hub.supplychain.osv.OsvFixtures.utf8;

import org.junit.jupiter.api.Test;

/**
 * Severity: CVSS v3.x, v4.0 and v2 scores computed; database ratings, then Ubuntu priorities, as
 * fallbacks, also for a v4.0 vector that cannot be scored.
 */
class OsvSeverityTest {
  private static Severity severity(String severityArray, String databaseSpecific) {
    return parse(
            "{\"id\": \"A-1\", \"modified\": \"2024-01-01T00:00:00Z\", \"severity\": "
                + severityArray
                + (databaseSpecific == null ? "" : ", \"database_specific\": " + databaseSpecific)
                + "}")
        .severity();
  }

  @Test
  void severity_cvssV3Vector_baseScoreComputed() {
    Severity s =
        severity(
            "[{\"type\": \"CVSS_V3\", \"score\": \"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H\"}]",
            "{\"severity\": \"MODERATE\"}");
    assertThat(s.rating()).isEqualTo(Severity.Rating.CRITICAL);
    assertThat(s.score()).hasValue(9.8);
    assertThat(s.source()).isEqualTo(Severity.Source.CVSS_V3);
    assertThat(s.vector()).contains("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H");
  }

  @Test
  void severity_cvss30Vector_computed() {
    Severity s =
        severity(
            "[{\"type\": \"CVSS_V3\", \"score\": \"CVSS:3.0/AV:N/AC:H/PR:N/UI:N/S:U/C:N/I:H/A:H\"}]",
            null);
    assertThat(s.score()).hasValue(7.4);
    assertThat(s.rating()).isEqualTo(Severity.Rating.HIGH);
  }

  @Test
  void severity_cvssV2Vector_computedWithNvdRanges() {
    Severity s =
        severity("[{\"type\": \"CVSS_V2\", \"score\": \"AV:N/AC:L/Au:N/C:P/I:P/A:P\"}]", null);
    assertThat(s.score()).hasValue(7.5);
    assertThat(s.rating()).isEqualTo(Severity.Rating.HIGH);
    assertThat(s.source()).isEqualTo(Severity.Source.CVSS_V2);
  }

  @Test
  void severity_cvssV4Vector_scoredAndPreferredToTheDatabaseRating() {
    // 8.7 is the reference calculator's score (hub/src/test/resources/cvss/v4-vectors.txt).
    String v4 = "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:N/VI:N/VA:H/SC:N/SI:N/SA:N";
    Severity s =
        severity(
            "[{\"type\": \"CVSS_V4\", \"score\": \"" + v4 + "\"}]", "{\"severity\": \"MODERATE\"}");
    assertThat(s.rating()).isEqualTo(Severity.Rating.HIGH);
    assertThat(s.score()).hasValue(8.7);
    assertThat(s.source()).isEqualTo(Severity.Source.CVSS_V4);
    assertThat(s.vector()).contains(v4);
    assertThat(s.problem()).isEmpty();
  }

  @Test
  void severity_cvssV3AndV4_v3Preferred_v4BeforeV2() {
    String v3 =
        "{\"type\": \"CVSS_V3\", \"score\": \"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H\"}";
    String v4 =
        "{\"type\": \"CVSS_V4\", \"score\":"
            + " \"CVSS:4.0/AV:P/AC:H/AT:P/PR:H/UI:A/VC:H/VI:H/VA:H/SC:H/SI:H/SA:H/E:U\"}";
    String v2 = "{\"type\": \"CVSS_V2\", \"score\": \"AV:N/AC:L/Au:N/C:P/I:P/A:P\"}";
    assertThat(severity("[" + v4 + ", " + v3 + "]", null).source())
        .isEqualTo(Severity.Source.CVSS_V3);
    Severity s = severity("[" + v2 + ", " + v4 + "]", null);
    assertThat(s.source()).isEqualTo(Severity.Source.CVSS_V4);
    assertThat(s.score()).hasValue(4.1);
    assertThat(s.rating()).isEqualTo(Severity.Rating.MEDIUM);
  }

  @Test
  void severity_badCvssV4Vector_recordStillReads_databaseRatingUsed_reasonKept() {
    // Our reader refuses the repeated metric the calculator alone would take.
    String v4 = "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N/VC:L";
    Severity s =
        severity(
            "[{\"type\": \"Ubuntu\", \"score\": \"low\"}, {\"type\": \"CVSS_V4\", \"score\": \""
                + v4
                + "\"}]",
            "{\"severity\": \"MODERATE\"}");
    assertThat(s.rating()).isEqualTo(Severity.Rating.MEDIUM);
    assertThat(s.score()).isEmpty();
    assertThat(s.source()).isEqualTo(Severity.Source.DATABASE_SPECIFIC);
    assertThat(s.vector()).contains(v4);
    assertThat(s.problem())
        .hasValueSatisfying(
            p ->
                assertThat(p)
                    .isEqualTo(
                        "$.severity[1].score: CVSS v4.0: metric VC appears twice; each metric may"
                            + " be given once"));
  }

  @Test
  void severity_badCvssV4VectorAlone_unknownWithVectorAndReason() {
    String v4 = "CVSS:4.0/AV:N/AC:L";
    Severity s = severity("[{\"type\": \"CVSS_V4\", \"score\": \"" + v4 + "\"}]", null);
    assertThat(s.rating()).isEqualTo(Severity.Rating.UNKNOWN);
    assertThat(s.score()).isEmpty();
    assertThat(s.source()).isEqualTo(Severity.Source.CVSS_V4);
    assertThat(s.vector()).contains(v4);
    assertThat(s.problem())
        .hasValueSatisfying(p -> assertThat(p).contains("missing base metric(s) AT"));
    String future = "CVSS:4.1/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N";
    Severity later = severity("[{\"type\": \"CVSS_V4\", \"score\": \"" + future + "\"}]", null);
    assertThat(later.rating()).isEqualTo(Severity.Rating.UNKNOWN);
    assertThat(later.problem())
        .hasValueSatisfying(
            p -> assertThat(p).contains("expected a vector starting with CVSS:4.0/"));
  }

  @Test
  void severity_ubuntuPriorityAndAbsent_mapped() {
    assertThat(severity("[{\"type\": \"Ubuntu\", \"score\": \"medium\"}]", null).rating())
        .isEqualTo(Severity.Rating.MEDIUM);
    assertThat(severity("[]", null)).isEqualTo(Severity.ABSENT);
    assertThat(severity("[]", "{\"severity\": {\"not\": \"a string\"}}"))
        .isEqualTo(Severity.ABSENT);
    assertThat(severity("[{\"type\": \"FUTURE_SCORE\", \"score\": \"x\"}]", null))
        .isEqualTo(Severity.ABSENT);
  }

  @Test
  void severity_malformedVectors_refused() {
    String[] bad = {
      "[{\"type\": \"CVSS_V3\", \"score\": \"AV:N/AC:L/Au:N/C:P/I:P/A:P\"}]",
      "[{\"type\": \"CVSS_V3\", \"score\": \"CVSS:3.1/AV:N/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H\"}]",
      "[{\"type\": \"CVSS_V3\", \"score\": \"CVSS:3.1/AV:Q/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H\"}]",
      "[{\"type\": \"CVSS_V2\", \"score\": \"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H\"}]",
      "[{\"type\": \"CVSS_V4\", \"score\": \"AV:N\"}]",
    };
    for (String array : bad) {
      assertThatThrownBy(
              () ->
                  OsvRecord.parse(
                      utf8(
                          "{\"id\": \"A-1\", \"modified\": \"2024-01-01T00:00:00Z\", \"severity\": "
                              + array
                              + "}")))
          .as(array)
          .isInstanceOf(OsvRejection.class)
          .hasFieldOrPropertyWithValue("code", "bad-severity");
    }
  }

  @Test
  void rating_cvssV3Boundaries_specificationScale() {
    assertThat(Severity.cvssV3Rating(0.0)).isEqualTo(Severity.Rating.NONE);
    assertThat(Severity.cvssV3Rating(0.1)).isEqualTo(Severity.Rating.LOW);
    assertThat(Severity.cvssV3Rating(3.9)).isEqualTo(Severity.Rating.LOW);
    assertThat(Severity.cvssV3Rating(4.0)).isEqualTo(Severity.Rating.MEDIUM);
    assertThat(Severity.cvssV3Rating(6.9)).isEqualTo(Severity.Rating.MEDIUM);
    assertThat(Severity.cvssV3Rating(7.0)).isEqualTo(Severity.Rating.HIGH);
    assertThat(Severity.cvssV3Rating(8.9)).isEqualTo(Severity.Rating.HIGH);
    assertThat(Severity.cvssV3Rating(9.0)).isEqualTo(Severity.Rating.CRITICAL);
    assertThat(Severity.cvssV2Rating(10.0)).isEqualTo(Severity.Rating.HIGH);
  }
}
