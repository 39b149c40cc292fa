package org.primum.hub.disclosure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The report readers: JSON API bodies, form fields, attachments by content. */
class DisclosureReportsTest {
  @Test
  void json_validReport_isRead_withAttachmentsTypedByContent() throws Exception {
    DisclosureReport report = DisclosureReports.fromJson(DisclosureFixtures.json(Map.of()));
    assertThat(report.hardwareId()).isEqualTo("rp-1");
    assertThat(report.safety()).isEqualTo(Safety.YES);
    assertThat(report.credit().name()).hasValue("Ada");
    assertThat(report.attachments())
        .extracting(Attachment::mediaType)
        .containsExactly(AttachmentTypes.TEXT, AttachmentTypes.PCAP);
    assertThat(report.encrypted()).isFalse();
  }

  @Test
  void json_optionalFieldsMissing_meanEmptyAndAnonymous() throws Exception {
    Map<String, Object> without = new HashMap<>();
    for (String field :
        List.of("stepsToReproduce", "impact", "safetyDetail", "contact", "credit", "attachments")) {
      without.put(field, null);
    }
    DisclosureReport report = DisclosureReports.fromJson(DisclosureFixtures.json(without));
    assertThat(report.credit().isAnonymous()).isTrue();
    assertThat(report.contact()).isEmpty();
    assertThat(report.attachments()).isEmpty();
  }

  @Test
  void json_malformedOrUnexpected_isRefused_withWhereAndWhat() {
    refused("{", "malformed JSON");
    refused("[]", "expected a JSON object, found an array");
    refused("{} {}", "malformed JSON: Trailing token");
    refused("", "expected a JSON object, found an empty body");
    refused("{\"title\":\"a\",\"title\":\"b\"}", "malformed JSON: Duplicate field 'title'");
    refused(json(Map.of("admin", true)), "unknown field \"admin\"");
    refused(json(Map.of("title", 42)), "title must be a string, found a number");
    refused(json(nulled("description")), "description is required");
    refused(json(Map.of("safety", "maybe")), "must be yes, no or unknown, found \"maybe\"");
    refused(json(Map.of("contact", "not an address")), "contact must be an e-mail address");
    refused(json(Map.of("title", "x".repeat(201))), "title must be 1-200 characters, found 201");
    refused(
        json(Map.of("title", "a\u0007b")),
        "title must not contain control characters, found U+0007");
    refused(
        json(Map.of("description", "abc\u202Eevil")),
        "bidirectional override characters, found U+202E");
    refused(json(Map.of("attachments", "x")), "attachments must be an array, found a string");
    refused(
        json(Map.of("attachments", DisclosureFixtures.attachments(6))),
        "expected at most 5 attachments, found 6");
    refused(
        json(Map.of("attachments", List.of(Map.of("name", "a.txt", "contentBase64", "***")))),
        "attachments[0].contentBase64 must be base64");
    refused(
        json(
            Map.of(
                "attachments",
                List.of(Map.of("name", "a.txt", "contentBase64", "aGk=", "type", "text/plain")))),
        "unknown field \"type\" in attachments[0]");
    refused(
        json(
            Map.of(
                "attachments",
                List.of(Map.of("name", "../../etc/passwd", "contentBase64", "aGk=")))),
        "attachment name must be a file name without / or \\");
  }

  @Test
  void attachments_areTypedByContent_notByName() throws Exception {
    assertThat(Attachment.sniffed("shot.png", DisclosureFixtures.PNG).mediaType())
        .isEqualTo(AttachmentTypes.PNG);
    assertThat(Attachment.sniffed("doc.pdf", DisclosureFixtures.PDF).mediaType())
        .isEqualTo(AttachmentTypes.PDF);
    assertThat(Attachment.sniffed("photo.jpeg", DisclosureFixtures.JPEG).mediaType())
        .isEqualTo(AttachmentTypes.JPEG);
    assertThat(Attachment.sniffed("trace.pcapng", DisclosureFixtures.PCAPNG).mediaType())
        .isEqualTo(AttachmentTypes.PCAPNG);
    assertThat(Attachment.sniffed("poc.zip", DisclosureFixtures.ZIP).mediaType())
        .isEqualTo(AttachmentTypes.ZIP);
    assertThat(
            Attachment.sniffed("exploit.py", "print('hi')\n".getBytes(StandardCharsets.UTF_8))
                .mediaType())
        .isEqualTo(AttachmentTypes.TEXT);
    // An executable renamed to .txt is still an executable.
    assertThatThrownBy(() -> Attachment.sniffed("readme.txt", DisclosureFixtures.EXE))
        .isInstanceOf(DisclosureRefusal.class)
        .hasMessage(
            "attachment \"readme.txt\": expected plain text (UTF-8), PDF, PNG, JPEG, pcap or pcapng"
                + " packet captures, zip by content, found bytes starting 4D 5A 90 00 03 00 00 00");
    assertThatThrownBy(() -> Attachment.sniffed("shot.png", DisclosureFixtures.PDF))
        .hasMessage(
            "attachment \"shot.png\" is named .png (image/png) but its content is application/pdf");
    assertThatThrownBy(() -> Attachment.sniffed("empty.txt", new byte[0]))
        .hasMessageContaining("found an empty file");
    assertThatThrownBy(() -> Attachment.sniffed("bin.txt", new byte[] {'a', 0, 'b'}))
        .hasMessageContaining("found bytes starting 61 00 62");
    DisclosureRefusal kind =
        assertRefusal(() -> Attachment.sniffed("a.exe", DisclosureFixtures.EXE));
    assertThat(kind.kind()).isEqualTo(DisclosureRefusal.Kind.UNSUPPORTED_TYPE);
  }

  @Test
  void attachments_largerThan5MiB_areRefusedAsTooLarge() {
    byte[] big = new byte[Attachment.MAX_BYTES + 1];
    java.util.Arrays.fill(big, (byte) 'a');
    DisclosureRefusal refusal =
        assertRefusal(
            () ->
                DisclosureReports.fromJson(
                    DisclosureFixtures.json(
                        Map.of(
                            "attachments",
                            List.of(
                                Map.of(
                                    "name",
                                    "big.txt",
                                    "contentBase64",
                                    DisclosureFixtures.b64(big)))))));
    assertThat(refusal.kind()).isEqualTo(DisclosureRefusal.Kind.TOO_LARGE);
    assertThat(refusal.getMessage()).contains("expected at most 5242880 bytes (5 MiB)");
  }

  @Test
  void form_fields_areRead_andCreditIsTheFindersChoice() throws Exception {
    Map<String, String> fields = new HashMap<>();
    fields.put("product", "rp-2|any");
    fields.put("title", "  Weak pairing PIN  ");
    fields.put("description", "Four digits.");
    fields.put("safety", "unknown");
    fields.put("credit", "anonymous");
    fields.put("creditName", "ignored because anonymous was chosen");
    DisclosureReport report =
        DisclosureReports.fromForm(
            fields,
            List.of(
                new DisclosureReports.Upload("C:\\Users\\me\\shot.png", DisclosureFixtures.PNG),
                new DisclosureReports.Upload("", new byte[0])));
    assertThat(report.hardwareId()).isEqualTo("rp-2");
    assertThat(report.version()).isEqualTo("any");
    assertThat(report.title()).isEqualTo("Weak pairing PIN");
    assertThat(report.credit().isAnonymous()).isTrue();
    assertThat(report.attachments())
        .singleElement()
        .extracting(Attachment::name)
        .isEqualTo("shot.png");
    fields.put("credit", "named");
    fields.put("creditName", "Grace");
    assertThat(DisclosureReports.fromForm(fields, List.of()).credit().name()).hasValue("Grace");
    fields.put("product", "rp-2");
    assertThatThrownBy(() -> DisclosureReports.fromForm(fields, List.of()))
        .hasMessageContaining("expected a product and version chosen from the list");
  }

  @Test
  void armouredDescription_isRecognisedAsEncrypted() throws Exception {
    DisclosureReport report =
        DisclosureReports.fromJson(
            DisclosureFixtures.json(
                Map.of(
                    "description",
                    "\n-----BEGIN PGP MESSAGE-----\n\nhQ==\n-----END PGP MESSAGE-----\n")));
    assertThat(report.encrypted()).isTrue();
  }

  private static Map<String, Object> nulled(String field) {
    Map<String, Object> m = new HashMap<>();
    m.put(field, null);
    return m;
  }

  private static String json(Map<String, Object> overrides) {
    return new String(DisclosureFixtures.json(overrides), StandardCharsets.UTF_8);
  }

  private static void refused(String body, String expected) {
    assertThatThrownBy(() -> DisclosureReports.fromJson(body.getBytes(StandardCharsets.UTF_8)))
        .as(body.length() > 80 ? body.substring(0, 80) : body)
        .isInstanceOf(DisclosureRefusal.class)
        .hasMessageContaining(expected);
  }

  private interface Call {
    Object run() throws DisclosureRefusal;
  }

  private static DisclosureRefusal assertRefusal(Call call) {
    try {
      call.run();
    } catch (DisclosureRefusal refusal) {
      return refusal;
    }
    throw new AssertionError("expected a refusal");
  }
}
