package org.primum.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The primum command as a user types it: help, usage errors, and the hub-side admin commands. */
class CommandLineTest {
  @TempDir Path dir;

  @Test
  void help_listsEveryCommand() {
    CliRun help = CliRun.of("--help");
    assertThat(help.exit()).isZero();
    assertThat(help.out()).contains("demo", "hub", "enroll-token", "pump", "user");
  }

  @Test
  void unknownOption_isAUsageErrorWithoutStackTrace() {
    CliRun bad = CliRun.of("hub", "--no-such-option");
    assertThat(bad.exit()).isEqualTo(2);
    assertThat(bad.err()).contains("Unknown option").doesNotContain("at org.");
  }

  @Test
  void enrollToken_printsATokenAndThePumpCommand() throws Exception {
    Path data = dir.resolve("data");
    CliRun token = CliRun.of("enroll-token", "--serial", "PUMP-0042", "--data", data.toString());
    assertThat(token.exit()).as(token.err()).isZero();
    assertThat(token.out().strip()).matches("PUMP-0042\\.[A-Za-z0-9_-]{43}");
    assertThat(token.err()).contains("primum pump --hub https://localhost:8443 --token PUMP-0042.");
    assertThat(Files.exists(data.resolve("hub-ca.pem"))).isTrue();
  }

  @Test
  void enrollToken_badSerial_failsWithTheRule() {
    CliRun bad =
        CliRun.of(
            "enroll-token", "--serial", "bad serial!", "--data", dir.resolve("data").toString());
    assertThat(bad.exit()).isEqualTo(1);
    assertThat(bad.err()).contains("serial number is 1-64").doesNotContain("at org.");
  }

  @Test
  void userCommands_createAndResetPasswords() {
    Path data = dir.resolve("data");
    CliRun created =
        CliRun.of(
            "user", "create", "alice", "--role", "security_analyst", "--data", data.toString());
    assertThat(created.exit()).as(created.err()).isZero();
    assertThat(created.out()).contains("Created alice (Security analyst)");
    CliRun reset = CliRun.of("user", "reset-password", "alice", "--data", data.toString());
    assertThat(reset.exit()).isZero();
    assertThat(reset.out())
        .matches("(?s)New password for alice \\(shown once\\): [A-Za-z0-9]{20}\\s*");
    CliRun unknownRole =
        CliRun.of("user", "create", "bob", "--role", "root", "--data", data.toString());
    assertThat(unknownRole.exit()).isEqualTo(1);
    assertThat(unknownRole.err()).contains("unknown role");
  }

  @Test
  void pump_withoutEnrollmentMaterial_explainsWhatIsMissing() {
    CliRun missing =
        CliRun.of("pump", "--hub", "https://localhost:1", "--data", dir.resolve("pump").toString());
    assertThat(missing.exit()).isEqualTo(1);
    assertThat(missing.err()).contains("no hub CA was provisioned");
    CliRun badToken =
        CliRun.of(
            "pump",
            "--hub",
            "https://localhost:1",
            "--data",
            dir.resolve("pump").toString(),
            "--token",
            "nonsense");
    assertThat(badToken.exit()).isEqualTo(1);
    assertThat(badToken.err()).contains("--token");
  }
}
