package org.primum.hub.disclosure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.primum.core.files.SecureFiles;
import org.primum.testing.FakeClock;

/** The hub's disclosure OpenPGP key: created once, published, decrypting what finders send. */
class DisclosureKeysTest {
  @TempDir Path dir;
  private final FakeClock clock = new FakeClock(Instant.parse("2026-11-23T10:00:00Z"));

  private DisclosureKeys keys() throws Exception {
    return DisclosureKeys.loadOrCreate(
        dir, "Hub <security@example.org>", clock, new SecureRandom());
  }

  @Test
  void key_isCreatedOnce_ownerOnly_andLoadedAgain() throws Exception {
    DisclosureKeys first = keys();
    Path file = dir.resolve("keys/disclosure-openpgp.key");
    assertThat(SecureFiles.isOwnerOnly(file)).isTrue();
    assertThat(first.fingerprint()).matches("[0-9A-F]{40}");
    assertThat(first.armoredPublicKey())
        .startsWith("-----BEGIN PGP PUBLIC KEY BLOCK-----")
        .doesNotContain("PRIVATE");
    assertThat(keys().fingerprint()).isEqualTo(first.fingerprint());
  }

  @Test
  void damagedKeyFile_isRefused_notReplaced() throws Exception {
    keys();
    Path file = dir.resolve("keys/disclosure-openpgp.key");
    SecureFiles.writeSecret(file, "garbage".getBytes(StandardCharsets.US_ASCII));
    assertThatThrownBy(this::keys).hasMessageContaining("is damaged");
  }

  @Test
  void messageEncryptedToTheKey_isDecrypted() throws Exception {
    DisclosureKeys keys = keys();
    String text = "Heap overflow in the HL7 parser — détails inside.\nLine 2";
    String armored = OpenPgpForTests.encrypt(keys.armoredPublicKey(), text, true);
    assertThat(keys.decrypt(armored, 1000)).isEqualTo(text);
  }

  @Test
  void garbageOtherKeysAndUnprotectedMessages_areRefused_withAReason() throws Exception {
    DisclosureKeys keys = keys();
    assertThatThrownBy(
            () ->
                keys.decrypt(
                    "-----BEGIN PGP MESSAGE-----\n\nnot base64 !!\n-----END PGP MESSAGE-----\n",
                    1000))
        .isInstanceOf(DisclosureRefusal.class)
        .hasMessageStartingWith(
            "expected an ASCII-armoured OpenPGP message encrypted to the hub's disclosure key;");
    assertThatThrownBy(() -> keys.decrypt("hello", 1000)).isInstanceOf(DisclosureRefusal.class);
    DisclosureKeys other =
        DisclosureKeys.loadOrCreate(dir.resolve("other"), "Other", clock, new SecureRandom());
    String toOther = OpenPgpForTests.encrypt(other.armoredPublicKey(), "secret", true);
    assertThatThrownBy(() -> keys.decrypt(toOther, 1000))
        .hasMessageContaining("not to this hub's disclosure key " + keys.fingerprint());
    String unprotected = OpenPgpForTests.encrypt(keys.armoredPublicKey(), "secret", false);
    assertThatThrownBy(() -> keys.decrypt(unprotected, 1000))
        .hasMessageContaining("not integrity-protected");
    String tooLong = OpenPgpForTests.encrypt(keys.armoredPublicKey(), "x".repeat(50), true);
    assertThatThrownBy(() -> keys.decrypt(tooLong, 10))
        .isInstanceOf(DisclosureRefusal.class)
        .hasMessageContaining("at most 10 characters");
  }

  @Test
  void gnuPg_encryptsToThePublishedKey_andVerifiesTheSignedSecurityTxt() throws Exception {
    OpenPgpForTests.Gpg gpg = new OpenPgpForTests.Gpg(dir);
    try {
      // GnuPG checks times against its own clock: a key or signature from the future is invalid.
      FakeClock now = FakeClock.startingNow();
      DisclosureKeys keys =
          DisclosureKeys.loadOrCreate(dir, "Hub <security@example.org>", now, new SecureRandom());
      OpenPgpForTests.Result imported =
          gpg.run(keys.armoredPublicKey().getBytes(StandardCharsets.US_ASCII), "--import");
      assertThat(imported.exit()).as(imported.output()).isZero();
      OpenPgpForTests.Result encrypted =
          gpg.run(
              "Pump firmware accepts unsigned images.\n".getBytes(StandardCharsets.UTF_8),
              "--trust-model",
              "always",
              "--armor",
              "--encrypt",
              "--recipient",
              keys.fingerprint());
      assertThat(encrypted.exit()).as(encrypted.output()).isZero();
      String armored =
          encrypted.output().substring(encrypted.output().indexOf(DisclosureKeys.ARMOR_HEADER));
      assertThat(keys.decrypt(armored, 1000)).isEqualTo("Pump firmware accepts unsigned images.\n");

      DisclosureSettings settings = DisclosureSettings.defaults(() -> "https://hub.example.org");
      String signed = new SecurityTxt(settings, keys, now).signed();
      Path file = dir.resolve("security.txt");
      Files.writeString(file, signed);
      OpenPgpForTests.Result verified = gpg.run(new byte[0], "--verify", file.toString());
      assertThat(verified.exit()).as(verified.output()).isZero();
      assertThat(verified.output()).contains("Good signature");
    } finally {
      gpg.close();
    }
  }
}
