package org.primum.hub.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.primum.hub.updates.RolloutRefusal;
import org.primum.hub.updates.RolloutReport;

/**
 * Jazzer fuzz targets for the hub's parsers of device input added with the updates capability: the
 * update-status report every pump posts. It must return a report or throw its own refusal; anything
 * else fails the target. {@code mvn test} replays the seeds; {@code .ci/fuzz} fuzzes each for 20 s.
 */
class HubParserFuzzTest {
  @FuzzTest(maxDuration = "20s")
  void updateStatusReport(byte[] data) {
    try {
      RolloutReport.parse(data);
    } catch (RolloutRefusal expected) {
      // refused with a reason: fine
    }
  }
}
