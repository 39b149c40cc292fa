package org.primum.device.identity;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;
import org.primum.core.crypto.Certificates;
import org.primum.core.crypto.Pem;
import org.primum.core.crypto.SecretAccess;
import org.primum.core.files.SecureFiles;

/**
 * Keeps a device's identity in its data directory: {@code identity/device.pem} (mode 0600: the
 * private key and its certificate together) and {@code identity/hub-ca.pem} (the pinned hub CA).
 *
 * <p>Key and certificate live in one file written atomically, so a power cut during enrollment or
 * renewal leaves the old identity or the new one, never a key without its certificate.
 */
public final class IdentityStore {
  private final Path dir;

  public IdentityStore(Path dataDir) {
    this.dir = dataDir.resolve("identity");
  }

  public Path directory() {
    return dir;
  }

  /** The stored identity, if this device has enrolled. */
  public Optional<DeviceIdentity> load() throws IOException {
    Path file = dir.resolve("device.pem");
    if (!Files.exists(file)) {
      return Optional.empty();
    }
    X509Certificate hubCa =
        hubCa().orElseThrow(() -> new IOException("the identity in " + dir + " has no hub CA"));
    try {
      Pem.KeyAndCertificates stored =
          Pem.parseKeyAndCertificates(
              new String(SecureFiles.readSecret(file), StandardCharsets.US_ASCII), true);
      X509Certificate certificate = stored.certificates().get(0);
      return Optional.of(
          new DeviceIdentity(
              Certificates.subjectCommonName(certificate), stored.keyPair(), certificate, hubCa));
    } catch (Pem.PemRejection | IllegalArgumentException e) {
      throw new IOException("the stored identity in " + dir + " is damaged: " + e.getMessage(), e);
    }
  }

  /** The pinned hub CA, if provisioned. */
  public Optional<X509Certificate> hubCa() throws IOException {
    Path file = dir.resolve("hub-ca.pem");
    if (!Files.exists(file)) {
      return Optional.empty();
    }
    try {
      return Optional.of(Pem.parseCertificate(Files.readString(file)));
    } catch (Pem.PemRejection e) {
      throw new IOException("the pinned hub CA in " + file + " is damaged: " + e.getMessage(), e);
    }
  }

  /** Saves the pinned hub CA (provisioning). */
  public void saveHubCa(X509Certificate hubCa) throws IOException {
    SecureFiles.ownerOnlyDirectory(dir);
    SecureFiles.writePublic(
        dir.resolve("hub-ca.pem"), Pem.certificate(hubCa).getBytes(StandardCharsets.US_ASCII));
  }

  /** Saves {@code identity} atomically, replacing any earlier one. */
  public void save(DeviceIdentity identity) throws IOException {
    SecureFiles.ownerOnlyDirectory(dir);
    if (!hubCa().map(identity.hubCa()::equals).orElse(false)) {
      saveHubCa(identity.hubCa());
    }
    SecureFiles.writeSecret(
        dir.resolve("device.pem"),
        Pem.keyAndCertificates(
                identity.keyPair(), List.of(identity.certificate()), SecretAccess.insecure())
            .getBytes(StandardCharsets.US_ASCII));
  }
}
