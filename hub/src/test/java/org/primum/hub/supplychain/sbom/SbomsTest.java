package org.primum.hub.supplychain.sbom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class SbomsTest {
  private static byte[] bom(String components, String dependencies) {
    return ("{\"bomFormat\":\"CycloneDX\",\"specVersion\":\"1.6\",\"version\":1,"
            + "\"serialNumber\":\"urn:uuid:3e671687-395b-41f5-a30f-a58921a69b79\","
            + "\"metadata\":{\"timestamp\":\"2026-11-01T10:00:00Z\",\"component\":{\"type\":\"firmware\","
            + "\"bom-ref\":\"fw\",\"name\":\"primum-rp1\",\"version\":\"0.3.1\"},"
            + "\"manufacturer\":{\"name\":\"Primum Medical\"}},"
            + "\"components\":["
            + components
            + "],\"dependencies\":["
            + dependencies
            + "]}")
        .getBytes(StandardCharsets.UTF_8);
  }

  private static final String LOG4J =
      "{\"type\":\"library\",\"bom-ref\":\"log4j\",\"group\":\"org.apache.logging.log4j\","
          + "\"name\":\"log4j-core\",\"version\":\"2.14.1\","
          + "\"purl\":\"pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1\","
          + "\"supplier\":{\"name\":\"Apache Software Foundation\"},"
          + "\"hashes\":[{\"alg\":\"SHA-256\",\"content\":\"ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789\"}],"
          + "\"properties\":[{\"name\":\"primum:support-level\",\"value\":\"security-only\"},"
          + "{\"name\":\"primum:end-of-support\",\"value\":\"2025-12-31\"}]}";
  private static final String ZLIB =
      "{\"type\":\"library\",\"bom-ref\":\"zlib\",\"name\":\"zlib\",\"version\":\"1.3.1\","
          + "\"purl\":\"pkg:generic/zlib@1.3.1\"}";

  @Test
  void parse_cycloneDxJson_readsNtiaAndSupportFields() throws SbomRejection {
    Sbom sbom =
        Sboms.parse(bom(LOG4J + "," + ZLIB, "{\"ref\":\"log4j\",\"dependsOn\":[\"zlib\"]}"));

    assertThat(sbom.format()).isEqualTo("CycloneDX 1.6 JSON");
    assertThat(sbom.author()).isEqualTo("Primum Medical");
    assertThat(sbom.subject()).get().extracting(SbomComponent::name).isEqualTo("primum-rp1");
    assertThat(sbom.components()).hasSize(2);
    SbomComponent log4j = sbom.components().get(0);
    assertThat(log4j.displayName()).isEqualTo("org.apache.logging.log4j:log4j-core");
    assertThat(log4j.supplier()).isEqualTo("Apache Software Foundation");
    assertThat(log4j.purl()).contains("pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1");
    assertThat(log4j.hashes())
        .containsEntry(
            "SHA-256", "abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789");
    assertThat(log4j.support()).isEqualTo(SupportLevel.SECURITY_ONLY);
    assertThat(log4j.endOfSupport()).contains(LocalDate.of(2025, 12, 31));
    assertThat(sbom.dependencies()).containsEntry("log4j", java.util.List.of("zlib"));
    assertThat(sbom.warnings()).isEmpty();
  }

  @Test
  void parse_cycloneDxXml_readsTheSameFields() throws SbomRejection {
    String xml =
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
            + "<bom xmlns=\"http://cyclonedx.org/schema/bom/1.6\" version=\"1\">"
            + "<components><component type=\"library\" bom-ref=\"lodash\">"
            + "<name>lodash</name><version>4.17.15</version>"
            + "<purl>pkg:npm/lodash@4.17.15</purl></component></components></bom>";
    Sbom sbom = Sboms.parse(xml.getBytes(StandardCharsets.UTF_8));
    assertThat(sbom.format()).isEqualTo("CycloneDX 1.6 XML");
    assertThat(sbom.components())
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.name()).isEqualTo("lodash");
              assertThat(c.purl()).contains("pkg:npm/lodash@4.17.15");
            });
  }

  @Test
  void parse_xmlWithDoctype_refusedBeforeParsing() {
    String xml =
        "<?xml version=\"1.0\"?><!DOCTYPE bom [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
            + "<bom xmlns=\"http://cyclonedx.org/schema/bom/1.6\"><components>&x;</components></bom>";
    assertThatThrownBy(() -> Sboms.parse(xml.getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(SbomRejection.class)
        .hasMessageContaining("document type declaration");
  }

  @Test
  void parse_duplicateBomRef_refusedWithTheRef() {
    assertThatThrownBy(() -> Sboms.parse(bom(LOG4J + "," + LOG4J.replace("2.14.1", "2.17.1"), "")))
        .isInstanceOf(SbomRejection.class)
        .hasMessageContaining("bom-ref \"log4j\" is used twice");
  }

  @Test
  void parse_dependencyOnUnknownRef_refusedWithTheRef() {
    assertThatThrownBy(() -> Sboms.parse(bom(ZLIB, "{\"ref\":\"zlib\",\"dependsOn\":[\"ghost\"]}")))
        .isInstanceOf(SbomRejection.class)
        .hasMessageContaining("\"zlib\" depends on \"ghost\"");
  }

  @Test
  void parse_dependencyCycle_acceptedAndFlagged() throws SbomRejection {
    Sbom sbom =
        Sboms.parse(
            bom(
                LOG4J + "," + ZLIB,
                "{\"ref\":\"log4j\",\"dependsOn\":[\"zlib\"]},{\"ref\":\"zlib\",\"dependsOn\":[\"log4j\"]}"));
    assertThat(sbom.warnings()).containsExactly("dependency cycle: log4j -> zlib -> log4j");
  }

  @Test
  void parse_duplicateJsonKey_refused() {
    byte[] twice =
        "{\"bomFormat\":\"CycloneDX\",\"bomFormat\":\"CycloneDX\",\"specVersion\":\"1.6\"}"
            .getBytes(StandardCharsets.UTF_8);
    assertThatThrownBy(() -> Sboms.parse(twice))
        .isInstanceOf(SbomRejection.class)
        .hasMessageContaining("Duplicate field");
  }

  @Test
  void parse_deepNesting_refusedWithoutStackOverflow() {
    String deep = "{\"a\":".repeat(100_000);
    assertThatThrownBy(() -> Sboms.parse(deep.getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(SbomRejection.class)
        .hasMessageContaining("deeper than");
  }

  @Test
  void parse_garbageTruncatedOrOtherFormats_refusedWithReason() {
    assertThatThrownBy(() -> Sboms.parse(new byte[0])).hasMessageContaining("empty");
    assertThatThrownBy(() -> Sboms.parse("hello".getBytes(StandardCharsets.UTF_8)))
        .hasMessageContaining("expected CycloneDX JSON");
    byte[] whole = bom(ZLIB, "");
    byte[] truncated = java.util.Arrays.copyOf(whole, whole.length / 2);
    assertThatThrownBy(() -> Sboms.parse(truncated)).hasMessageContaining("not valid JSON");
    assertThatThrownBy(
            () -> Sboms.parse("{\"spdxVersion\":\"SPDX-2.3\"}".getBytes(StandardCharsets.UTF_8)))
        .hasMessageContaining("SPDX");
    assertThatThrownBy(
            () ->
                Sboms.parse(
                    "{\"bomFormat\":\"CycloneDX\",\"specVersion\":\"9.9\"}"
                        .getBytes(StandardCharsets.UTF_8)))
        .hasMessageContaining("specVersion 1.2 to 1.6, found \"9.9\"");
    assertThatThrownBy(
            () ->
                Sboms.parse(
                    "{\"bomFormat\":\"CycloneDX\",\"specVersion\":\"1.6\",\"components\":[{\"type\":\"nonsense\",\"name\":\"x\"}]}"
                        .getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(SbomRejection.class)
        .hasMessageContaining("schema");
  }

  @Test
  void parse_invalidPurl_acceptedWithoutPurlAndFlagged() throws SbomRejection {
    Sbom sbom =
        Sboms.parse(bom("{\"type\":\"library\",\"name\":\"odd\",\"purl\":\"not a purl\"}", ""));
    assertThat(sbom.components().get(0).purl()).isEmpty();
    assertThat(sbom.warnings()).singleElement().asString().contains("not a valid package URL");
  }
}
