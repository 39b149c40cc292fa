package org.primum.hub.advisories;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Drafts are consistent from birth (one status per product, a vendor fix names a fixed version,
 * not-affected needs a justification, CVSS is computed, never typed), the form round-trips them,
 * and refusals say what was expected and what was found.
 */
class AdvisoryDraftTest {
  private static final ProductVersion P = AdvisoryFixtures.RP1_031;

  @Test
  void draft_sameProductTwice_isRefusedAsContradicting() {
    assertThatThrownBy(
            () ->
                AdvisoryDraft.builder("t")
                    .product(ProductStatus.knownAffected(P))
                    .product(ProductStatus.fixed(P))
                    .build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "rp-1 0.3.1: expected one status per product version, found known_affected and fixed");
  }

  @Test
  void vendorFix_namingAVersionNotListedFixed_isRefused() {
    assertThatThrownBy(
            () ->
                AdvisoryDraft.builder("t")
                    .product(ProductStatus.knownAffected(P))
                    .remediation(Remediation.vendorFix(AdvisoryFixtures.RP1_032, Optional.empty()))
                    .build())
        .hasMessage(
            "vendor_fix: expected the fixed version rp-1 0.3.2 listed with status fixed, found it"
                + " not listed");
  }

  @Test
  void notAffected_withoutJustification_isRefused_andOthersMayNotCarryOne() {
    assertThatThrownBy(
            () -> new ProductStatus(P, ProductStatus.Status.KNOWN_NOT_AFFECTED, Optional.empty()))
        .hasMessageContaining("expected a justification for known_not_affected");
    assertThatThrownBy(
            () ->
                new ProductStatus(
                    P,
                    ProductStatus.Status.FIXED,
                    Optional.of(Justification.COMPONENT_NOT_PRESENT)))
        .hasMessageContaining("expected a justification only for known_not_affected");
  }

  @Test
  void cweTyped_isHeldToTheCweList_andABlankNameTakesTheListsName() {
    assertThat(Cwe.checked("CWE-306", "")).isEqualTo(AdvisoryFixtures.CWE_306);
    assertThat(Cwe.checked("CWE-306", "Missing Authentication for Critical Function"))
        .isEqualTo(AdvisoryFixtures.CWE_306);
    assertThatThrownBy(() -> Cwe.checked("CWE-79", "Improper Input Validation"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(
            "names CWE-79 \"Improper Neutralization of Input During Web Page Generation"
                + " ('Cross-site Scripting')\", found \"Improper Input Validation\"");
    assertThatThrownBy(() -> Cwe.checked("CWE-999999", ""))
        .hasMessageStartingWith("CWE: CWE-999999 is not in the CWE list (version 4.15)");
    assertThatThrownBy(() -> Cwe.checked("79", ""))
        .hasMessageContaining("expected an id such as CWE-787");
  }

  @Test
  void cvss_isComputedFromTheVector_andBadVectorsAreRefused() {
    CvssScore score = CvssScore.parse("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H");
    assertThat(score.baseScore()).isEqualTo(9.8);
    assertThat(score.severity()).isEqualTo(CvssScore.Severity.CRITICAL);
    assertThatThrownBy(
            () ->
                new CvssScore(
                    "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", 5.0, CvssScore.Severity.MEDIUM))
        .hasMessage(
            "CVSS: expected base score 9.8 for CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H,"
                + " found 5.0");
    for (String bad :
        List.of(
            "CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H",
            "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H",
            "CVSS:3.1/AV:N/AV:L/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H",
            "AV:N/AC:L/Au:N/C:P/I:P/A:P")) {
      assertThatThrownBy(() -> CvssScore.parse(bad))
          .as(bad)
          .hasMessageStartingWith("CVSS: expected a CVSS v3.1 vector naming each base metric once");
    }
  }

  @Test
  void text_withControlCharacters_orTooLong_isRefused() {
    assertThatThrownBy(() -> AdvisoryDraft.builder("a\u0007b").build())
        .hasMessage("title: expected one line without control characters, found U+0007 at 1");
    assertThatThrownBy(() -> AdvisoryDraft.builder("x".repeat(201)).build())
        .hasMessage("title: expected at most 200 characters, found 201");
    assertThatThrownBy(() -> AdvisoryDraft.builder("t").cve("CVE-26-1").build())
        .hasMessage("CVE: expected an id such as CVE-2026-12345, found \"CVE-26-1\"");
    assertThatThrownBy(() -> new ProductVersion("rp 1", "1.0"))
        .hasMessageStartingWith("hardware id: expected letters");
    assertThatThrownBy(
            () ->
                new Acknowledgment(
                    List.of("Eve"),
                    Optional.empty(),
                    Optional.empty(),
                    Optional.of(java.net.URI.create("javascript:alert(1)"))))
        .hasMessage(
            "acknowledgment url: expected an https:// or http:// URL with a host, found"
                + " \"javascript:alert(1)\"");
  }

  @Test
  void form_roundTrip_givesTheSameDraft() {
    for (AdvisoryDraft d :
        List.of(
            AdvisoryFixtures.full(),
            AdvisoryFixtures.investigating(),
            AdvisoryFixtures.notAffected(),
            AdvisoryFixtures.full().toBuilder()
                .remediation(
                    new Remediation(
                        Remediation.Category.VENDOR_FIX,
                        "Install over the air: the pump updates when idle.",
                        Optional.empty(),
                        Optional.of(AdvisoryFixtures.RP1_032),
                        List.of(AdvisoryFixtures.RP1_030)))
                .interim(true)
                .changeSummary("Scoped fix.")
                .build())) {
      Map<String, String> fields = DraftForm.fields(d);
      assertThat(DraftForm.parse(fields::get)).isEqualTo(d);
    }
  }

  @Test
  void form_badLines_sayWhichLineAndWhatWasExpected() {
    Map<String, String> fields = new java.util.HashMap<>(DraftForm.fields(AdvisoryFixtures.full()));
    fields.put("products", "rp-1 0.3.1 known_affected\nrp-1 0.3.2 patched");
    assertThatThrownBy(() -> DraftForm.parse(fields::get))
        .hasMessageStartingWith(
            "products line 2: expected known_affected, fixed, known_not_affected or"
                + " under_investigation, found \"patched\"");
    fields.put("products", "rp-1 0.3.1 known_affected");
    fields.put("remediations", "please update");
    assertThatThrownBy(() -> DraftForm.parse(fields::get))
        .hasMessageStartingWith("remediations line 1: expected \"vendor_fix hardware-id version");
    fields.put("remediations", "");
    fields.put("tlp", "PURPLE");
    assertThatThrownBy(() -> DraftForm.parse(fields::get))
        .hasMessage("TLP: expected WHITE (CLEAR), GREEN, AMBER or RED, found \"PURPLE\"");
    fields.put("tlp", "clear");
    assertThat(DraftForm.parse(fields::get).tlp()).isEqualTo(Tlp.WHITE);
  }
}
