package org.primum.hub.supplychain.vex;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.primum.core.json.Json;
import org.primum.hub.advisories.csaf.CsafValidator;
import org.primum.hub.supplychain.sbom.Sboms;

/**
 * VEX out and back in: what Primum exports as CycloneDX VEX, CSAF VEX and OpenVEX reads back as the
 * same statements (status, justification, component scope); exports are valid in their formats;
 * hostile documents are refused with the reason.
 */
class VexDocumentsTest {
  private static final String LOG4J = "pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1";
  private static final VexExport.Product PRODUCT =
      new VexExport.Product("Primum", "https://hub.example", "rp-1", "0.3.2");
  private static final List<VexExport.Entry> ENTRIES =
      List.of(
          new VexExport.Entry(
              new VexStatement(
                  "CVE-2021-44228",
                  LOG4J,
                  VexStatus.NOT_AFFECTED,
                  Optional.of(VexJustification.VULNERABLE_CODE_NOT_IN_EXECUTE_PATH),
                  "JndiLookup removed"),
              "Log4Shell"),
          new VexExport.Entry(
              new VexStatement(
                  "CVE-2020-8203",
                  "pkg:npm/lodash@4.17.15",
                  VexStatus.AFFECTED,
                  Optional.empty(),
                  "Update to 0.3.3"),
              "lodash"),
          new VexExport.Entry(
              new VexStatement(
                  "CVE-2026-0001",
                  VexStatement.EVERY_COMPONENT,
                  VexStatus.UNDER_INVESTIGATION,
                  Optional.empty(),
                  ""),
              ""));
  private static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");

  private static List<String> keys(List<VexStatement> statements) {
    return statements.stream()
        .map(
            s ->
                s.vulnerability()
                    + "|"
                    + s.component()
                    + "|"
                    + s.status()
                    + "|"
                    + s.justification().map(VexJustification::label).orElse(""))
        .sorted()
        .toList();
  }

  private static final List<String> EXPECTED =
      keys(ENTRIES.stream().map(VexExport.Entry::statement).toList());

  @Test
  void openVex_roundTrips() throws Exception {
    byte[] doc = Json.write(VexExport.openVex(PRODUCT, ENTRIES, NOW, "x"));
    VexDocuments.Parsed back = VexDocuments.parse(doc, Map.of());
    assertThat(back.format()).isEqualTo(VexDocuments.Format.OPENVEX);
    assertThat(keys(back.statements())).isEqualTo(EXPECTED);
  }

  @Test
  void csafVex_roundTrips_andIsValidCsaf() throws Exception {
    byte[] doc = Json.write(VexExport.csaf(PRODUCT, ENTRIES, NOW, "PRIMUM-VEX-1"));
    assertThat(CsafValidator.create().validate(doc).failures()).isEmpty();
    VexDocuments.Parsed back = VexDocuments.parse(doc, Map.of());
    assertThat(back.format()).isEqualTo(VexDocuments.Format.CSAF);
    assertThat(keys(back.statements())).isEqualTo(EXPECTED);
  }

  @Test
  void cycloneDxVex_roundTrips_andIsValidCycloneDx() throws Exception {
    byte[] doc = Json.write(VexExport.cycloneDx(PRODUCT, ENTRIES, NOW, new UUID(1, 2)));
    assertThat(Sboms.parse(doc).format()).isEqualTo("CycloneDX 1.6 JSON");
    VexDocuments.Parsed back = VexDocuments.parse(doc, Map.of());
    assertThat(back.format()).isEqualTo(VexDocuments.Format.CYCLONEDX);
    assertThat(keys(back.statements())).isEqualTo(EXPECTED);
  }

  @Test
  void hostileOrIncompleteDocuments_refusedWithTheReason() {
    assertThatThrownBy(() -> VexDocuments.parse("[".repeat(10_000).getBytes(), Map.of()))
        .isInstanceOf(VexRejection.class)
        .hasMessageContaining("nests too deeply");
    assertThatThrownBy(
            () ->
                VexDocuments.parse(
                    ("{\"@context\":\"https://openvex.dev/ns/v0.2.0\",\"statements\":[{"
                            + "\"vulnerability\":{\"name\":\"CVE-1\"},\"status\":\"not_affected\"}]}")
                        .getBytes(StandardCharsets.UTF_8),
                    Map.of()))
        .isInstanceOf(VexRejection.class)
        .hasMessageContaining("needs a justification");
    assertThatThrownBy(
            () ->
                VexDocuments.parse(
                    "{\"bomFormat\":\"CycloneDX\",\"vulnerabilities\":[{\"id\":\"CVE-1\","
                        .concat("\"analysis\":{\"state\":\"not_affected\",")
                        .concat("\"justification\":\"code_not_present\"},")
                        .concat("\"affects\":[{\"ref\":\"ghost\"}]}]}")
                        .getBytes(StandardCharsets.UTF_8),
                    Map.of()))
        .isInstanceOf(VexRejection.class)
        .hasMessageContaining("neither a package URL nor a bom-ref");
    assertThatThrownBy(() -> VexDocuments.parse("{\"a\":1}".getBytes(), Map.of()))
        .isInstanceOf(VexRejection.class)
        .hasMessageContaining("expected CycloneDX VEX");
  }
}
