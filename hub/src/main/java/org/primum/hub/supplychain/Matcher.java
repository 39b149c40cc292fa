package org.primum.hub.supplychain;

import java.util.List;
import org.primum.hub.supplychain.sbom.SbomComponent;

/** Matches SBOM components against the vulnerability data in force, offline. */
interface Matcher {
  /**
   * The known vulnerabilities of one component.
   *
   * @param unevaluated receives one line per component that could not be evaluated, with why
   */
  List<Finding> match(int ordinal, SbomComponent component, List<String> unevaluated);

  /** How many vulnerability records the matcher holds. */
  int records();

  Matcher EMPTY =
      new Matcher() {
        @Override
        public List<Finding> match(int ordinal, SbomComponent c, List<String> unevaluated) {
          return List.of();
        }

        @Override
        public int records() {
          return 0;
        }
      };
}
