package org.primum.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.primum.hub.HubConfig;
import org.primum.hub.RolloutNotices;
import org.primum.hub.audit.AuditLog;
import org.primum.hub.store.Database;
import org.primum.hub.updates.Assignments;
import org.primum.hub.updates.ReleaseLookup;
import org.primum.hub.updates.ReleaseSummary;
import org.primum.hub.updates.RolloutDriver;
import org.primum.hub.updates.RolloutPlan;
import org.primum.hub.updates.RolloutService;

/**
 * {@code primum rollout} as typed on the hub's machine: sites, subscribers, status, pause, abort.
 */
class RolloutCommandTest {
  @TempDir Path dir;

  private static final ReleaseSummary RELEASE =
      new ReleaseSummary(
          1,
          "0.2.0",
          "rp-1",
          2,
          "firmware/rp-1/primum-rp1-0.2.0.fw",
          "Fixes CVE-2026-0001.",
          Instant.parse("2026-11-20T10:00:00Z"));

  private static final ReleaseLookup ONE_RELEASE =
      new ReleaseLookup() {
        @Override
        public Optional<ReleaseSummary> release(long id) {
          return id == 1 ? Optional.of(RELEASE) : Optional.empty();
        }

        @Override
        public Optional<ReleaseSummary> releaseByVersion(String hardwareId, String version) {
          return release(1).filter(r -> r.version().equals(version));
        }

        @Override
        public List<ReleaseSummary> releases() {
          return List.of(RELEASE);
        }
      };

  private static final Assignments NO_DIRECTOR =
      new Assignments() {
        @Override
        public void assign(String serial, long releaseId, long rolloutId) {}

        @Override
        public void withdraw(String serial) {}
      };

  @Test
  void rolloutCommands_recordSitesAndSubscribers_andShowPauseAndAbortARollout() throws Exception {
    Path data = dir.resolve("hub");
    String d = data.toString();
    String url = HubConfig.defaults(data).effectiveJdbcUrl();
    java.nio.file.Files.createDirectories(data);
    try (Database database = Database.open(url)) {
      database
          .jdbi()
          .useHandle(
              h -> {
                for (String serial : List.of("PUMP-0001", "PUMP-0002")) {
                  h.execute(
                      "INSERT INTO devices (serial, status, enrolled_at) VALUES (?, 'ACTIVE', 0)",
                      serial);
                }
              });
    }

    CliRun site =
        CliRun.of("rollout", "site", "--data", d, "--serial", "PUMP-0001", "--site", "Ward-A");
    assertThat(site.exit()).as(site.err()).isZero();
    assertThat(CliRun.of("rollout", "site", "--data", d, "--serial", "PUMP-9", "--site", "X").err())
        .contains("Refused: no device PUMP-9");
    CliRun policy =
        CliRun.of(
            "rollout",
            "site-policy",
            "--data",
            d,
            "--site",
            "Ward-A",
            "--window",
            "02:00-04:00",
            "--zone",
            "Europe/Berlin",
            "--approval-required");
    assertThat(policy.exit()).as(policy.err()).isZero();
    assertThat(policy.err()).contains("window 02:00-04:00 Europe/Berlin, approval required");
    CliRun badWindow =
        CliRun.of("rollout", "site-policy", "--data", d, "--site", "Ward-A", "--window", "2-4");
    assertThat(badWindow.exit()).isEqualTo(2);
    assertThat(badWindow.err()).contains("HH:MM-HH:MM");
    assertThat(
            CliRun.of(
                    "rollout",
                    "subscribe",
                    "--data",
                    d,
                    "--site",
                    "Ward-A",
                    "--contact",
                    "biomed@hospital.example")
                .exit())
        .isZero();
    CliRun hook =
        CliRun.of(
            "rollout",
            "subscribe",
            "--data",
            d,
            "--site",
            "Ward-A",
            "--contact",
            "https://soc.hospital.example/primum");
    assertThat(hook.exit()).as(hook.err()).isZero();
    assertThat(hook.out().strip()).as("the secret, once").matches("[0-9a-f]{64}");
    assertThat(hook.err()).contains("Webhook secret (shown only now");
    CliRun plain =
        CliRun.of(
            "rollout", "subscribe", "--data", d, "--site", "Ward-A", "--contact", "http://h.ex/x");
    assertThat(plain.exit()).isEqualTo(2);
    assertThat(plain.err()).contains("webhook URL: expected https://");
    assertThat(
            CliRun.of("rollout", "site", "--data", d, "--serial", "PUMP-0002", "--site", "Ward-A")
                .exit())
        .isZero();
    CliRun noRelease =
        CliRun.of("rollout", "start", "--data", d, "--release", "0.2.0", "--hardware", "rp-1");
    assertThat(noRelease.exit()).isEqualTo(1);
    assertThat(noRelease.err()).contains("no published release 0.2.0 for hardware rp-1");
    assertThat(CliRun.of("rollout", "status", "--data", d).out()).contains("No rollouts.");

    try (Database database = Database.open(url)) {
      Clock clock = Clock.systemUTC();
      AuditLog audit = new AuditLog(database.jdbi(), clock);
      RolloutNotices notices = RolloutNotices.of(database.jdbi(), HubConfig.defaults(data), clock);
      new RolloutService(
              database.jdbi(), ONE_RELEASE, audit, clock, new java.security.SecureRandom(), notices)
          .start("staff:rm", 1, RolloutPlan.byPercentage(List.of(50, 100)), "test");
      // The running hub's driver: wave 1 reaches Ward-A and queues its notifications.
      new RolloutDriver(database.jdbi(), NO_DIRECTOR, ONE_RELEASE, audit, clock, notices).tick();
    }
    CliRun list = CliRun.of("rollout", "status", "--data", d);
    assertThat(list.out()).contains("ROLLOUT").containsPattern("1 +0\\.2\\.0 +rp-1 +RUNNING +1/2");
    assertThat(CliRun.of("rollout", "pause", "--data", d, "--id", "1", "--reason", "night").exit())
        .isZero();
    CliRun status = CliRun.of("rollout", "status", "--data", d, "--id", "1");
    assertThat(status.out())
        .contains("Rollout 1: rp-1 0.2.0 (release counter 2) — PAUSED, wave 1 of 2, 2 devices")
        .contains("PAUSED: paused by cli:")
        .contains("PUMP-0001")
        .contains("Ward-A")
        .contains("1 (50 %)")
        .contains("Notifications (e-mail or signed webhook to the site's subscribers):")
        .contains("Ward-A → biomed@hospital.example: pending")
        .contains("Ward-A → https://soc.hospital.example/primum: pending");
    CliRun again = CliRun.of("rollout", "pause", "--data", d, "--id", "1");
    assertThat(again.exit()).isEqualTo(1);
    assertThat(again.err()).contains("rollout 1 is PAUSED; only a RUNNING rollout can be paused");
    assertThat(CliRun.of("rollout", "resume", "--data", d, "--id", "1").exit()).isZero();
    assertThat(CliRun.of("rollout", "abort", "--data", d, "--id", "1", "--reason", "bad").exit())
        .isZero();
    assertThat(CliRun.of("rollout", "status", "--data", d, "--id", "1").out())
        .contains("ABORTED")
        .contains("ENDED: aborted by cli:");
    assertThat(CliRun.of("rollout", "status", "--data", d, "--id", "7").exit()).isEqualTo(1);
  }
}
