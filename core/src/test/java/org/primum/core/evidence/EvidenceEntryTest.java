package org.primum.core.evidence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.primum.core.json.Json;

class EvidenceEntryTest {
  private static ObjectNode payload() {
    ObjectNode node = JsonNodeFactory.instance.objectNode();
    node.put("z", "last").put("a", "first \"quoted\" é \u2028").put("n", 12.50);
    node.putObject("nested").put("b", 2).put("a", 1);
    return node;
  }

  @Test
  void encode_isExactlyRfc8785() throws Exception {
    EvidenceEntry entry =
        new EvidenceEntry(
            7,
            "2026-11-22T12:00:00.123Z",
            99,
            2,
            "safety.alarm.raised",
            Severity.CRITICAL,
            payload());
    byte[] fast = entry.encode();
    assertThat(fast).isEqualTo(Json.canonical(entry));
    assertThat(new String(fast, StandardCharsets.UTF_8))
        .startsWith(
            "{\"boot\":2,\"deviceTime\":\"2026-11-22T12:00:00.123Z\",\"monotonicMicros\":99,\"payload\":{\"a\":")
        .endsWith(",\"sequence\":7,\"severity\":\"CRITICAL\",\"type\":\"safety.alarm.raised\"}");
    assertThat(EvidenceEntry.decode(fast)).isEqualTo(entry);
  }

  @Test
  void decode_nonCanonicalBytes_areRefused() {
    String spaced =
        "{ \"boot\":2,\"deviceTime\":\"2026-11-22T12:00:00Z\",\"monotonicMicros\":1,\"payload\":{},\"sequence\":0,\"severity\":\"INFO\",\"type\":\"a\"}";
    assertThatThrownBy(() -> EvidenceEntry.decode(spaced.getBytes(StandardCharsets.UTF_8)))
        .hasMessageContaining("canonical");
  }

  @Test
  void numbers_mustBeSafeIntegers() {
    assertThatThrownBy(
            () ->
                new EvidenceEntry(
                    EvidenceEntry.MAX_SAFE_INTEGER + 1,
                    "2026-11-22T12:00:00Z",
                    0,
                    0,
                    "a",
                    Severity.INFO,
                    null))
        .hasMessageContaining("2^53");
  }
}
