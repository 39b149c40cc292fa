package org.primum.core.tuf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.Test;
import org.primum.core.json.Json;

/**
 * TUF canonical JSON as securesystemslib's {@code encode_canonical} writes it: sorted keys, no
 * whitespace, only {@code "} and {@code \} escaped (control characters and non-ASCII raw), no
 * floats.
 */
class TufCanonicalJsonTest {
  private static String canonical(String json) throws Exception {
    return new String(
        TufCanonicalJson.encode(Json.readTree(json.getBytes(StandardCharsets.UTF_8))),
        StandardCharsets.UTF_8);
  }

  @Test
  void encode_securesystemslibVectors_matchByteForByte() throws Exception {
    // Inputs and outputs of securesystemslib's test_formats.py test_encode_canonical, plus its
    // escaping rules (only quote and backslash) and code-point key order.
    String[][] vectors = {
      {"\"\"", "\"\""},
      {"[1, 2, 3]", "[1,2,3]"},
      {"[]", "[]"},
      {"{}", "{}"},
      {"{\"A\": [99]}", "{\"A\":[99]}"},
      {"{\"A\": true}", "{\"A\":true}"},
      {"{\"B\": false}", "{\"B\":false}"},
      {"{\"x\": 3, \"y\": 2}", "{\"x\":3,\"y\":2}"},
      {"{\"y\": 2, \"x\": 3}", "{\"x\":3,\"y\":2}"},
      {"{\"x\": 3, \"y\": null}", "{\"x\":3,\"y\":null}"},
      {"\"a\\\"b\\\\c\"", "\"a\\\"b\\\\c\""},
      {"\"line\\nbreak\\ttab\"", "\"line\nbreak\ttab\""},
      {"\"\\u00e9\\u2603\"", "\"\u00e9\u2603\""},
      {"\"\\/\"", "\"/\""},
      {
        "{\"b\": {\"d\": 1, \"c\": [true, null]}, \"a\": -7}",
        "{\"a\":-7,\"b\":{\"c\":[true,null],\"d\":1}}"
      },
      {"12345678901234567890123", "12345678901234567890123"},
    };
    List<String> failures = new ArrayList<>();
    for (String[] vector : vectors) {
      String found = canonical(vector[0]);
      if (!found.equals(vector[1])) {
        failures.add(vector[0] + ": expected " + vector[1] + ", found " + found);
      }
    }
    assertThat(failures).isEmpty();
  }

  @Test
  void encode_keysOutsideTheBasicPlane_sortByCodePointNotUtf16() throws Exception {
    // U+FFFF < U+1F600 by code point, although U+1F600's first UTF-16 unit (0xD83D) is smaller.
    assertThat(canonical("{\"\\ud83d\\ude00\": 1, \"\\uffff\": 2}"))
        .isEqualTo("{\"\uffff\":2,\"\ud83d\ude00\":1}");
  }

  @Test
  void encode_float_isRefused() {
    assertThatThrownBy(() -> canonical("{\"a\": 1.5}"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("floats");
  }

  @Test
  void encode_rootSignedByAnotherImplementation_reproducesTheSignedBytes() throws Exception {
    // tuf-on-ci 0.11 (securesystemslib) signed this root with ECDSA P-256: the signature verifies
    // only over byte-identical canonical JSON (custom fields, PEM newlines raw in strings).
    byte[] bytes;
    try (InputStream in =
        Objects.requireNonNull(getClass().getResourceAsStream("tuf-on-ci-0.11-root.json"))) {
      bytes = in.readAllBytes();
    }
    SignedMetadata envelope = SignedMetadata.parse(bytes);
    TufMetadata.Root root = TufMetadata.Root.parse(envelope.signed());

    envelope.verify("root", root.role("root"), root.keys());

    JsonNode signed = envelope.signed();
    assertThat(new String(TufCanonicalJson.encode(signed), StandardCharsets.UTF_8))
        .startsWith("{\"_type\":\"root\",\"consistent_snapshot\":true,\"expires\":")
        .contains("-----BEGIN PUBLIC KEY-----\nMFkw");
  }
}
