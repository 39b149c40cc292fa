package org.primum.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.primum.testing.SharedConformance;

/**
 * {@code primum csaf validate} as typed, on the OASIS files unchanged: a valid example, a test case
 * failing 6.1.1, and a file that is not JSON.
 */
class CsafCommandTest {
  private static final Path CSAF = SharedConformance.root().resolve("csaf-2.0/csaf_2.0");
  private static final Path VALID = CSAF.resolve("examples/csaf/bsi-2022-0001.json");
  private static final Path INVALID =
      CSAF.resolve("test/validator/data/mandatory/oasis_csaf_tc-csaf_2_0-2021-6-1-01-01.json");

  @TempDir Path dir;

  @Test
  void validate_validExample_printsValidAndExitsZero() {
    CliRun run = CliRun.of("csaf", "validate", VALID.toString());

    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(run.out()).isEqualTo(VALID + ": valid" + System.lineSeparator());
  }

  @Test
  void validate_invalidTestCase_printsEachFailureAndExitsOne() {
    CliRun run = CliRun.of("csaf", "validate", VALID.toString(), INVALID.toString());

    assertThat(run.exit()).as(run.err()).isEqualTo(1);
    assertThat(run.out().lines())
        .containsExactly(
            VALID + ": valid",
            INVALID + ": invalid",
            "  6.1.1 /product_tree/product_groups/0/product_ids/0 expected a product_id defined"
                + " in /product_tree, found undefined CSAFPID-9080700",
            "  6.1.1 /product_tree/product_groups/0/product_ids/1 expected a product_id defined"
                + " in /product_tree, found undefined CSAFPID-9080701");
  }

  @Test
  void validate_notJsonOrMissing_printsReasonWithoutStackTraceAndExitsTwo() throws Exception {
    Path notJson = Files.writeString(dir.resolve("advisory.json"), "<html>not an advisory</html>");
    Path missing = dir.resolve("missing.json");

    CliRun run =
        CliRun.of("csaf", "validate", notJson.toString(), INVALID.toString(), missing.toString());

    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.out())
        .contains(
            notJson + ": rejected (csaf-not-json): expected a JSON document, found invalid JSON")
        .contains(INVALID + ": invalid")
        .contains(missing + ": unreadable: no such file");
    assertThat(run.out() + run.err()).doesNotContain("Exception", "\tat ");
  }
}
