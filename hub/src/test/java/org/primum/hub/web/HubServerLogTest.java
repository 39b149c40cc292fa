package org.primum.hub.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** A researcher's tracking token never reaches the hub's logs through a request path. */
class HubServerLogTest {
  @Test
  void loggable_tokenPaths_redacted_otherPathsKept() {
    assertThat(HubServer.loggable("/security/cases/AbC-123_x"))
        .isEqualTo("/security/cases/[token]");
    assertThat(HubServer.loggable("/api/v1/disclosures/AbC-123_x/messages"))
        .isEqualTo("/api/v1/disclosures/[token]/messages");
    assertThat(HubServer.loggable("/api/v1/disclosures")).isEqualTo("/api/v1/disclosures");
    assertThat(HubServer.loggable("/fleet/PUMP-0001")).isEqualTo("/fleet/PUMP-0001");
  }
}
