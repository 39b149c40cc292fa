package org.primum.hub;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.primum.hub.advisories.AdvisoryService;

/** The operator's security contact becomes security.txt's Contact. */
class HubSettingsTest {
  @TempDir Path dir;

  @Test
  void securityContact_becomesTheDisclosureContact() {
    HubConfig config =
        HubConfig.defaults(dir)
            .withAdvisories(
                new AdvisoryService.Settings(
                    "Vendor PSIRT",
                    "Vendor",
                    Optional.of("psirt@vendor.example"),
                    Optional.empty()));
    assertThat(Hub.disclosureSettings(config, () -> "https://hub").contactEmail())
        .isEqualTo("psirt@vendor.example");
    assertThat(Hub.disclosureSettings(HubConfig.defaults(dir), () -> "https://hub").contactEmail())
        .isEqualTo("security@example.org");
  }
}
