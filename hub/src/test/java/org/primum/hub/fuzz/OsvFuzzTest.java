package org.primum.hub.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.primum.hub.cvss.CvssRejection;
import org.primum.hub.cvss.CvssScores;
import org.primum.hub.supplychain.osv.OsvRecord;
import org.primum.hub.supplychain.osv.OsvRejection;
import org.primum.hub.supplychain.osv.versions.InvalidVersion;
import org.primum.hub.supplychain.osv.versions.Version;
import org.primum.hub.supplychain.osv.versions.VersionScheme;
import org.primum.hub.supplychain.osv.versions.VersionSchemes;

/**
 * Jazzer fuzz targets for the offline vulnerability matcher's parsers of outside data: an OSV
 * record must come back as a record or an {@link OsvRejection}; a version must parse or be an
 * {@link InvalidVersion}, and two versions of one scheme must compare consistently (antisymmetric,
 * {@code equals} and {@code hashCode} agreeing with {@code compareTo}), since range evaluation
 * sorts by that order. A CVSS vector (OSV records carry v2, v3.x and v4.0 vectors) must come back
 * scored or as a {@link CvssRejection}, never as the calculator's own exception. {@code mvn test}
 * replays the seeds; {@code .ci/fuzz} fuzzes each for 20 s.
 */
class OsvFuzzTest {
  private static final List<VersionScheme> SCHEMES =
      List.of(
          VersionSchemes.MAVEN,
          VersionSchemes.NPM,
          VersionSchemes.PYPI,
          VersionSchemes.DEBIAN,
          VersionSchemes.GO,
          VersionSchemes.SEMVER);

  @FuzzTest(maxDuration = "20s")
  void osvRecord(byte[] data) {
    try {
      OsvRecord record = OsvRecord.parse(data);
      record.unevaluable();
      for (OsvRecord.Affected affected : record.affected()) {
        if (affected.limitation().isEmpty()) {
          try {
            affected.affects("1.0.0");
          } catch (InvalidVersion | OsvRejection expected) {
            // a version the entry cannot judge: fine
          }
        }
      }
    } catch (OsvRejection expected) {
      // refused with a reason: fine
    }
  }

  @FuzzTest(maxDuration = "20s")
  void cvssVector(byte[] data) {
    String vector = new String(data, StandardCharsets.UTF_8);
    try {
      CvssScores.v40(vector); // the record checks the score range and the severity
    } catch (CvssRejection expected) {
      // refused with a reason: fine
    }
    try {
      CvssScores.v31(vector);
    } catch (CvssRejection expected) {
      // refused with a reason: fine
    }
  }

  @FuzzTest(maxDuration = "20s")
  void versionOrdering(FuzzedDataProvider data) {
    VersionScheme scheme = SCHEMES.get(data.consumeInt(0, SCHEMES.size() - 1));
    String a = data.consumeString(80);
    String b = data.consumeRemainingAsString();
    Version first;
    Version second;
    try {
      first = scheme.parse(a);
      second = scheme.parse(b);
    } catch (InvalidVersion expected) {
      return;
    }
    int ab = Integer.signum(first.compareTo(second));
    int ba = Integer.signum(second.compareTo(first));
    if (ab != -ba) {
      throw new IllegalStateException(scheme.name() + " order not antisymmetric: " + a + " / " + b);
    }
    if ((ab == 0) != first.equals(second)) {
      throw new IllegalStateException(scheme.name() + " equals disagrees: " + a + " / " + b);
    }
    if (ab == 0 && first.hashCode() != second.hashCode()) {
      throw new IllegalStateException(scheme.name() + " hashCode disagrees: " + a + " / " + b);
    }
  }
}
