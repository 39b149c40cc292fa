package org.primum.core.crypto;

import java.math.BigInteger;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * An ECDSA P-256 certificate authority: the hub's device CA, which also certifies the hub's own TLS
 * key.
 *
 * <p>Security guarantees: device certificates carry only the clientAuth extended key usage and the
 * hub certificate only serverAuth, so neither can stand in for the other; serial numbers are 128
 * random bits; the CA certificate is limited to path length 0 (it cannot create sub-CAs).
 */
public final class CertificateAuthority {
  private final EcKeyPair keyPair;
  private final X509Certificate certificate;
  private final SecureRandom random;

  private CertificateAuthority(
      EcKeyPair keyPair, X509Certificate certificate, SecureRandom random) {
    this.keyPair = Objects.requireNonNull(keyPair, "keyPair");
    this.certificate = Objects.requireNonNull(certificate, "certificate");
    this.random = Objects.requireNonNull(random, "random");
    if (!certificate.getPublicKey().equals(keyPair.publicKey())) {
      throw new IllegalArgumentException("the CA certificate does not match the CA key");
    }
  }

  /** Creates a new CA with a fresh key and a self-signed certificate. */
  public static CertificateAuthority create(
      String name, SecureRandom random, Instant notBefore, Instant notAfter) {
    EcKeyPair keyPair = EcKeyPair.generate(random);
    JcaX509v3CertificateBuilder builder =
        selfSignedBuilder(name, keyPair, notBefore, notAfter, random);
    try {
      JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
      builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
      builder.addExtension(
          Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
      builder.addExtension(
          Extension.subjectKeyIdentifier,
          false,
          utils.createSubjectKeyIdentifier(keyPair.publicKey()));
    } catch (CertIOException | java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("cannot build the CA certificate", e);
    }
    return new CertificateAuthority(keyPair, sign(builder, keyPair), random);
  }

  /** Wraps an existing CA key and certificate. */
  public static CertificateAuthority of(
      EcKeyPair keyPair, X509Certificate certificate, SecureRandom random) {
    return new CertificateAuthority(keyPair, certificate, random);
  }

  public X509Certificate certificate() {
    return certificate;
  }

  public EcKeyPair keyPair() {
    return keyPair;
  }

  /** Issues a TLS client certificate (clientAuth only) naming {@code commonName}. */
  public X509Certificate issueClient(
      String commonName, PublicKey subjectKey, Instant notBefore, Instant notAfter) {
    return issue(
        commonName,
        subjectKey,
        notBefore,
        notAfter,
        KeyPurposeId.id_kp_clientAuth,
        List.of(new GeneralName(GeneralName.uniformResourceIdentifier, deviceUri(commonName))));
  }

  /** Issues a TLS server certificate (serverAuth only) for the given DNS names and IP addresses. */
  public X509Certificate issueServer(
      String commonName,
      List<String> dnsNames,
      List<String> ipAddresses,
      PublicKey subjectKey,
      Instant notBefore,
      Instant notAfter) {
    return issue(
        commonName,
        subjectKey,
        notBefore,
        notAfter,
        KeyPurposeId.id_kp_serverAuth,
        subjectAltNames(dnsNames, ipAddresses));
  }

  /**
   * A self-signed server certificate that no CA vouches for; exists so tests can prove that clients
   * refuse it.
   */
  public static X509Certificate selfSignedServer(
      EcKeyPair keyPair,
      String commonName,
      List<String> dnsNames,
      Instant notBefore,
      Instant notAfter,
      SecureRandom random) {
    JcaX509v3CertificateBuilder builder =
        selfSignedBuilder(commonName, keyPair, notBefore, notAfter, random);
    try {
      builder.addExtension(
          Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
      builder.addExtension(
          Extension.subjectAlternativeName,
          false,
          new GeneralNames(subjectAltNames(dnsNames, List.of()).toArray(GeneralName[]::new)));
    } catch (CertIOException e) {
      throw new IllegalStateException(e);
    }
    return sign(builder, keyPair);
  }

  private static JcaX509v3CertificateBuilder selfSignedBuilder(
      String commonName,
      EcKeyPair keyPair,
      Instant notBefore,
      Instant notAfter,
      SecureRandom random) {
    X500Name subject = name(commonName);
    return new JcaX509v3CertificateBuilder(
        subject,
        serial(random),
        Date.from(notBefore),
        Date.from(notAfter),
        subject,
        keyPair.publicKey());
  }

  /** The URI subject alternative name of a device certificate. */
  public static String deviceUri(String serial) {
    return "urn:primum:device:" + serial;
  }

  private X509Certificate issue(
      String commonName,
      PublicKey subjectKey,
      Instant notBefore,
      Instant notAfter,
      KeyPurposeId purpose,
      List<GeneralName> altNames) {
    JcaX509v3CertificateBuilder builder =
        new JcaX509v3CertificateBuilder(
            certificate,
            serial(random),
            Date.from(notBefore),
            Date.from(notAfter),
            name(commonName),
            subjectKey);
    try {
      JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
      builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
      builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
      builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purpose));
      builder.addExtension(
          Extension.subjectKeyIdentifier, false, utils.createSubjectKeyIdentifier(subjectKey));
      builder.addExtension(
          Extension.authorityKeyIdentifier, false, utils.createAuthorityKeyIdentifier(certificate));
      if (!altNames.isEmpty()) {
        builder.addExtension(
            Extension.subjectAlternativeName,
            false,
            new GeneralNames(altNames.toArray(GeneralName[]::new)));
      }
    } catch (CertIOException
        | java.security.NoSuchAlgorithmException
        | java.security.cert.CertificateEncodingException e) {
      throw new IllegalStateException("cannot build the certificate", e);
    }
    return sign(builder, keyPair);
  }

  private static List<GeneralName> subjectAltNames(
      List<String> dnsNames, List<String> ipAddresses) {
    List<GeneralName> names = new ArrayList<>();
    dnsNames.forEach(dns -> names.add(new GeneralName(GeneralName.dNSName, dns)));
    ipAddresses.forEach(ip -> names.add(new GeneralName(GeneralName.iPAddress, ip)));
    return names;
  }

  private static X500Name name(String commonName) {
    return new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, commonName).build();
  }

  private static BigInteger serial(SecureRandom random) {
    byte[] bytes = new byte[16];
    random.nextBytes(bytes);
    bytes[0] &= 0x7f; // RFC 5280 §4.1.2.2: positive, at most 20 octets.
    bytes[0] |= 0x40; // and never so short that it could collide with small counters.
    return new BigInteger(1, bytes);
  }

  private static X509Certificate sign(X509v3CertificateBuilder builder, EcKeyPair signer) {
    try {
      return new JcaX509CertificateConverter()
          .getCertificate(
              builder.build(
                  new JcaContentSignerBuilder("SHA256withECDSA")
                      .build(signer.privateKey(SecretAccess.insecure()))));
    } catch (OperatorCreationException | CertificateException e) {
      throw new IllegalStateException("cannot sign the certificate", e);
    }
  }
}
