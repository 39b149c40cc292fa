package org.primum.core.crypto;

import java.io.IOException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.Objects;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.PKCSException;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;
import org.primum.core.Rejection;

/**
 * PKCS#10 certificate signing requests (RFC 2986) as EST (RFC 7030) carries them: base64 DER.
 *
 * <p>Security guarantees: {@link #parse} accepts only a request whose signature verifies with its
 * own key (proof of possession), whose key is ECDSA P-256, whose signature algorithm is
 * ecdsa-with-SHA256, and whose subject is exactly one common name.
 */
public final class CertificateRequests {
  /** Largest request accepted, in bytes of DER. A P-256 request is about 250 bytes. */
  public static final int MAX_DER_BYTES = 4096;

  private CertificateRequests() {}

  /** Builds a request for {@code commonName}, signed by {@code keyPair}: base64 DER. */
  public static String create(EcKeyPair keyPair, String commonName) {
    Objects.requireNonNull(commonName, "commonName");
    X500Name subject = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, commonName).build();
    try {
      ContentSigner signer =
          new JcaContentSignerBuilder("SHA256withECDSA")
              .build(keyPair.privateKey(SecretAccess.insecure()));
      PKCS10CertificationRequest request =
          new JcaPKCS10CertificationRequestBuilder(subject, keyPair.publicKey()).build(signer);
      return Base64.getEncoder().encodeToString(request.getEncoded());
    } catch (OperatorCreationException | IOException e) {
      throw new IllegalStateException("cannot build a certificate request", e);
    }
  }

  /**
   * Parses and checks a base64 DER request (whitespace between base64 characters is allowed, as RFC
   * 7030 §4.2.1 bodies are often line-wrapped).
   *
   * @throws CsrRejection naming the first check that failed
   */
  public static ValidatedRequest parse(String base64) throws CsrRejection {
    String compact = base64 == null ? "" : base64.replaceAll("\\s+", "");
    if (compact.isEmpty()) {
      throw new CsrRejection("csr-empty", "expected a base64 PKCS#10 request, found an empty body");
    }
    byte[] der;
    try {
      der = Base64.getDecoder().decode(compact);
    } catch (IllegalArgumentException e) {
      throw new CsrRejection("csr-encoding", "expected base64 DER, found invalid base64");
    }
    if (der.length > MAX_DER_BYTES) {
      throw new CsrRejection(
          "csr-size",
          String.format(
              java.util.Locale.ROOT,
              "expected at most %d bytes of DER, found %d",
              MAX_DER_BYTES,
              der.length));
    }
    PKCS10CertificationRequest request;
    try {
      request = new PKCS10CertificationRequest(der);
    } catch (IOException | RuntimeException e) {
      throw new CsrRejection("csr-encoding", "expected a PKCS#10 request, found unreadable DER");
    }
    SubjectPublicKeyInfo keyInfo = request.getSubjectPublicKeyInfo();
    if (!X9ObjectIdentifiers.id_ecPublicKey.equals(keyInfo.getAlgorithm().getAlgorithm())) {
      throw new CsrRejection(
          "csr-key-type",
          "expected an ECDSA P-256 key, found key algorithm "
              + keyName(keyInfo.getAlgorithm().getAlgorithm()));
    }
    Object curve = keyInfo.getAlgorithm().getParameters();
    if (!SECObjectIdentifiers.secp256r1.equals(curve)) {
      throw new CsrRejection(
          "csr-key-type", "expected an ECDSA P-256 key, found another curve (" + curve + ")");
    }
    // RFC 2986 §4.2: the request is signed by the private key matching the subject public key.
    ASN1ObjectIdentifier signatureAlgorithm = request.getSignatureAlgorithm().getAlgorithm();
    if (!X9ObjectIdentifiers.ecdsa_with_SHA256.equals(signatureAlgorithm)) {
      throw new CsrRejection(
          "csr-signature-algorithm",
          "expected signature algorithm ecdsa-with-SHA256, found " + signatureAlgorithm.getId());
    }
    PublicKey publicKey;
    try {
      publicKey =
          KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(keyInfo.getEncoded()));
    } catch (java.security.GeneralSecurityException | IOException | RuntimeException e) {
      throw new CsrRejection("csr-key-type", "the request's public key cannot be read");
    }
    try {
      if (!request.isSignatureValid(new JcaContentVerifierProviderBuilder().build(publicKey))) {
        throw new CsrRejection(
            "csr-signature", "the request's signature does not verify with its own key");
      }
    } catch (OperatorCreationException | PKCSException | RuntimeException e) {
      throw new CsrRejection(
          "csr-signature", "the request's signature cannot be checked: " + e.getMessage());
    }
    X500Name subject = request.getSubject();
    if (subject.getRDNs().length != 1 || subject.getRDNs(BCStyle.CN).length != 1) {
      throw new CsrRejection(
          "csr-subject", "expected a subject of exactly one CN, found \"" + subject + "\"");
    }
    return new ValidatedRequest(Certificates.commonName(subject), publicKey);
  }

  private static String keyName(ASN1ObjectIdentifier oid) {
    if (org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers.rsaEncryption.equals(oid)) {
      return "RSA (" + oid.getId() + ")";
    }
    if (org.bouncycastle.asn1.edec.EdECObjectIdentifiers.id_Ed25519.equals(oid)) {
      return "Ed25519 (" + oid.getId() + ")";
    }
    return oid.getId();
  }

  /** A request that passed every check in {@link #parse}. */
  public record ValidatedRequest(String commonName, PublicKey publicKey) {
    public ValidatedRequest {
      Objects.requireNonNull(commonName, "commonName");
      Objects.requireNonNull(publicKey, "publicKey");
    }

    /** Lower-case hex SHA-256 of the requested public key. */
    public String publicKeyFingerprint() {
      return Hashes.sha256Hex(publicKey.getEncoded());
    }
  }

  /** A certificate request was refused. */
  public static final class CsrRejection extends Rejection {
    public CsrRejection(String code, String message) {
      super(code, message);
    }
  }
}
