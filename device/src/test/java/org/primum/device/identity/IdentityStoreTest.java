package org.primum.device.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.primum.core.crypto.CertificateAuthority;
import org.primum.core.crypto.EcKeyPair;

class IdentityStoreTest {
  @TempDir Path dir;
  private final SecureRandom random = new SecureRandom();
  private final Instant now = Instant.now();
  private final CertificateAuthority ca =
      CertificateAuthority.create(
          "CA", random, now.minusSeconds(60), now.plus(Duration.ofDays(10)));

  private DeviceIdentity identity(String serial) {
    EcKeyPair key = EcKeyPair.generate(random);
    return new DeviceIdentity(
        serial,
        key,
        ca.issueClient(serial, key.publicKey(), now, now.plus(Duration.ofDays(1))),
        ca.certificate());
  }

  @Test
  void load_afterSave_returnsTheSameIdentity() throws IOException {
    IdentityStore store = new IdentityStore(dir);
    assertThat(store.load()).isEmpty();
    DeviceIdentity saved = identity("PUMP-0001");
    store.save(saved);
    DeviceIdentity loaded = store.load().orElseThrow();
    assertThat(loaded.serial()).isEqualTo("PUMP-0001");
    assertThat(loaded.certificate()).isEqualTo(saved.certificate());
    assertThat(loaded.keyPair().publicKey()).isEqualTo(saved.keyPair().publicKey());
    assertThat(loaded.hubCa()).isEqualTo(ca.certificate());
  }

  @Test
  void save_keyFileIsOwnerOnly() throws IOException {
    IdentityStore store = new IdentityStore(dir);
    store.save(identity("PUMP-0001"));
    assertThat(
            PosixFilePermissions.toString(
                Files.getPosixFilePermissions(store.directory().resolve("device.pem"))))
        .isEqualTo("rw-------");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(store.directory())))
        .isEqualTo("rwx------");
  }

  @Test
  void load_damagedFile_isReportedNotIgnored() throws IOException {
    IdentityStore store = new IdentityStore(dir);
    store.save(identity("PUMP-0001"));
    Files.writeString(store.directory().resolve("device.pem"), "garbage");
    assertThatThrownBy(store::load).isInstanceOf(IOException.class).hasMessageContaining("damaged");
  }

  @Test
  void identity_certificateForAnotherKey_isRefused() {
    DeviceIdentity a = identity("PUMP-0001");
    EcKeyPair other = EcKeyPair.generate(random);
    assertThatThrownBy(
            () -> new DeviceIdentity("PUMP-0001", other, a.certificate(), ca.certificate()))
        .hasMessageContaining("does not match");
    assertThatThrownBy(
            () -> new DeviceIdentity("PUMP-0002", a.keyPair(), a.certificate(), ca.certificate()))
        .hasMessageContaining("names PUMP-0001");
  }
}
