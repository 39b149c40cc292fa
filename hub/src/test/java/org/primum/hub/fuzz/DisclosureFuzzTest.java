package org.primum.hub.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.primum.hub.disclosure.DisclosureRefusal;
import org.primum.hub.disclosure.DisclosureReport;
import org.primum.hub.disclosure.DisclosureReports;

/**
 * Jazzer fuzz target for the disclosure report reader, which takes anonymous JSON from anyone on
 * the network (including base64 attachments typed by content): it must return a report or throw its
 * own refusal; anything else (a runtime exception, a stack overflow, a hang) fails the target.
 * {@code mvn test} replays the seeds; {@code .ci/fuzz} fuzzes for 20 s.
 */
class DisclosureFuzzTest {
  @FuzzTest(maxDuration = "20s")
  void reportJson(byte[] data) {
    try {
      DisclosureReport report = DisclosureReports.fromJson(data);
      if (report == null || report.title().isEmpty() || report.description().isEmpty()) {
        throw new IllegalStateException("fromJson returned an incomplete report");
      }
    } catch (DisclosureRefusal expected) {
      // refused with a reason: fine
    }
  }
}
