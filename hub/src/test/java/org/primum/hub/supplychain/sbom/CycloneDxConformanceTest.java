package org.primum.hub.supplychain.sbom;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.primum.testing.SharedConformance;

/**
 * The official CycloneDX 1.6 valid and invalid examples (CycloneDX/specification
 * tools/src/test/resources/1.6), read unchanged from ../shared/conformance/cyclonedx-1.6: every
 * valid one is accepted, every invalid one refused with a reason; failures collected and asserted
 * once.
 */
class CycloneDxConformanceTest {
  private static final Path EXAMPLES =
      SharedConformance.root().resolve("cyclonedx-1.6/tools/src/test/resources/1.6");

  @Test
  void officialExamples_validAcceptedInvalidRefused() throws IOException {
    List<Path> files;
    try (Stream<Path> s = Files.list(EXAMPLES)) {
      files = s.filter(p -> p.getFileName().toString().endsWith(".json")).sorted().toList();
    }
    assertThat(files).hasSizeGreaterThan(60);
    List<String> failures = new ArrayList<>();
    int valid = 0;
    int invalid = 0;
    for (Path file : files) {
      String name = file.getFileName().toString();
      boolean wantValid = name.startsWith("valid-");
      String outcome;
      try {
        Sboms.parse(Files.readAllBytes(file));
        outcome = null;
      } catch (SbomRejection e) {
        outcome = e.code() + ": " + e.getMessage();
        assertThat(e.getMessage()).as(name).isNotBlank();
      }
      if (wantValid) {
        valid++;
        if (outcome != null) {
          failures.add(name + " should be accepted, was refused: " + outcome);
        }
      } else {
        invalid++;
        if (outcome == null) {
          failures.add(name + " should be refused, was accepted");
        }
      }
    }
    System.out.printf(
        "CycloneDX 1.6 conformance: %d valid, %d invalid examples, %d mismatches%n",
        valid, invalid, failures.size());
    assertThat(failures).isEmpty();
  }
}
