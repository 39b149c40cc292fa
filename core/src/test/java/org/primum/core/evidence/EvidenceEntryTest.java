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

  @Test
  void decode_acceptsExactlyTheFullCanonicalForm_forRandomEntries() throws Exception {
    java.util.SplittableRandom random = new java.util.SplittableRandom(8785);
    String[] alphabet = {
      "a",
      "Z",
      "0",
      " ",
      "_",
      "\"",
      "\\",
      "\u00e9",
      "\u2028",
      "\ud83d\ude00",
      "\u0001",
      "\t",
      "/",
      "<"
    };
    for (int n = 0; n < 2000; n++) {
      ObjectNode payload = JsonNodeFactory.instance.objectNode();
      int members = random.nextInt(6);
      for (int m = 0; m < members; m++) {
        StringBuilder key = new StringBuilder();
        for (int c = random.nextInt(1, 5); c > 0; c--) {
          key.append(alphabet[random.nextInt(alphabet.length)]);
        }
        switch (random.nextInt(5)) {
          case 0 -> payload.put(key.toString(), random.nextLong(-1_000_000, 1_000_000));
          case 1 -> payload.put(key.toString(), random.nextDouble() * 1e6);
          case 2 -> payload.put(key.toString(), key.reverse().toString());
          case 3 -> payload.putObject(key.toString()).put("y", true).putNull("x");
          default -> payload.putArray(key.toString()).add(1).add("two").add(3.5e-7);
        }
      }
      EvidenceEntry entry =
          new EvidenceEntry(
              random.nextLong(0, EvidenceEntry.MAX_SAFE_INTEGER),
              "2026-11-22T12:00:0" + random.nextInt(10) + "Z",
              random.nextLong(0, 1L << 40),
              random.nextInt(100),
              "test.event-" + random.nextInt(9),
              Severity.values()[random.nextInt(4)],
              payload);
      byte[] canonical = entry.encode();
      // The fast encoder agrees with a full RFC 8785 canonicalization of the whole entry...
      assertThat(canonical).isEqualTo(Json.canonical(entry));
      assertThat(EvidenceEntry.decode(canonical).encode()).isEqualTo(canonical);
      // ...and the same entry written any other way is refused.
      byte[] plain = Json.write(entry);
      if (!java.util.Arrays.equals(plain, canonical)) {
        assertThatThrownBy(() -> EvidenceEntry.decode(plain)).hasMessageContaining("canonical");
      }
    }
  }

  @Test
  void decode_refusesEachKindOfNonCanonicalForm() throws Exception {
    String good =
        "{\"boot\":2,\"deviceTime\":\"2026-11-22T12:00:00Z\",\"monotonicMicros\":1,"
            + "\"payload\":{\"a\":1,\"b\":\"x\"},\"sequence\":0,\"severity\":\"INFO\",\"type\":\"a\"}";
    assertThat(EvidenceEntry.decode(good.getBytes(StandardCharsets.UTF_8)).sequence()).isZero();
    for (String bad :
        java.util.List.of(
            good.replace("{\"a\":1,\"b\":\"x\"}", "{\"b\":\"x\",\"a\":1}"), // payload order
            good.replace("\"a\":1", "\"a\":1.0"), // number form
            good.replace("\"a\":1", "\"a\": 1"), // whitespace in the payload
            good.replace("\"x\"", "\"\\u0078\""), // needless escape in the payload
            good.replace("\"type\":\"a\"", "\"type\":\"\\u0061\""), // escape in a fixed member
            good.replace("{\"boot\":2,", "{\"boot\":2 ,"),
            good.replace("\"sequence\":0,", "")
                .replace("\"type\":\"a\"}", "\"type\":\"a\",\"sequence\":0}"),
            good + "\n")) {
      assertThatThrownBy(() -> EvidenceEntry.decode(bad.getBytes(StandardCharsets.UTF_8)))
          .as(bad)
          .isInstanceOf(EvidenceRejection.class);
    }
  }

  @Test
  void aPayloadThatIsNotValidUnicode_isRefusedWhenEncoded() {
    ObjectNode lone = JsonNodeFactory.instance.objectNode().put("k", "broken \ud83d here");
    assertThatThrownBy(() -> EvidenceEntry.canonicalPayload(lone))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unpaired surrogate");
    ObjectNode loneKey = JsonNodeFactory.instance.objectNode().put("\ude00", 1);
    assertThatThrownBy(() -> EvidenceEntry.canonicalPayload(loneKey))
        .hasMessageContaining("unpaired surrogate");
    ObjectNode nan = JsonNodeFactory.instance.objectNode().put("x", Double.NaN);
    assertThatThrownBy(() -> EvidenceEntry.canonicalPayload(nan)).hasMessageContaining("finite");
  }
}
