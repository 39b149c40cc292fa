package org.primum.hub.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.primum.hub.advisories.csaf.CsafRejection;
import org.primum.hub.advisories.csaf.CsafReport;
import org.primum.hub.advisories.csaf.CsafValidator;

/**
 * Jazzer fuzz target for the CSAF 2.0 validator, the parser of advisories from outside: it must
 * return a report or throw its own rejection; anything else (a runtime exception, a stack overflow,
 * a hang) fails the target. {@code mvn test} replays the seeds; {@code .ci/fuzz} fuzzes for 20 s.
 */
class AdvisoryFuzzTest {
  private static final CsafValidator VALIDATOR = CsafValidator.create();

  @FuzzTest(maxDuration = "20s")
  void csafDocument(byte[] data) {
    try {
      CsafReport report = VALIDATOR.validate(data);
      if (report == null) {
        throw new IllegalStateException("validate returned null");
      }
    } catch (CsafRejection expected) {
      // refused with a reason: fine
    }
  }
}
