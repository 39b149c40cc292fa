package org.primum.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.primum.hub.HubConfig;
import org.primum.hub.disclosure.IntakeLimits;
import picocli.CommandLine;

/** {@code primum hub}'s security-publishing and intake options reach the hub's configuration. */
class HubCommandOptionsTest {
  @TempDir Path dir;

  private HubConfig configured(String... args) {
    HubCommand command = new HubCommand();
    new CommandLine(command).parseArgs(args);
    return command.withIntakeLimits(command.withSecurityPublishing(HubConfig.defaults(dir)));
  }

  @Test
  void securityContactPublisherAndSmtp_areApplied() {
    HubConfig config =
        configured(
            "--data",
            dir.toString(),
            "--security-contact",
            "psirt@vendor.example",
            "--publisher",
            "Vendor PSIRT",
            "--smtp",
            "mail.vendor.example:587");
    assertThat(config.advisories().publisherName()).isEqualTo("Vendor PSIRT");
    assertThat(config.advisories().contactDetails()).contains("psirt@vendor.example");
    assertThat(config.notifications().smtp())
        .get()
        .satisfies(
            smtp -> {
              assertThat(smtp.toString()).contains("mail.vendor.example", "587");
            });
  }

  @Test
  void smtpWithoutPortOrSender_isAClearUsageError() {
    assertThatThrownBy(() -> configured("--data", dir.toString(), "--smtp", "mail.example"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("expected HOST:PORT");
    assertThatThrownBy(() -> configured("--data", dir.toString(), "--smtp", "mail.example:25"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--smtp-from or --security-contact");
  }

  @Test
  void intakeLimits_defaultUnlessGiven_andZeroIsRefused() {
    assertThat(configured("--data", dir.toString()).intake()).isEqualTo(IntakeLimits.defaults());
    HubConfig raised =
        configured(
            "--data",
            dir.toString(),
            "--intake-reports-per-hour",
            "100",
            "--intake-concurrency",
            "16");
    assertThat(raised.intake().reportsPerHour()).isEqualTo(100);
    assertThat(raised.intake().concurrentIntakes()).isEqualTo(16);
    assertThat(raised.intake().statusPerMinute())
        .isEqualTo(IntakeLimits.defaults().statusPerMinute());
    assertThatThrownBy(() -> configured("--data", dir.toString(), "--intake-reports-per-hour", "0"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at least 1");
  }
}
