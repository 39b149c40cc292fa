package org.primum.core.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {
  record Sample(String name, int count) {}

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void read_duplicateKey_isRefused() {
    assertThatThrownBy(
            () -> Json.read(utf8("{\"name\":\"a\",\"name\":\"b\",\"count\":1}"), Sample.class))
        .isInstanceOf(Json.JsonRejection.class)
        .hasMessageContaining("name");
  }

  @Test
  void read_unknownField_isRefusedByName() {
    assertThatThrownBy(() -> Json.read(utf8("{\"name\":\"a\",\"count\":1,\"x\":2}"), Sample.class))
        .hasMessageContaining("unknown field \"x\"");
  }

  @Test
  void read_trailingGarbage_isRefused() {
    assertThatThrownBy(() -> Json.read(utf8("{\"name\":\"a\",\"count\":1} {}"), Sample.class))
        .isInstanceOf(Json.JsonRejection.class);
  }

  @Test
  void read_wrongType_namesThePath() {
    assertThatThrownBy(() -> Json.read(utf8("{\"name\":\"a\",\"count\":\"many\"}"), Sample.class))
        .hasMessageContaining("$.count");
  }

  @Test
  void read_deepNesting_isRefused() {
    String deep = "[".repeat(200) + "]".repeat(200);
    assertThatThrownBy(() -> Json.readTree(utf8(deep))).isInstanceOf(Json.JsonRejection.class);
  }

  @Test
  void read_empty_isRefused() {
    assertThatThrownBy(() -> Json.readTree(new byte[0])).isInstanceOf(Json.JsonRejection.class);
    assertThatThrownBy(() -> Json.read(utf8("null"), Sample.class))
        .isInstanceOf(Json.JsonRejection.class);
  }

  @Test
  void canonical_sortsKeysAndIsStable() {
    byte[] canonical =
        Json.canonical(Map.of("b", 1, "a", "x\u00e9", "c", Map.of("z", true, "y", 2)));
    assertThat(new String(canonical, StandardCharsets.UTF_8))
        .isEqualTo("{\"a\":\"x\u00e9\",\"b\":1,\"c\":{\"y\":2,\"z\":true}}");
  }
}
