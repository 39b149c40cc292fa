package org.primum.hub.advisories;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.primum.core.json.Json;
import org.primum.hub.advisories.csaf.CsafReport;
import org.primum.hub.advisories.csaf.CsafValidator;

/**
 * The generated CSAF documents pass the hub's CSAF 2.0 validator (schema and mandatory tests) for
 * every product status, with credit, scores and several revisions, as an advisory and as VEX.
 */
class AdvisoryDocumentsTest {
  private static final CsafValidator VALIDATOR = CsafValidator.create();
  private static final Instant FIRST = Instant.parse("2026-03-01T09:00:00.250Z");
  private static final AdvisoryDocuments.Links LINKS =
      new AdvisoryDocuments.Links(
          Optional.of(
              "https://hub.example.org/.well-known/csaf/white/2026/primum-sa-2026-0001.json"),
          Optional.of("https://hub.example.org/advisories/PRIMUM-SA-2026-0001"));

  static Stream<Arguments> drafts() {
    return Stream.of(
        Arguments.of("every status, credit, three revisions", AdvisoryFixtures.full(), "final", 3),
        Arguments.of(
            "under investigation only, interim", AdvisoryFixtures.investigating(), "interim", 1),
        Arguments.of(
            "known not affected only, TLP:AMBER", AdvisoryFixtures.notAffected(), "final", 2),
        Arguments.of("a draft preview", AdvisoryFixtures.full(), "draft", 1));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("drafts")
  void generatedDocuments_passTheValidator(
      String name, AdvisoryDraft draft, String status, int versions) throws Exception {
    AdvisoryDocuments.Tracking tracking =
        AdvisoryFixtures.tracking("PRIMUM-SA-2026-0001", status, versions, FIRST);
    List<String> failures = new ArrayList<>();
    for (var doc :
        List.of(
            AdvisoryDocuments.securityAdvisory(
                draft, tracking, AdvisoryFixtures.publisher(), LINKS),
            AdvisoryDocuments.vex(draft, tracking, AdvisoryFixtures.publisher(), LINKS))) {
      CsafReport report = VALIDATOR.validate(AdvisoryDocuments.bytes(doc));
      report
          .failures()
          .forEach(f -> failures.add(doc.at("/document/category").asText() + ": " + f));
    }
    assertThat(failures).isEmpty();
  }

  @Test
  void securityAdvisory_full_carriesStatusesFlagsRemediationsScoresAndCredit() throws Exception {
    AdvisoryDraft draft = AdvisoryFixtures.full();
    JsonNode doc =
        Json.readTree(
            AdvisoryDocuments.bytes(
                AdvisoryDocuments.securityAdvisory(
                    draft,
                    AdvisoryFixtures.tracking("PRIMUM-SA-2026-0001", "final", 2, FIRST),
                    AdvisoryFixtures.publisher(),
                    LINKS)));
    assertThat(doc.at("/document/category").asText()).isEqualTo("csaf_security_advisory");
    assertThat(doc.at("/document/publisher/namespace").asText())
        .isEqualTo("https://hub.example.org");
    assertThat(doc.at("/document/tracking/version").asText()).isEqualTo("2");
    assertThat(doc.at("/document/tracking/revision_history")).hasSize(2);
    assertThat(doc.at("/document/tracking/initial_release_date").asText())
        .isEqualTo("2026-03-01T09:00:00.250Z");
    assertThat(doc.at("/document/acknowledgments/0/names/0").asText()).isEqualTo("Ada Researcher");
    assertThat(doc.at("/document/references/0/category").asText()).isEqualTo("self");
    assertThat(
            doc.at(
                    "/product_tree/branches/0/branches/0/branches/0/product/product_identification_helper/purl")
                .asText())
        .isEqualTo("pkg:generic/rp-1@0.3.0");
    JsonNode v = doc.at("/vulnerabilities");
    assertThat(v).hasSize(2);
    assertThat(v.get(1).get("cve").asText()).isEqualTo("CVE-2026-10002");
    JsonNode status = v.get(0).get("product_status");
    assertThat(status.get("known_affected").toString())
        .contains("PRIMUM-rp-1-0.3.0", "PRIMUM-rp-1-0.3.1");
    assertThat(status.get("fixed").toString()).contains("PRIMUM-rp-1-0.3.2");
    assertThat(status.get("known_not_affected").toString()).contains("PRIMUM-rp-2-1.0.0");
    assertThat(status.get("under_investigation").toString()).contains("PRIMUM-gw-7-2.0.0");
    assertThat(v.get(0).at("/flags/0/label").asText()).isEqualTo("vulnerable_code_not_present");
    assertThat(v.get(0).at("/remediations/0/category").asText()).isEqualTo("vendor_fix");
    assertThat(v.get(0).at("/remediations/0/details").asText()).isEqualTo("Update to rp-1 0.3.2.");
    assertThat(v.get(0).at("/scores/0/cvss_v3/baseScore").asDouble()).isEqualTo(7.1);
    assertThat(v.get(0).at("/scores/0/cvss_v3/baseSeverity").asText()).isEqualTo("HIGH");
    assertThat(v.get(0).at("/threats/0/category").asText()).isEqualTo("impact");
    assertThat(v.get(0).at("/cwe/id").asText()).isEqualTo("CWE-306");
  }

  @Test
  void productVersion_namingARange_failsTheValidator() throws Exception {
    AdvisoryDraft draft =
        AdvisoryDraft.builder("Range")
            .summary("s")
            .product(ProductStatus.knownAffected(new ProductVersion("rp-1", "prior")))
            .build();
    CsafReport report =
        VALIDATOR.validate(
            AdvisoryDocuments.bytes(
                AdvisoryDocuments.securityAdvisory(
                    draft,
                    AdvisoryFixtures.tracking("PRIMUM-SA-2026-0002", "final", 1, FIRST),
                    AdvisoryFixtures.publisher(),
                    AdvisoryDocuments.Links.none())));
    assertThat(report.failedTests()).contains("6.1.31");
  }
}
