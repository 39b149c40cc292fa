package org.primum.device.identity;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.primum.core.crypto.CertificateRequests;
import org.primum.core.crypto.Certificates;
import org.primum.core.crypto.EcKeyPair;
import org.primum.core.crypto.EstMessages;
import org.primum.core.crypto.Pem;
import org.primum.core.formats.EnrollmentTokens;
import org.primum.device.link.HubLink;

/**
 * Enrollment over Secure Transport (RFC 7030) as the device does it: a fresh key pair generated
 * here, a PKCS#10 request, HTTP Basic authentication with the one-time token (RFC 7030 §3.2.3) on
 * the first enrollment, and the current certificate (mutual TLS) on re-enrollment.
 *
 * <p>Security guarantees: the private key never leaves the device; the issued certificate is
 * accepted only if the pinned hub CA signed it, it certifies our key, names our serial, and is
 * valid for TLS client authentication.
 */
public final class EstClient {
  static final String SIMPLE_ENROLL = "/.well-known/est/simpleenroll";
  static final String SIMPLE_REENROLL = "/.well-known/est/simplereenroll";
  private static final String CLIENT_AUTH_OID = "1.3.6.1.5.5.7.3.2";

  private final URI hub;
  private final X509Certificate pinnedCa;
  private final SecureRandom random;
  private final Clock clock;
  private final Duration timeout;

  public EstClient(
      URI hub, X509Certificate pinnedCa, SecureRandom random, Clock clock, Duration timeout) {
    this.hub = Objects.requireNonNull(hub, "hub");
    this.pinnedCa = Objects.requireNonNull(pinnedCa, "pinnedCa");
    this.random = Objects.requireNonNull(random, "random");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.timeout = Objects.requireNonNull(timeout, "timeout");
  }

  /** First enrollment with a one-time token. */
  public DeviceIdentity enroll(EnrollmentTokens.Token token) throws EnrollmentRefused, IOException {
    HubLink link =
        HubLink.create(hub, pinnedCa, Optional.empty(), random, timeout, Optional.empty());
    String basic =
        Base64.getEncoder()
            .encodeToString(
                (token.serial() + ":" + token.secret()).getBytes(StandardCharsets.UTF_8));
    return request(link, SIMPLE_ENROLL, token.serial(), Map.of("Authorization", "Basic " + basic));
  }

  /** Re-enrollment before expiry: a new key, authenticated by the current certificate. */
  public DeviceIdentity reenroll(DeviceIdentity current) throws EnrollmentRefused, IOException {
    HubLink link =
        HubLink.create(
            hub, pinnedCa, Optional.of(current.tlsIdentity()), random, timeout, Optional.empty());
    return request(link, SIMPLE_REENROLL, current.serial(), Map.of());
  }

  private DeviceIdentity request(
      HubLink link, String path, String serial, Map<String, String> headers)
      throws EnrollmentRefused, IOException {
    EcKeyPair keyPair = EcKeyPair.generate(random);
    String csr = CertificateRequests.create(keyPair, serial);
    HubLink.Response response =
        link.post(path, "application/pkcs10", csr.getBytes(StandardCharsets.US_ASCII), headers);
    if (!response.isSuccess()) {
      throw new EnrollmentRefused(
          response.status(),
          "the hub refused "
              + path
              + " (HTTP "
              + response.status()
              + "): "
              + response.bodyText().strip());
    }
    X509Certificate certificate;
    try {
      List<X509Certificate> certificates = EstMessages.parseCertsOnly(response.bodyText());
      certificate = certificates.get(0);
    } catch (Pem.PemRejection e) {
      throw new EnrollmentRefused(0, "the hub's answer is not a certificate: " + e.getMessage());
    }
    check(certificate, keyPair, serial);
    return new DeviceIdentity(serial, keyPair, certificate, pinnedCa);
  }

  private void check(X509Certificate certificate, EcKeyPair keyPair, String serial)
      throws EnrollmentRefused {
    try {
      certificate.verify(pinnedCa.getPublicKey());
      certificate.checkValidity(java.util.Date.from(clock.instant()));
    } catch (GeneralSecurityException e) {
      throw new EnrollmentRefused(
          0, "the issued certificate is not valid under the pinned hub CA: " + e.getMessage());
    }
    if (!certificate.getPublicKey().equals(keyPair.publicKey())) {
      throw new EnrollmentRefused(0, "the issued certificate certifies another key");
    }
    if (!serial.equals(Certificates.subjectCommonName(certificate))) {
      throw new EnrollmentRefused(
          0,
          "the issued certificate names "
              + Certificates.subjectCommonName(certificate)
              + ", expected "
              + serial);
    }
    try {
      List<String> usages = certificate.getExtendedKeyUsage();
      if (usages == null || !usages.contains(CLIENT_AUTH_OID)) {
        throw new EnrollmentRefused(
            0, "the issued certificate is not for TLS client authentication");
      }
    } catch (CertificateParsingException e) {
      throw new EnrollmentRefused(0, "the issued certificate's key usage is unreadable");
    }
  }
}
