package org.primum.device.identity;

import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.primum.core.crypto.Certificates;
import org.primum.core.crypto.EcKeyPair;
import org.primum.core.crypto.TlsContexts;
import org.primum.core.formats.Serials;

/**
 * Who this device is: its serial, its own key pair (generated on the device, never sent anywhere),
 * the certificate the hub issued for that key, and the hub CA it pins.
 *
 * <p>Security guarantees: the certificate must match the key and name the serial; the private key
 * is reachable only through {@link EcKeyPair#privateKey}.
 */
public record DeviceIdentity(
    String serial, EcKeyPair keyPair, X509Certificate certificate, X509Certificate hubCa) {
  public DeviceIdentity {
    Serials.require(serial);
    Objects.requireNonNull(keyPair, "keyPair");
    Objects.requireNonNull(certificate, "certificate");
    Objects.requireNonNull(hubCa, "hubCa");
    if (!certificate.getPublicKey().equals(keyPair.publicKey())) {
      throw new IllegalArgumentException("the device certificate does not match the device key");
    }
    if (!serial.equals(Certificates.subjectCommonName(certificate))) {
      throw new IllegalArgumentException(
          "the device certificate names "
              + Certificates.subjectCommonName(certificate)
              + ", not "
              + serial);
    }
  }

  /** The TLS client identity: key and chain (leaf, then the hub CA). */
  public TlsContexts.Identity tlsIdentity() {
    return new TlsContexts.Identity(keyPair, List.of(certificate, hubCa));
  }

  /** Whether two thirds of the certificate's lifetime have passed at {@code now}. */
  public boolean renewalDue(Instant now) {
    return Certificates.renewalDue(certificate, now);
  }

  /** SHA-256 of the certificate, as the hub names it. */
  public String certificateFingerprint() {
    return Certificates.fingerprint(certificate);
  }

  @Override
  public String toString() {
    return "DeviceIdentity[" + serial + ", certificate sha256:" + certificateFingerprint() + "]";
  }
}
