package org.primum.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.primum.pump.druglib.DrugLibrary;

/**
 * The pharmacy's path as typed: three pharmacists make keys, two sign the library, and {@code
 * primum druglib verify} accepts it as a pump would — and refuses one signature, a tampered copy
 * and a library for another device type.
 */
class DrugLibCommandTest {
  @TempDir Path dir;

  @Test
  void keygenSignCosignVerify_andEveryRefusalNamesWhy() throws Exception {
    StringBuilder trust = new StringBuilder("2\n");
    for (String who : new String[] {"alice", "bob", "carol"}) {
      CliRun keygen =
          CliRun.of(
              "druglib",
              "keygen",
              "--name",
              "pharmacy.example/" + who,
              "--out",
              dir.resolve(who + ".pem").toString());
      assertThat(keygen.exit()).as(keygen.err()).isZero();
      assertThat(keygen.out()).startsWith("pharmacy.example/" + who + "+");
      trust.append(keygen.out().strip()).append('\n');
    }
    assertThat(
            CliRun.of(
                    "druglib",
                    "keygen",
                    "--name",
                    "x",
                    "--out",
                    dir.resolve("alice.pem").toString())
                .exit())
        .isEqualTo(2);
    Path keys = Files.writeString(dir.resolve("pharmacy-keys"), trust);
    Path json = Files.write(dir.resolve("library.json"), DrugLibrary.demo().canonicalJson());
    Path once = dir.resolve("library.once.note");
    Path twice = dir.resolve("library.note");

    CliRun sign =
        CliRun.of(
            "druglib",
            "sign",
            json.toString(),
            "--key",
            dir.resolve("alice.pem").toString(),
            "--name",
            "pharmacy.example/alice",
            "--out",
            once.toString());
    assertThat(sign.exit()).as(sign.err()).isZero();
    CliRun one =
        CliRun.of("druglib", "verify", once.toString(), "--pharmacy-keys", keys.toString());
    assertThat(one.exit()).isEqualTo(1);
    assertThat(one.out()).contains("REFUSED", "(threshold)");

    CliRun cosign =
        CliRun.of(
            "druglib",
            "sign",
            once.toString(),
            "--key",
            dir.resolve("bob.pem").toString(),
            "--name",
            "pharmacy.example/bob",
            "--out",
            twice.toString());
    assertThat(cosign.exit()).as(cosign.err()).isZero();
    assertThat(cosign.out()).contains("2 signature(s)");
    CliRun two =
        CliRun.of("druglib", "verify", twice.toString(), "--pharmacy-keys", keys.toString());
    assertThat(two.exit()).as(two.out() + two.err()).isZero();
    assertThat(two.out()).contains("VERIFIED", "version 1", "primum-rp1");

    Path tampered = dir.resolve("tampered.note");
    Files.writeString(
        tampered,
        Files.readString(twice, StandardCharsets.UTF_8)
            .replaceFirst("\"max\":(\\d)", "\"max\":9$1"));
    CliRun bad =
        CliRun.of("druglib", "verify", tampered.toString(), "--pharmacy-keys", keys.toString());
    assertThat(bad.exit()).isEqualTo(1);
    assertThat(bad.out()).contains("REFUSED");
    CliRun otherDevice =
        CliRun.of(
            "druglib",
            "verify",
            twice.toString(),
            "--pharmacy-keys",
            keys.toString(),
            "--device-type",
            "other-pump");
    assertThat(otherDevice.out()).contains("(device-type)");

    Files.writeString(dir.resolve("garbage.json"), "{\"format\":");
    CliRun garbage =
        CliRun.of(
            "druglib",
            "sign",
            dir.resolve("garbage.json").toString(),
            "--key",
            dir.resolve("alice.pem").toString(),
            "--name",
            "pharmacy.example/alice",
            "--out",
            dir.resolve("g.note").toString());
    assertThat(garbage.exit()).isEqualTo(1);
    assertThat(garbage.err()).doesNotContain("Exception");
    assertThat(Files.exists(dir.resolve("g.note"))).isFalse();
  }
}
