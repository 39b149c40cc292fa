package org.primum.hub.supplychain.osv.versions;

import org.junit.jupiter.api.Test;

/** Go module version ordering: pseudo-versions and +incompatible (Go Modules Reference). */
class GoVersionOrderTest {
  @Test
  void publishedVectors_goModulesReference_allHold() {
    OrderVectors.check("go.txt", VersionSchemes.GO);
  }
}
