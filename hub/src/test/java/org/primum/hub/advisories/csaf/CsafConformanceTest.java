package org.primum.hub.advisories.csaf;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.primum.testing.SharedConformance;

/**
 * The OASIS CSAF 2.0 test suite, files loaded unchanged from {@code shared/conformance/csaf-2.0}:
 * for every mandatory test, each valid file yields no failure at all and each failing file is
 * flagged by that very test; every example document is valid. Known gaps come from {@code
 * docs/csaf-conformance-known-gaps.txt}; a listed gap that now passes fails too.
 */
class CsafConformanceTest {
  private static final Path SUITE = SharedConformance.root().resolve("csaf-2.0/csaf_2.0");
  private static final Path DATA = SUITE.resolve("test/validator/data");
  private static final CsafValidator VALIDATOR = CsafValidator.create();

  @Test
  void officialTestSuite_mandatoryTestsAndExamples_matchExpectationsExceptListedGaps()
      throws IOException {
    Map<String, String> gaps = knownGaps();
    List<String> mismatches = new ArrayList<>();
    List<String> usedGaps = new ArrayList<>();
    int validTotal = 0;
    int validAccepted = 0;
    int invalidTotal = 0;
    int invalidRejected = 0;
    int testsImplemented = 0;
    int testsTotal = 0;

    JsonNode suite = new ObjectMapper().readTree(DATA.resolve("testcases.json").toFile());
    for (JsonNode test : suite.get("tests")) {
      if (!test.get("group").asText().equals("mandatory")) {
        continue;
      }
      String id = test.get("id").asText();
      boolean gap = gaps.containsKey(id);
      testsTotal++;
      if (gap) {
        usedGaps.add(id);
      } else {
        testsImplemented++;
      }
      for (JsonNode file : test.path("valid")) {
        String name = file.get("name").asText();
        CsafReport report = validate(DATA.resolve(name), mismatches);
        boolean ok = report != null && report.valid();
        validTotal++;
        validAccepted += ok ? 1 : 0;
        expect(name, ok, gaps, usedGaps, mismatches, () -> "valid, but: " + report);
      }
      for (JsonNode file : test.path("failures")) {
        String name = file.get("name").asText();
        CsafReport report = validate(DATA.resolve(name), mismatches);
        boolean flagged = report != null && report.failedTests().contains(id);
        if (gap) {
          if (flagged) {
            mismatches.add(name + ": test " + id + " is listed as a gap but now flags it");
          }
          continue;
        }
        invalidTotal++;
        invalidRejected += flagged ? 1 : 0;
        expect(
            name,
            flagged,
            gaps,
            usedGaps,
            mismatches,
            () -> "not flagged by " + id + ": " + report);
      }
    }

    int examples = 0;
    try (Stream<Path> files = Files.walk(SUITE.resolve("examples/csaf"))) {
      for (Path file : files.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
        String name = SUITE.relativize(file).toString().replace('\\', '/');
        CsafReport report = validate(file, mismatches);
        boolean ok = report != null && report.valid();
        examples++;
        validTotal++;
        validAccepted += ok ? 1 : 0;
        expect(name, ok, gaps, usedGaps, mismatches, () -> "valid, but: " + report);
      }
    }
    if (testsTotal != 43) { // 6.1.1 - 6.1.26, 6.1.27.1 - 6.1.27.11, 6.1.28 - 6.1.33
      mismatches.add(
          "expected the 43 mandatory tests of CSAF 2.0 in the suite, found " + testsTotal);
    }
    for (String gap : gaps.keySet()) {
      if (!usedGaps.contains(gap)) {
        mismatches.add("known-gaps entry matches no mandatory test or file: " + gap);
      }
    }

    System.out.printf(
        Locale.ROOT,
        "CSAF 2.0 conformance: valid accepted %d/%d (incl. %d examples), invalid rejected %d/%d"
            + " (implemented tests), mandatory tests implemented %d/%d%n",
        validAccepted,
        validTotal,
        examples,
        invalidRejected,
        invalidTotal,
        testsImplemented,
        testsTotal);
    assertThat(mismatches).as("CSAF conformance mismatches").isEmpty();
  }

  /** One file's outcome, judged against the file-level gaps. */
  private static void expect(
      String name,
      boolean asExpected,
      Map<String, String> gaps,
      List<String> usedGaps,
      List<String> mismatches,
      java.util.function.Supplier<String> why) {
    if (gaps.containsKey(name)) {
      usedGaps.add(name);
      if (asExpected) {
        mismatches.add(name + ": listed as a known gap but now handled as expected");
      }
    } else if (!asExpected) {
      mismatches.add(name + ": " + why.get());
    }
  }

  private static CsafReport validate(Path file, List<String> mismatches) {
    try {
      return VALIDATOR.validate(Files.readAllBytes(file));
    } catch (CsafRejection | IOException e) {
      mismatches.add(file.getFileName() + ": rejected: " + e.getMessage());
      return null;
    }
  }

  /** Entry to reason, from the committed list (found from the module or the repository root). */
  private static Map<String, String> knownGaps() throws IOException {
    Path list = Path.of("docs/csaf-conformance-known-gaps.txt");
    if (!Files.exists(list)) {
      list = Path.of("../docs/csaf-conformance-known-gaps.txt");
    }
    Map<String, String> gaps = new LinkedHashMap<>();
    for (String line : Files.readAllLines(list, StandardCharsets.UTF_8)) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      String[] parts = line.split(" -- ", 2);
      gaps.put(parts[0].strip(), parts.length > 1 ? parts[1].strip() : "");
    }
    return gaps;
  }
}
