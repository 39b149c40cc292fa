package org.primum.hub.disclosure;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.primum.core.json.Json;

/** Reports, attachments and products for the disclosure tests. */
final class DisclosureFixtures {
  static final Products PRODUCTS =
      Products.of(
          List.of(
              new Product("rp-1", List.of("0.1.0", "0.2.0")),
              new Product("rp-2", List.of("1.0.0"))));

  static final byte[] PNG =
      HexFormat.of().parseHex("89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489");
  static final byte[] PDF =
      "%PDF-1.7\n1 0 obj << >> endobj\n%%EOF\n".getBytes(StandardCharsets.US_ASCII);
  static final byte[] PCAP =
      HexFormat.of().parseHex("d4c3b2a1020004000000000000000000ffff000001000000");
  static final byte[] ZIP = HexFormat.of().parseHex("504b0506000000000000000000000000000000000000");
  static final byte[] JPEG =
      HexFormat.of().parseHex("ffd8ffe000104a46494600010100000100010000ffd9");
  static final byte[] PCAPNG =
      HexFormat.of().parseHex("0a0d0d0a1c0000004d3c2b1a01000000ffffffffffffffff1c000000");
  static final byte[] EXE = HexFormat.of().parseHex("4d5a90000300000004000000ffff0000");

  private DisclosureFixtures() {}

  static DisclosureReport report(String title) {
    return report(title, List.of());
  }

  static DisclosureReport report(String title, List<Attachment> attachments) {
    return new DisclosureReport(
        "rp-1",
        "0.2.0",
        title,
        "The drug library parser overflows on a long drug name.",
        "1. Load library.json\n2. Watch the pump reboot",
        "An attacker on the hospital network can stop an infusion.",
        Safety.YES,
        "Therapy stops without an alarm.",
        Optional.of("finder@example.org"),
        Credit.as("Ada (@ada)"),
        attachments);
  }

  static Attachment text(String name, String content) throws DisclosureRefusal {
    return Attachment.sniffed(name, content.getBytes(StandardCharsets.UTF_8));
  }

  /** A JSON report body with the given overrides (null removes a field). */
  static byte[] json(Map<String, Object> overrides) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("product", "rp-1");
    body.put("version", "0.2.0");
    body.put("title", "Drug library overflow");
    body.put("description", "The parser overflows.");
    body.put("stepsToReproduce", "Load it.");
    body.put("impact", "Infusion stops.");
    body.put("safety", "yes");
    body.put("safetyDetail", "No alarm.");
    body.put("contact", "finder@example.org");
    body.put("credit", "Ada");
    body.put(
        "attachments",
        List.of(
            Map.of("name", "notes.txt", "contentBase64", b64("steps\n")),
            Map.of("name", "capture.pcap", "contentBase64", b64(PCAP))));
    overrides.forEach(
        (k, v) -> {
          if (v == null) {
            body.remove(k);
          } else {
            body.put(k, v);
          }
        });
    return Json.write(body);
  }

  static String b64(byte[] bytes) {
    return Base64.getEncoder().encodeToString(bytes);
  }

  static String b64(String text) {
    return b64(text.getBytes(StandardCharsets.UTF_8));
  }

  static List<Map<String, String>> attachments(int n) {
    List<Map<String, String>> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(Map.of("name", "n" + i + ".txt", "contentBase64", b64("note " + i)));
    }
    return out;
  }
}
