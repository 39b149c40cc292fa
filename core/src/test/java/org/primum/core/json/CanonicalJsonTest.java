package org.primum.core.json;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.SplittableRandom;
import org.erdtman.jcs.JsonCanonicalizer;
import org.junit.jupiter.api.Test;

/** The fast canonical-form check gives the same answer as canonicalizing and comparing. */
class CanonicalJsonTest {
  private static boolean reference(byte[] json) {
    try {
      return java.util.Arrays.equals(new JsonCanonicalizer(json).getEncodedUTF8(), json)
          && Json.readTree(json) != null; // and no duplicate names, as Primum reads JSON
    } catch (Exception e) {
      return false;
    }
  }

  private static void same(String json) {
    byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
    assertThat(CanonicalJson.isCanonical(bytes)).as(json).isEqualTo(reference(bytes));
  }

  @Test
  void handPickedCases_agreeWithTheReference() {
    for (String json :
        List.of(
            "{}",
            "[]",
            "",
            "{\"a\":1,\"b\":[true,false,null]}",
            "{\"b\":1,\"a\":2}",
            "{\"a\":1,\"a\":2}",
            "{\"a\": 1}",
            " {}",
            "{}\n",
            "{\"a\":1.0}",
            "{\"a\":1e3}",
            "{\"a\":1000}",
            "{\"a\":-0}",
            "{\"a\":0}",
            "{\"a\":1E-7}",
            "{\"a\":1e-7}",
            "{\"a\":123456789012345680000}",
            "{\"a\":1e+21}",
            "{\"a\":9007199254740993}",
            "{\"a\":\"\\u0041\"}",
            "{\"a\":\"\\u001f\"}",
            "{\"a\":\"\\u001F\"}",
            "{\"a\":\"\\n\\t\\\"\\\\\"}",
            "{\"a\":\"\\/\"}",
            "{\"a\":\"/\"}",
            "{\"a\":\"\\u00e9\"}",
            "{\"a\":\"é\"}",
            "{\"a\":\"\u2028\"}",
            "{\"a\":\"\\ud83d\\ude00\"}",
            "{\"a\":\"😀\"}",
            "{\"a\":\"\\ud83d\"}",
            "{\"\u20ac\":1,\"\\r\":2}",
            "{\"\\r\":2,\"\u20ac\":1}",
            "{\"\ud83d\ude00\":1,\"\ufb33\":2}",
            "{\"\ufb33\":2,\"\ud83d\ude00\":1}",
            "[1,2,[3,{\"z\":{}}]]",
            "[1, 2]",
            "\"x\"",
            "{\"a\":1}{}",
            "{\"a\":[1,]}",
            "nul")) {
      same(json);
    }
  }

  @Test
  void randomDocumentsAndTheirMutations_agreeWithTheReference() throws Exception {
    SplittableRandom random = new SplittableRandom(8785);
    String[] atoms = {
      "0",
      "-1",
      "7",
      "1.5",
      "-0.25",
      "1e21",
      "1e-7",
      "123456789",
      "3.0",
      "true",
      "false",
      "null",
      "\"a\"",
      "\"\\u00e9\"",
      "\"é\"",
      "\"\\n\"",
      "\"\\u0007\"",
      "\"😀\"",
      "\"\\\"\""
    };
    String[] names = {"a", "b", "B", "aa", "é", "\\u00e9", "😀", "\u20ac", "\\r", "1", ""};
    for (int n = 0; n < 20_000; n++) {
      String doc = "{\"r\":" + document(random, atoms, names, 0) + "}";
      same(doc);
      byte[] canonical = new JsonCanonicalizer(doc).getEncodedUTF8();
      same(new String(canonical, StandardCharsets.UTF_8));
      // Small mutations of a canonical text: a space, a swapped pair of bytes, a dropped byte.
      StringBuilder mutated = new StringBuilder(new String(canonical, StandardCharsets.UTF_8));
      int at = random.nextInt(mutated.length());
      switch (random.nextInt(3)) {
        case 0 -> mutated.insert(at, ' ');
        case 1 -> {
          if (at + 1 < mutated.length()) {
            char c = mutated.charAt(at);
            mutated.setCharAt(at, mutated.charAt(at + 1));
            mutated.setCharAt(at + 1, c);
          }
        }
        default -> mutated.deleteCharAt(at);
      }
      same(mutated.toString());
    }
  }

  private static String document(
      SplittableRandom random, String[] atoms, String[] names, int depth) {
    int kind = depth > 3 ? 2 : random.nextInt(3);
    if (kind == 0) {
      StringBuilder out = new StringBuilder("{");
      int members = random.nextInt(4);
      for (int i = 0; i < members; i++) {
        if (i > 0) {
          out.append(',');
        }
        out.append('"').append(names[random.nextInt(names.length)]).append(i).append("\":");
        out.append(document(random, atoms, names, depth + 1));
      }
      return out.append('}').toString();
    }
    if (kind == 1) {
      StringBuilder out = new StringBuilder("[");
      int elements = random.nextInt(4);
      for (int i = 0; i < elements; i++) {
        if (i > 0) {
          out.append(',');
        }
        out.append(document(random, atoms, names, depth + 1));
      }
      return out.append(']').toString();
    }
    return atoms[random.nextInt(atoms.length)];
  }
}
