package org.primum.hub.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.Map;
import org.primum.hub.supplychain.sbom.SbomRejection;
import org.primum.hub.supplychain.sbom.Sboms;
import org.primum.hub.supplychain.vex.VexDocuments;
import org.primum.hub.supplychain.vex.VexRejection;

/**
 * Jazzer fuzz targets for the supply-chain parsers of outside input: SBOMs (CycloneDX JSON and XML
 * from any tool) and VEX documents (CycloneDX, CSAF, OpenVEX). Each must return a value or throw
 * its own rejection; anything else fails the target. {@code mvn test} replays the seeds; {@code
 * .ci/fuzz} fuzzes each for 20 s.
 */
class SbomFuzzTest {
  @FuzzTest(maxDuration = "20s")
  void sbomDocument(byte[] data) {
    try {
      Sboms.parse(data);
    } catch (SbomRejection expected) {
      // refused with a reason: fine
    }
  }

  @FuzzTest(maxDuration = "20s")
  void vexDocument(byte[] data) {
    try {
      VexDocuments.parse(data, Map.of("c0", "pkg:npm/lodash@4.17.15"));
    } catch (VexRejection expected) {
      // refused with a reason: fine
    }
  }
}
