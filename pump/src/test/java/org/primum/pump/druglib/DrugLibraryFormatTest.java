package org.primum.pump.druglib;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Consumer;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.primum.core.json.Json;

/** The drug library format (docs/drug-library.md): the demo library and every rejection rule. */
class DrugLibraryFormatTest {
  /** A minimal valid library; each rejection case breaks one rule of it. */
  private static final String BASE =
      """
      {
        "format": "primum.drug-library/v1",
        "version": 7,
        "deviceType": "primum-rp1",
        "issuedAt": "2025-01-15T09:00:00Z",
        "careAreas": [
          {"id": "icu", "name": "ICU", "weightKg": {"min": 30, "max": 250}},
          {"id": "peds", "name": "Pediatrics", "weightKg": {"min": 2, "max": 80}}
        ],
        "drugs": [
          {
            "code": "HEP",
            "name": "Heparin",
            "aliases": ["HEParin"],
            "entries": [
              {
                "careArea": "icu",
                "concentration": {"amount": 25000, "unit": "units", "volumeMl": 250},
                "doseUnit": "units/h",
                "limits": {
                  "rate": {"soft": {"min": 500, "max": 2000}, "hard": {"min": 100, "max": 3000}},
                  "vtbi": {"soft": {"min": 10, "max": 250}, "hard": {"min": 1, "max": 500}},
                  "bolus": {"soft": {"min": 0, "max": 5000}, "hard": {"min": 0, "max": 10000}}
                }
              }
            ]
          },
          {
            "code": "MOR",
            "name": "Morphine",
            "aliases": [],
            "entries": [
              {
                "careArea": "icu",
                "concentration": {"amount": 30, "unit": "mg", "volumeMl": 30},
                "doseUnit": "mg/h",
                "limits": {
                  "rate": {"soft": {"min": 0.5, "max": 2}, "hard": {"min": 0.1, "max": 4}},
                  "vtbi": {"soft": {"min": 5, "max": 30}, "hard": {"min": 1, "max": 30}}
                },
                "pca": {
                  "bolusDose": {"soft": {"min": 0.5, "max": 2}, "hard": {"min": 0.2, "max": 3}},
                  "lockoutMinutes": {"soft": {"min": 8, "max": 20}, "hard": {"min": 5, "max": 60}},
                  "maxDose1h": {"soft": {"min": 2, "max": 8}, "hard": {"min": 1, "max": 12}},
                  "maxDose4h": {"soft": {"min": 8, "max": 25}, "hard": {"min": 4, "max": 40}},
                  "basalAllowed": false
                }
              }
            ]
          }
        ]
      }
      """;

  @Test
  void demoLibrary_parses_withItsCareAreasDrugsAndLimits() {
    DrugLibrary demo = DrugLibrary.demo();

    assertThat(demo.version()).isEqualTo(1);
    assertThat(demo.deviceType()).isEqualTo("primum-rp1");
    assertThat(demo.careAreas())
        .extracting(CareArea::name)
        .containsExactly("Adult ICU", "Medical-Surgical", "Pediatrics");
    assertThat(demo.drugs()).hasSize(10);
    DrugEntry heparin =
        demo.entry(
                "adult-icu",
                "SYN-HEPARIN",
                new Concentration(25000, AmountUnit.UNITS, 250),
                DoseUnit.parse("units/h").orElseThrow())
            .orElseThrow();
    assertThat(heparin.rate()).isEqualTo(new Limits(500, 2000, 100, 3000));
    assertThat(heparin.bolus()).isPresent();
    DrugEntry morphinePca = demo.entries("med-surg", "SYN-MORPHINE").get(0);
    assertThat(morphinePca.pca()).isPresent();
    assertThat(morphinePca.pca().get().basalAllowed()).isFalse();
    assertThat(demo.entries("med-surg", "SYN-KCL").get(0).bolus())
        .as("potassium chloride is never bolused")
        .isEmpty();
    assertThat(demo.drug("SYN-PROPOFOL")).isPresent();
    assertThat(demo.drug("Propofol")).as("names never resolve a drug (T3)").isEmpty();
  }

  @Test
  void canonicalJson_roundTrips() throws Exception {
    DrugLibrary demo = DrugLibrary.demo();
    byte[] canonical = demo.canonicalJson();

    DrugLibrary again = DrugLibrary.parse(canonical);

    assertThat(again.canonicalJson()).isEqualTo(canonical);
    assertThat(new String(canonical, StandardCharsets.UTF_8))
        .startsWith("{\"careAreas\":[{\"id\":\"adult-icu\"")
        .doesNotContain("\n")
        .contains("\"version\":1");
  }

  @Test
  void base_isValid() throws Exception {
    DrugLibrary library = DrugLibrary.parse(BASE.getBytes(StandardCharsets.UTF_8));
    assertThat(library.version()).isEqualTo(7);
    assertThat(library.drug("MOR").orElseThrow().entries().get(0).pca()).isPresent();
  }

  /** One broken rule: how to break it and the message it must produce. */
  private record Case(String name, Consumer<ObjectNode> breakIt, String message) {}

  @Test
  void format_eachBrokenRule_isRejectedWithItsPathAndReason() {
    List<Case> cases =
        List.of(
            new Case(
                "soft outside hard",
                lib -> limit(lib, "/drugs/0/entries/0/limits/rate", 100, 200, 100, 150),
                "drugs[0].entries[0].limits.rate: soft max 200 exceeds hard max 150"),
            new Case(
                "soft min below hard min",
                lib -> limit(lib, "/drugs/0/entries/0/limits/vtbi", 1, 250, 5, 500),
                "drugs[0].entries[0].limits.vtbi: soft min 1 is below hard min 5"),
            new Case(
                "hard min above hard max",
                lib -> limit(lib, "/drugs/0/entries/0/limits/rate", 500, 2000, 4000, 3000),
                "drugs[0].entries[0].limits.rate: hard min 4000 exceeds hard max 3000"),
            new Case(
                "soft min above soft max",
                lib -> limit(lib, "/drugs/1/entries/0/pca/lockoutMinutes", 20, 8, 5, 60),
                "drugs[1].entries[0].pca.lockoutMinutes: soft min 20 exceeds soft max 8"),
            new Case(
                "hard max zero",
                lib -> limit(lib, "/drugs/0/entries/0/limits/bolus", 0, 0, 0, 0),
                "drugs[0].entries[0].limits.bolus: hard max must be above 0"),
            new Case(
                "negative limit",
                lib -> obj(lib, "/drugs/0/entries/0/limits/rate/hard").put("min", -1),
                "drugs[0].entries[0].limits.rate.hard.min: expected a number of at least 0,"
                    + " found -1"),
            new Case(
                "limit as a string",
                lib -> obj(lib, "/drugs/0/entries/0/limits/rate/soft").put("max", "2000"),
                "drugs[0].entries[0].limits.rate.soft.max: expected a number, found a string"),
            new Case(
                "unknown field at the top",
                lib -> lib.put("comment", "x"),
                "comment: unknown field"),
            new Case(
                "unknown field deep inside",
                lib -> obj(lib, "/drugs/1/entries/0/pca").put("basalRate", 1),
                "drugs[1].entries[0].pca.basalRate: unknown field"),
            new Case(
                "missing field",
                lib -> obj(lib, "/drugs/1").remove("name"),
                "drugs[1].name: missing required field"),
            new Case(
                "missing limits",
                lib -> obj(lib, "/drugs/0/entries/0/limits").remove("vtbi"),
                "drugs[0].entries[0].limits.vtbi: missing required field"),
            new Case(
                "null instead of an object",
                lib -> obj(lib, "/drugs/1/entries/0").putNull("pca"),
                "drugs[1].entries[0].pca: expected an object, found null"),
            new Case(
                "version as a string",
                lib -> lib.put("version", "7"),
                "version: expected an integer, found a string"),
            new Case(
                "version with a fraction",
                lib -> lib.put("version", 7.5),
                "version: expected an integer, found the number 7.5"),
            new Case(
                "version zero",
                lib -> lib.put("version", 0),
                "version: expected a positive integer"),
            new Case(
                "wrong format",
                lib -> lib.put("format", "primum.drug-library/v2"),
                "format: expected \"primum.drug-library/v1\", found \"primum.drug-library/v2\""),
            new Case(
                "issuedAt not an instant",
                lib -> lib.put("issuedAt", "15/01/2025"),
                "issuedAt: expected an ISO-8601 instant"),
            new Case(
                "basalAllowed as a string",
                lib -> obj(lib, "/drugs/1/entries/0/pca").put("basalAllowed", "no"),
                "drugs[1].entries[0].pca.basalAllowed: expected true or false, found a string"),
            new Case(
                "aliases not an array",
                lib -> obj(lib, "/drugs/0").put("aliases", "HEParin"),
                "drugs[0].aliases: expected an array, found a string"),
            new Case(
                "duplicate alias",
                lib -> ((ArrayNode) lib.at("/drugs/0/aliases")).add("heparin"),
                "drugs[0].aliases[1]: duplicate alias \"heparin\""),
            new Case(
                "duplicate drug code",
                lib -> obj(lib, "/drugs/1").put("code", "HEP"),
                "drugs[1].code: duplicate drug code \"HEP\" (also drugs[0])"),
            new Case(
                "duplicate entry key",
                lib -> {
                  ArrayNode entries = (ArrayNode) lib.at("/drugs/0/entries");
                  entries.add(entries.get(0).deepCopy());
                },
                "drugs[0].entries[1]: duplicate entry for care area icu, concentration 25000"
                    + " units / 250 mL, dose unit units/h (also entries[0])"),
            new Case(
                "duplicate care area",
                lib -> obj(lib, "/careAreas/1").put("id", "icu"),
                "careAreas[1].id: duplicate care area id \"icu\" (also careAreas[0])"),
            new Case(
                "entry for an unknown care area",
                lib -> obj(lib, "/drugs/0/entries/0").put("careArea", "nicu"),
                "drugs[0].entries[0].careArea: unknown care area \"nicu\""),
            new Case(
                "unknown dose unit",
                lib -> obj(lib, "/drugs/0/entries/0").put("doseUnit", "units/fortnight"),
                "drugs[0].entries[0].doseUnit: expected a dose unit <amount>[/kg]/<min|h>"),
            new Case(
                "dose unit that cannot dose the concentration",
                lib -> obj(lib, "/drugs/0/entries/0").put("doseUnit", "mcg/kg/min"),
                "drugs[0].entries[0]: dose unit mcg/kg/min cannot dose a concentration in units"),
            new Case(
                "unknown concentration unit",
                lib -> obj(lib, "/drugs/0/entries/0/concentration").put("unit", "IU"),
                "drugs[0].entries[0].concentration.unit: expected a drug amount unit"),
            new Case(
                "zero concentration",
                lib -> obj(lib, "/drugs/0/entries/0/concentration").put("volumeMl", 0),
                "drugs[0].entries[0].concentration: volumeMl must be a finite number above 0,"
                    + " found 0"),
            new Case(
                "weight bounds reversed",
                lib -> obj(lib, "/careAreas/1/weightKg").put("min", 90),
                "careAreas[1].weightKg: weight min 90 kg exceeds weight max 80 kg"),
            new Case(
                "care area id with spaces",
                lib -> obj(lib, "/careAreas/0").put("id", "Adult ICU"),
                "careAreas[0].id: id must be 1-48 lower-case letters"),
            new Case(
                "name with a right-to-left override",
                lib -> obj(lib, "/drugs/0").put("name", "Hep\u202Earin"),
                "drugs[0].name: name must not contain control, invisible or surrogate characters"),
            new Case(
                "VTBI above the pump's range",
                lib -> limit(lib, "/drugs/0/entries/0/limits/vtbi", 10, 250, 1, 20000),
                "drugs[0].entries[0]: vtbi hard max 20000 mL exceeds the pump's largest volume"
                    + " 9999 mL"),
            new Case(
                "PCA on a weight-based unit",
                lib -> {
                  obj(lib, "/drugs/1/entries/0").put("doseUnit", "mg/kg/h");
                },
                "drugs[1].entries[0]: PCA needs a dose unit that is not weight-based"),
            new Case(
                "no drugs",
                lib -> lib.putArray("drugs"),
                "drugs: expected at least one drug, found none"),
            new Case(
                "drug without entries",
                lib -> obj(lib, "/drugs/0").putArray("entries"),
                "drugs[0].entries: expected at least one entry, found none"),
            new Case(
                "root is an array",
                lib -> {
                  throw new ReplaceWith("[]");
                },
                "expected an object, found an array"));

    SoftAssertions softly = new SoftAssertions();
    for (Case c : cases) {
      byte[] json;
      ObjectNode lib = base();
      try {
        c.breakIt().accept(lib);
        json = Json.write(lib);
      } catch (ReplaceWith replacement) {
        json = replacement.json.getBytes(StandardCharsets.UTF_8);
      }
      byte[] broken = json;
      softly
          .assertThatThrownBy(() -> DrugLibrary.parse(broken))
          .as(c.name())
          .isInstanceOf(DrugLibraryRejection.class)
          .hasMessageContaining(c.message())
          .extracting(e -> ((DrugLibraryRejection) e).code())
          .isEqualTo("format");
    }
    softly.assertAll();
  }

  @Test
  void format_badBytes_areRejectedBeforeParsing() {
    String duplicateKey = BASE.replaceFirst("\"version\": 7,", "\"version\": 7, \"version\": 8,");
    String nan = BASE.replace("\"max\": 3000", "\"max\": NaN");
    String huge = BASE.replace("\"max\": 3000", "\"max\": 1e999");
    String comment = BASE.replace("\"version\": 7,", "\"version\": 7, // seven\n");
    String trailing = BASE + "{}";
    byte[] bom = concat(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, BASE);
    byte[] utf16 = BASE.getBytes(Charset.forName("UTF-16BE"));
    byte[] badUtf8 = BASE.replace("Heparin", "Hep\u00e9rin").getBytes(StandardCharsets.ISO_8859_1);
    byte[] tooLarge = new byte[DrugLibrary.MAX_BYTES + 1];

    SoftAssertions softly = new SoftAssertions();
    expect(softly, duplicateKey.getBytes(StandardCharsets.UTF_8), "Duplicate field 'version'");
    expect(softly, nan.getBytes(StandardCharsets.UTF_8), "not valid JSON");
    expect(
        softly,
        huge.getBytes(StandardCharsets.UTF_8),
        "drugs[0].entries[0].limits.rate.hard.max: expected a finite number");
    expect(softly, comment.getBytes(StandardCharsets.UTF_8), "not valid JSON");
    expect(softly, trailing.getBytes(StandardCharsets.UTF_8), "not valid JSON");
    expect(softly, bom, "without a byte order mark");
    expect(softly, utf16, "found a NUL byte");
    expect(softly, badUtf8, "must be valid UTF-8");
    expect(softly, tooLarge, "a drug library is at most 4194304 bytes (4 MiB), found 4194305");
    expect(softly, new byte[0], "not valid JSON");
    softly.assertAll();
  }

  @Test
  void doseUnit_parsesOnlyTheDocumentedForms() {
    assertThat(DoseUnit.parse("mcg/kg/min"))
        .contains(new DoseUnit(AmountUnit.MCG, true, DoseUnit.TimeBase.MIN));
    assertThat(DoseUnit.parse("mEq/h"))
        .contains(new DoseUnit(AmountUnit.MEQ, false, DoseUnit.TimeBase.H));
    assertThat(DoseUnit.parse("mL/h")).contains(DoseUnit.ML_PER_HOUR);
    for (String bad :
        List.of("", "mg", "mg/", "/h", "mg/kg", "mg/lb/h", "MG/h", "mg/h/", "mg/kg/kg/h", "ug/h")) {
      assertThat(DoseUnit.parse(bad)).as(bad).isEmpty();
    }
  }

  private static void expect(SoftAssertions softly, byte[] json, String message) {
    softly
        .assertThatThrownBy(() -> DrugLibrary.parse(json))
        .as(message)
        .isInstanceOf(DrugLibraryRejection.class)
        .hasMessageContaining(message);
  }

  private static byte[] concat(byte[] prefix, String text) {
    byte[] body = text.getBytes(StandardCharsets.UTF_8);
    byte[] out = new byte[prefix.length + body.length];
    System.arraycopy(prefix, 0, out, 0, prefix.length);
    System.arraycopy(body, 0, out, prefix.length, body.length);
    return out;
  }

  private static ObjectNode base() {
    try {
      return (ObjectNode) Json.readTree(BASE.getBytes(StandardCharsets.UTF_8));
    } catch (Json.JsonRejection e) {
      throw new AssertionError(e);
    }
  }

  private static ObjectNode obj(ObjectNode root, String pointer) {
    JsonNode node = root.at(pointer);
    if (!node.isObject()) {
      throw new AssertionError("no object at " + pointer);
    }
    return (ObjectNode) node;
  }

  private static void limit(
      ObjectNode root,
      String pointer,
      double softMin,
      double softMax,
      double hardMin,
      double hardMax) {
    ObjectNode limits = obj(root, pointer);
    limits.putObject("soft").put("min", softMin).put("max", softMax);
    limits.putObject("hard").put("min", hardMin).put("max", hardMax);
  }

  /** Thrown by a case that replaces the whole document rather than editing it. */
  private static final class ReplaceWith extends RuntimeException {
    final String json;

    ReplaceWith(String json) {
      super(null, null, false, false);
      this.json = json;
    }
  }
}
