package org.primum.core.crypto;

import java.io.ByteArrayInputStream;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;

/** Small, total functions over X.509 certificates. */
public final class Certificates {
  private Certificates() {}

  /** Lower-case hex SHA-256 of the DER certificate: the name the hub stores it under. */
  public static String fingerprint(X509Certificate certificate) {
    try {
      return Hashes.sha256Hex(certificate.getEncoded());
    } catch (CertificateEncodingException e) {
      throw new IllegalArgumentException("certificate cannot be encoded", e);
    }
  }

  /** The single common name of the subject, or empty text when there is none. */
  public static String subjectCommonName(X509Certificate certificate) {
    try {
      X500Name subject = new JcaX509CertificateHolder(certificate).getSubject();
      return commonName(subject);
    } catch (CertificateEncodingException e) {
      throw new IllegalArgumentException("certificate cannot be encoded", e);
    }
  }

  static String commonName(X500Name name) {
    RDN[] cns = name.getRDNs(BCStyle.CN);
    if (cns.length != 1) {
      return "";
    }
    return IETFUtils.valueToString(cns[0].getFirst().getValue());
  }

  /** Serial number in lower-case hex. */
  public static String serialHex(X509Certificate certificate) {
    return certificate.getSerialNumber().toString(16);
  }

  /** Whether {@code now} is at or past the point where two thirds of the lifetime have elapsed. */
  public static boolean renewalDue(X509Certificate certificate, Instant now) {
    Instant notBefore = certificate.getNotBefore().toInstant();
    Instant notAfter = certificate.getNotAfter().toInstant();
    Duration lifetime = Duration.between(notBefore, notAfter);
    return !now.isBefore(notBefore.plus(lifetime.multipliedBy(2).dividedBy(3)));
  }

  /** Parses one DER certificate. */
  public static X509Certificate fromDer(byte[] der) throws Pem.PemRejection {
    try {
      return (X509Certificate)
          CertificateFactory.getInstance("X.509")
              .generateCertificate(new ByteArrayInputStream(der));
    } catch (CertificateException | RuntimeException e) {
      throw new Pem.PemRejection("unreadable DER certificate: " + e.getMessage());
    }
  }
}
