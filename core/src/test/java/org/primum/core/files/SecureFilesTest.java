package org.primum.core.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecureFilesTest {
  @TempDir Path dir;

  @Test
  void writeSecret_createsOwnerOnlyFile() throws IOException {
    Path file = dir.resolve("key.pem");
    SecureFiles.writeSecret(file, new byte[] {1, 2, 3});
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");
    assertThat(SecureFiles.readSecret(file)).containsExactly(1, 2, 3);
  }

  @Test
  void writeSecret_replacesAtomically_leavingNoTemporaryFile() throws IOException {
    Path file = dir.resolve("key.pem");
    SecureFiles.writeSecret(file, new byte[] {1});
    SecureFiles.writeSecret(file, new byte[] {2});
    assertThat(Files.readAllBytes(file)).containsExactly(2);
    try (var files = Files.list(dir)) {
      assertThat(files).containsExactly(file);
    }
  }

  @Test
  void readSecret_worldReadableFile_isRefused() throws IOException {
    Path file = dir.resolve("key.pem");
    Files.write(file, new byte[] {1});
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
    assertThatThrownBy(() -> SecureFiles.readSecret(file))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("chmod 600");
  }

  @Test
  void ownerOnlyDirectory_tightensPermissions() throws IOException {
    Path sub = dir.resolve("keys");
    Files.createDirectory(
        sub, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
    SecureFiles.ownerOnlyDirectory(sub);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(sub)))
        .isEqualTo("rwx------");
  }
}
