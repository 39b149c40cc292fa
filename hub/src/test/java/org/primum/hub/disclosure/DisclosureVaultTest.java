package org.primum.hub.disclosure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.primum.core.files.SecureFiles;

/** Attachments at rest: AES-256-GCM, random names, nothing in the clear, tampering detected. */
class DisclosureVaultTest {
  @TempDir Path dir;

  @Test
  void attachment_isStoredEncrypted_underARandomName_andReadBack() throws Exception {
    AttachmentVault vault = AttachmentVault.open(dir, new SecureRandom());
    byte[] clear =
        "PUMP-0001 crashes on packet 4711 — proof of concept".getBytes(StandardCharsets.UTF_8);
    String id = vault.write(clear);
    String again = vault.write(clear);
    assertThat(id).matches("[0-9a-f]{32}").isNotEqualTo(again);
    Path file = vault.directory().resolve(id + ".sealed");
    byte[] onDisk = Files.readAllBytes(file);
    assertThat(new String(onDisk, StandardCharsets.ISO_8859_1)).doesNotContain("proof of concept");
    // Same clear text, different nonce: different files.
    assertThat(onDisk)
        .isNotEqualTo(Files.readAllBytes(vault.directory().resolve(again + ".sealed")));
    assertThat(SecureFiles.isOwnerOnly(file)).isTrue();
    assertThat(SecureFiles.isOwnerOnly(dir.resolve("keys/disclosure-attachments.key"))).isTrue();
    assertThat(vault.read(id)).isEqualTo(clear);
    assertThat(AttachmentVault.open(dir, new SecureRandom()).read(id)).isEqualTo(clear);
  }

  @Test
  void alteredOrSwappedFiles_failAuthentication() throws Exception {
    AttachmentVault vault = AttachmentVault.open(dir, new SecureRandom());
    String a = vault.write("first".getBytes(StandardCharsets.UTF_8));
    String b = vault.write("second".getBytes(StandardCharsets.UTF_8));
    Path fileA = vault.directory().resolve(a + ".sealed");
    byte[] bytes = Files.readAllBytes(fileA);
    bytes[bytes.length - 1] ^= 1;
    SecureFiles.writeSecret(fileA, bytes);
    assertThatThrownBy(() -> vault.read(a)).hasMessageContaining("failed authentication");
    // A file moved to another id does not decrypt: the id is bound as associated data.
    SecureFiles.writeSecret(fileA, Files.readAllBytes(vault.directory().resolve(b + ".sealed")));
    assertThatThrownBy(() -> vault.read(a)).hasMessageContaining("failed authentication");
    assertThatThrownBy(() -> vault.read("../../keys/disclosure-attachments"))
        .isInstanceOf(IllegalArgumentException.class);
    vault.delete(b);
    assertThat(vault.directory().resolve(b + ".sealed")).doesNotExist();
  }
}
