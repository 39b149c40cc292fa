package org.primum.core.crypto;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Objects;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.ECNamedCurveTable;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.crypto.signers.HMacDSAKCalculator;
import org.bouncycastle.crypto.signers.StandardDSAEncoding;
import org.bouncycastle.math.ec.ECPoint;

/**
 * An ECDSA P-256 key pair whose private half has no plain getter.
 *
 * <p>Security guarantees: the private key is only reachable through {@link
 * #privateKey(SecretAccess)}; {@link #toString()} never prints it; signatures are deterministic
 * (RFC 6979) SHA256withECDSA in DER form.
 */
public final class EcKeyPair {
  static final String CURVE = "secp256r1";

  private final PrivateKey privateKey;
  private final PublicKey publicKey;
  private volatile ECPrivateKeyParameters signingKey;

  private EcKeyPair(PrivateKey privateKey, PublicKey publicKey) {
    if (!(privateKey instanceof ECPrivateKey) || !(publicKey instanceof ECPublicKey)) {
      throw new IllegalArgumentException("expected an EC key pair");
    }
    this.privateKey = privateKey;
    this.publicKey = publicKey;
  }

  /** Generates a fresh P-256 key pair from {@code random}. */
  public static EcKeyPair generate(SecureRandom random) {
    Objects.requireNonNull(random, "random");
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec(CURVE), random);
      KeyPair pair = generator.generateKeyPair();
      return new EcKeyPair(pair.getPrivate(), pair.getPublic());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("P-256 key generation is unavailable", e);
    }
  }

  /** Rebuilds a key pair from a PKCS#8 private key and its public key. */
  static EcKeyPair of(PrivateKey privateKey, PublicKey publicKey) {
    return new EcKeyPair(normalize(privateKey), publicKey);
  }

  /**
   * Rebuilds a key pair from its private key alone, deriving the public point Q = d·G.
   *
   * @throws IllegalArgumentException if the key is not on P-256
   */
  static EcKeyPair fromPrivateKey(PrivateKey privateKey) {
    if (!(privateKey instanceof ECPrivateKey ec)) {
      throw new IllegalArgumentException("expected an EC private key");
    }
    X9ECParameters curve = ECNamedCurveTable.getByName(CURVE);
    if (!ec.getParams().getOrder().equals(curve.getN())) {
      throw new IllegalArgumentException("expected a P-256 key, found another curve");
    }
    ECPoint q = curve.getG().multiply(ec.getS()).normalize();
    SubjectPublicKeyInfo info =
        new SubjectPublicKeyInfo(
            new AlgorithmIdentifier(
                X9ObjectIdentifiers.id_ecPublicKey, SECObjectIdentifiers.secp256r1),
            q.getEncoded(false));
    try {
      PublicKey publicKey =
          KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(info.getEncoded()));
      return of(privateKey, publicKey);
    } catch (GeneralSecurityException | java.io.IOException e) {
      throw new IllegalArgumentException("cannot derive the public key", e);
    }
  }

  /** Converts a key parsed by another provider into the platform's own EC key class. */
  private static PrivateKey normalize(PrivateKey key) {
    try {
      return KeyFactory.getInstance("EC")
          .generatePrivate(new PKCS8EncodedKeySpec(key.getEncoded()));
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("not a usable EC private key", e);
    }
  }

  public PublicKey publicKey() {
    return publicKey;
  }

  /** The private key itself; every caller must be able to justify needing it. */
  public PrivateKey privateKey(SecretAccess access) {
    Objects.requireNonNull(access, "access");
    return privateKey;
  }

  /**
   * Signs {@code message} with deterministic SHA256withECDSA (RFC 6979 nonces, so a weak random
   * source on a device cannot leak the key); the result is a DER-encoded signature. Uses
   * BouncyCastle's P-256 arithmetic directly: on JDK 17 it is several times faster than SunEC
   * (bench/EcdsaBenchmark, docs/performance.md).
   */
  public byte[] sign(byte[] message) {
    ECDSASigner signer = new ECDSASigner(new HMacDSAKCalculator(new SHA256Digest()));
    signer.init(true, signingKey());
    BigInteger[] rs = signer.generateSignature(Hashes.sha256(message));
    try {
      return StandardDSAEncoding.INSTANCE.encode(EcVerifier.DOMAIN.getN(), rs[0], rs[1]);
    } catch (java.io.IOException e) {
      throw new IllegalStateException("cannot encode an ECDSA signature", e);
    }
  }

  private ECPrivateKeyParameters signingKey() {
    ECPrivateKeyParameters key = signingKey;
    if (key == null) {
      key = new ECPrivateKeyParameters(((ECPrivateKey) privateKey).getS(), EcVerifier.DOMAIN);
      signingKey = key;
    }
    return key;
  }

  /** Lower-case hex SHA-256 of the DER SubjectPublicKeyInfo: a stable name for this key. */
  public String publicKeyFingerprint() {
    return Hashes.sha256Hex(publicKey.getEncoded());
  }

  /**
   * Verifies a SHA256withECDSA signature by {@code key} over {@code message}. For many
   * verifications with one key, keep an {@link EcVerifier}.
   *
   * @throws SignatureRejection if the signature is malformed or does not verify
   */
  public static void verify(PublicKey key, byte[] message, byte[] signature)
      throws SignatureRejection {
    EcVerifier verifier;
    try {
      verifier = EcVerifier.of(key);
    } catch (IllegalArgumentException e) {
      throw new SignatureRejection("the verification key is not a P-256 key");
    }
    verifier.verify(message, signature);
  }

  @Override
  public String toString() {
    return "EcKeyPair[P-256, public key sha256:" + publicKeyFingerprint() + "]";
  }
}
