package org.primum.hub.disclosure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.primum.hub.cvss.CvssRejection;
import org.primum.hub.cvss.CvssScores;

/**
 * CVSS v3.1 scoring against FIRST's "CVSS v3.1 Examples" document
 * (https://www.first.org/cvss/v3.1/examples), CVSS v4.0 vector checks and scores (the v4.0
 * reference vectors are in {@code cvss.CvssV4ConformanceTest}), and the medical-device
 * questionnaire's suggestions.
 */
class DisclosureCvssTest {
  /** Example, vector and base score as published by FIRST. */
  private record Example(String name, String vector, double score, String severity) {}

  private static final List<Example> FIRST_V31_EXAMPLES =
      List.of(
          new Example(
              "CVE-2013-1937 phpMyAdmin reflected XSS",
              "AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N",
              6.1,
              "Medium"),
          new Example(
              "CVE-2013-0375 MySQL stored SQL injection",
              "AV:N/AC:L/PR:L/UI:N/S:C/C:L/I:L/A:N",
              6.4,
              "Medium"),
          new Example(
              "CVE-2014-3566 SSLv3 POODLE", "AV:N/AC:H/PR:N/UI:R/S:U/C:L/I:N/A:N", 3.1, "Low"),
          new Example(
              "CVE-2012-1516 VMware guest to host escape",
              "AV:N/AC:L/PR:L/UI:N/S:C/C:H/I:H/A:H",
              9.9,
              "Critical"),
          new Example(
              "CVE-2009-0783 Apache Tomcat XML parser",
              "AV:L/AC:L/PR:H/UI:N/S:U/C:L/I:L/A:L",
              4.2,
              "Medium"),
          new Example(
              "CVE-2012-0384 Cisco IOS command execution",
              "AV:N/AC:L/PR:L/UI:N/S:U/C:H/I:H/A:H",
              8.8,
              "High"),
          new Example(
              "CVE-2015-1098 Apple iWork denial of service",
              "AV:L/AC:L/PR:N/UI:R/S:U/C:H/I:H/A:H",
              7.8,
              "High"),
          new Example(
              "CVE-2014-0160 OpenSSL Heartbleed",
              "AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N",
              7.5,
              "High"),
          new Example(
              "CVE-2014-6271 GNU Bash Shellshock",
              "AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H",
              9.8,
              "Critical"),
          new Example(
              "CVE-2008-1447 DNS Kaminsky bug",
              "AV:N/AC:H/PR:N/UI:N/S:C/C:N/I:H/A:N",
              6.8,
              "Medium"),
          new Example(
              "CVE-2014-2005 Sophos login screen bypass",
              "AV:P/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H",
              6.8,
              "Medium"),
          new Example(
              "CVE-2010-0467 Joomla directory traversal",
              "AV:N/AC:L/PR:N/UI:N/S:C/C:L/I:N/A:N",
              5.8,
              "Medium"),
          new Example(
              "CVE-2012-1342 Cisco access control bypass",
              "AV:N/AC:L/PR:N/UI:N/S:C/C:N/I:L/A:N",
              5.8,
              "Medium"),
          new Example(
              "CVE-2013-6014 Juniper proxy ARP denial of service",
              "AV:A/AC:L/PR:N/UI:N/S:C/C:H/I:N/A:H",
              9.3,
              "Critical"),
          new Example(
              "CVE-2014-9253 DokuWiki reflected XSS",
              "AV:N/AC:L/PR:L/UI:R/S:C/C:L/I:L/A:N",
              5.4,
              "Medium"),
          new Example(
              "CVE-2011-1265 Microsoft Windows Bluetooth RCE",
              "AV:A/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H",
              8.8,
              "High"));

  @Test
  void v31_scoresFirstsPublishedExamples() throws Exception {
    List<String> failures = new ArrayList<>();
    for (Example example : FIRST_V31_EXAMPLES) {
      CvssScores.V31 scored = CvssScores.v31("CVSS:3.1/" + example.vector());
      if (Math.abs(scored.baseScore() - example.score()) > 1e-9
          || !scored.severity().equals(example.severity())) {
        failures.add(
            String.format(
                Locale.ROOT,
                "%s: expected %.1f %s, found %s %s",
                example.name(),
                example.score(),
                example.severity(),
                scored.baseScoreText(),
                scored.severity()));
      }
    }
    assertThat(failures).isEmpty();
    assertThat(FIRST_V31_EXAMPLES).hasSizeGreaterThanOrEqualTo(12);
  }

  @Test
  void v31_storesMetricsInSpecificationOrder_andScoresEnvironmentalMetrics() throws Exception {
    CvssScores.V31 scored =
        CvssScores.v31("CVSS:3.1/S:U/AV:N/AC:L/PR:N/UI:N/C:H/I:H/A:H/E:X/IR:H/MA:H");
    assertThat(scored.vector()).isEqualTo("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/IR:H/MA:H");
    assertThat(scored.baseScoreText()).isEqualTo("9.8");
    assertThat(scored.environmentalScore()).isPresent();
    assertThat(CvssScores.v31("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:N").severity())
        .isEqualTo("None");
  }

  @Test
  void v31_refusesMalformedVectors_naming_theProblem() {
    assertRefused(
        () -> CvssScores.v31("CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"),
        "expected a vector starting with CVSS:3.1/");
    // The calculator alone would keep the last AV silently; the hub refuses the ambiguity.
    assertRefused(
        () -> CvssScores.v31("CVSS:3.1/AV:N/AV:L/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"),
        "metric AV appears twice");
    assertRefused(
        () -> CvssScores.v31("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H"),
        "missing base metric(s) A");
    assertRefused(
        () -> CvssScores.v31("CVSS:3.1/AV:X/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"),
        "metric AV must be one of N, A, L, P, found \"X\"");
    assertRefused(
        () -> CvssScores.v31("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/AT:N"),
        "unknown metric \"AT\"");
    assertRefused(() -> CvssScores.v31("CVSS:3.1/AV:N//AC:L"), "expected metric:value pairs");
    assertRefused(() -> CvssScores.v31("CVSS:3.1/"), "expected metrics after CVSS:3.1/");
  }

  @Test
  void v40_acceptsValidVectors_inAnyOrder_andStoresThemNormalized() throws Exception {
    CvssScores.V40 base =
        CvssScores.v40("CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N");
    assertThat(base.nomenclature()).isEqualTo("CVSS-B");
    CvssScores.V40 reordered =
        CvssScores.v40(
            "CVSS:4.0/AV:N/AC:L/AT:N/PR:L/UI:N/VC:H/SC:N/VI:H/SI:N/VA:H/SA:N/S:P/E:A/MSI:S");
    assertThat(reordered.vector())
        .isEqualTo("CVSS:4.0/AV:N/AC:L/AT:N/PR:L/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N/E:A/MSI:S/S:P");
    assertThat(reordered.nomenclature()).isEqualTo("CVSS-BTE");
    assertThat(CvssScores.v40(base.vector() + "/U:Amber/AU:Y").nomenclature()).isEqualTo("CVSS-B");
  }

  @Test
  void v40_scoresTheVector_andNamesTheMetricGroupsTheScoreUsed() throws Exception {
    // Scores from the reference calculator (cvss/v4-vectors.txt); the severity is v4.0's scale.
    CvssScores.V40 base =
        CvssScores.v40("CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:N/VI:N/VA:H/SC:N/SI:N/SA:N");
    assertThat(base.score()).isEqualTo(8.7);
    assertThat(base.severity()).isEqualTo("High");
    assertThat(base.nomenclature()).isEqualTo("CVSS-B");
    assertThat(base.describe()).isEqualTo("8.7 High (CVSS-B)");
    CvssScores.V40 environmental = CvssScores.v40(base.vector() + "/AR:L");
    assertThat(environmental.describe()).isEqualTo("7.9 High (CVSS-BE)");
    CvssScores.V40 threat =
        CvssScores.v40("CVSS:4.0/AV:P/AC:H/AT:P/PR:H/UI:A/VC:H/VI:H/VA:H/SC:H/SI:H/SA:H/E:U");
    assertThat(threat.describe()).isEqualTo("4.1 Medium (CVSS-BT)");
    CvssScores.V40 both =
        CvssScores.v40(
            "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:H/SI:H/SA:H/E:P/CR:H/IR:H/AR:H");
    assertThat(both.describe()).isEqualTo("9.3 Critical (CVSS-BTE)");
    // Supplemental metrics change neither the score nor the name; "X" is the same as absent.
    CvssScores.V40 supplemental =
        CvssScores.v40(
            "CVSS:4.0/AV:P/AC:H/AT:P/PR:H/UI:A/VC:H/VI:H/VA:H/SC:H/SI:H/SA:H/S:N/AU:N/R:A/V:D/RE:L"
                + "/U:Clear/E:X/CR:X");
    assertThat(supplemental.describe()).isEqualTo("7.3 High (CVSS-B)");
    assertThat(
            CvssScores.v40("CVSS:4.0/AV:A/AC:H/AT:P/PR:L/UI:P/VC:N/VI:N/VA:N/SC:N/SI:N/SA:N")
                .describe())
        .isEqualTo("0.0 None (CVSS-B)");
  }

  @Test
  void v40_refusesMissingDuplicateAndUnknownMetricsAndValues() {
    String v = "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N";
    assertRefused(
        () -> CvssScores.v40("CVSS:4.0/AV:N/AC:L/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N"),
        "missing base metric(s) AT");
    assertRefused(() -> CvssScores.v40(v + "/VC:L"), "metric VC appears twice");
    assertRefused(
        () -> CvssScores.v40(v.replace("UI:N", "UI:R")),
        "metric UI must be one of N, P, A, found \"R\"");
    assertRefused(
        () -> CvssScores.v40(v + "/MSC:S"), "metric MSC must be one of X, H, L, N, found \"S\"");
    assertRefused(() -> CvssScores.v40(v + "/S:C"), "metric S must be one of X, N, P");
    assertRefused(
        () -> CvssScores.v40(v + "/U:amber"),
        "metric U must be one of X, Clear, Green, Amber, Red");
    assertRefused(
        () -> CvssScores.v40(v.replace("CVSS:4.0/", "CVSS:3.1/")),
        "expected a vector starting with CVSS:4.0/");
    assertRefused(() -> CvssScores.v40(v + "/PR"), "expected metric:value pairs");
  }

  @Test
  void questionnaire_seriousHarmInIcuDuringTherapy_raisesImpactsAndSuggestsSafety()
      throws Exception {
    DeviceQuestionnaire answers =
        new DeviceQuestionnaire(
            DeviceQuestionnaire.PatientHarm.SERIOUS,
            DeviceQuestionnaire.ClinicalEnvironment.ICU,
            DeviceQuestionnaire.InTherapy.YES);
    assertThat(answers.suggestsUncontrolledRisk()).isTrue();
    assertThat(
            answers.suggestedVector(
                "3.1", Optional.of("CVSS:3.1/AV:A/AC:L/PR:N/UI:N/S:U/C:L/I:N/A:N")))
        .hasValue("CVSS:3.1/AV:A/AC:L/PR:N/UI:N/S:U/C:L/I:H/A:H/IR:H/AR:H");
    assertThat(
            answers.suggestedVector(
                "4.0",
                Optional.of("CVSS:4.0/AV:A/AC:L/AT:N/PR:N/UI:N/VC:L/VI:N/VA:N/SC:N/SI:N/SA:N")))
        .hasValue(
            "CVSS:4.0/AV:A/AC:L/AT:N/PR:N/UI:N/VC:L/VI:H/VA:H/SC:N/SI:N/SA:N/IR:H/AR:H/MSI:S/MSA:S/S:P");
    assertThat(answers.suggestedVector("3.1", Optional.empty())).isEmpty();
  }

  @Test
  void questionnaire_neverLowersWhatTheAnalystSet() throws Exception {
    DeviceQuestionnaire minor =
        new DeviceQuestionnaire(
            DeviceQuestionnaire.PatientHarm.MINOR,
            DeviceQuestionnaire.ClinicalEnvironment.HOSPITAL_WARD,
            DeviceQuestionnaire.InTherapy.NO);
    assertThat(minor.suggestsUncontrolledRisk()).isFalse();
    assertThat(
            minor.suggestedVector(
                "3.1", Optional.of("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/IR:H")))
        .hasValue("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/IR:H/AR:M");
  }

  private interface Call {
    void run() throws CvssRejection;
  }

  private static void assertRefused(Call call, String expected) {
    assertThatThrownBy(call::run)
        .isInstanceOf(CvssRejection.class)
        .hasFieldOrPropertyWithValue("code", "cvss-invalid")
        .hasMessageContaining(expected);
  }
}
