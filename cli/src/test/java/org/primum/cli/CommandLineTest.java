package org.primum.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The primum command as a user types it: help, usage errors, and the hub-side admin commands. */
class CommandLineTest {
  @TempDir Path dir;

  private record Run(int exit, String out, String err) {}

  private static synchronized Run run(String... args) {
    PrintStream oldOut = System.out;
    PrintStream oldErr = System.err;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    try {
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
      int exit = Primum.run(args);
      return new Run(
          exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(oldOut);
      System.setErr(oldErr);
    }
  }

  @Test
  void help_listsEveryCommand() {
    Run help = run("--help");
    assertThat(help.exit()).isZero();
    assertThat(help.out()).contains("demo", "hub", "enroll-token", "pump", "user");
  }

  @Test
  void unknownOption_isAUsageErrorWithoutStackTrace() {
    Run bad = run("hub", "--no-such-option");
    assertThat(bad.exit()).isEqualTo(2);
    assertThat(bad.err()).contains("Unknown option").doesNotContain("at org.");
  }

  @Test
  void enrollToken_printsATokenAndThePumpCommand() throws Exception {
    Path data = dir.resolve("data");
    Run token = run("enroll-token", "--serial", "PUMP-0042", "--data", data.toString());
    assertThat(token.exit()).as(token.err()).isZero();
    assertThat(token.out().strip()).matches("PUMP-0042\\.[A-Za-z0-9_-]{43}");
    assertThat(token.err()).contains("primum pump --hub https://localhost:8443 --token PUMP-0042.");
    assertThat(Files.exists(data.resolve("hub-ca.pem"))).isTrue();
  }

  @Test
  void enrollToken_badSerial_failsWithTheRule() {
    Run bad =
        run("enroll-token", "--serial", "bad serial!", "--data", dir.resolve("data").toString());
    assertThat(bad.exit()).isEqualTo(1);
    assertThat(bad.err()).contains("serial number is 1-64").doesNotContain("at org.");
  }

  @Test
  void userCommands_createAndResetPasswords() {
    Path data = dir.resolve("data");
    Run created =
        run("user", "create", "alice", "--role", "security_analyst", "--data", data.toString());
    assertThat(created.exit()).as(created.err()).isZero();
    assertThat(created.out()).contains("Created alice (Security analyst)");
    Run reset = run("user", "reset-password", "alice", "--data", data.toString());
    assertThat(reset.exit()).isZero();
    assertThat(reset.out())
        .matches("(?s)New password for alice \\(shown once\\): [A-Za-z0-9]{20}\\s*");
    Run unknownRole = run("user", "create", "bob", "--role", "root", "--data", data.toString());
    assertThat(unknownRole.exit()).isEqualTo(1);
    assertThat(unknownRole.err()).contains("unknown role");
  }

  @Test
  void pump_withoutEnrollmentMaterial_explainsWhatIsMissing() {
    Run missing =
        run("pump", "--hub", "https://localhost:1", "--data", dir.resolve("pump").toString());
    assertThat(missing.exit()).isEqualTo(1);
    assertThat(missing.err()).contains("no hub CA was provisioned");
    Run badToken =
        run(
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
