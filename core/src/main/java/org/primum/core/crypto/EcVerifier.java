package org.primum.core.crypto;

import java.math.BigInteger;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.util.Objects;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.crypto.signers.StandardDSAEncoding;

/**
 * An ECDSA P-256 public key prepared once for many SHA256withECDSA verifications.
 *
 * <p>It uses BouncyCastle's constant-structure P-256 arithmetic directly, with the curve's base
 * point shared (so its precomputed tables are built once per process) and the key's point kept (so
 * its tables are built once per key): about 110 µs per verification on this project's 2-core
 * reference machine, against about 230 µs through JCA and 1,200 µs with the JDK 17 SunEC provider
 * ({@code bench/EcdsaBenchmark}).
 *
 * <p>Security guarantees: the key must be a valid point on P-256; signatures must be strict DER (a
 * re-encoding must equal the input, so no malleable encodings), with r and s in [1, n-1].
 */
public final class EcVerifier {
  static final X9ECParameters CURVE = CustomNamedCurves.getByName(EcKeyPair.CURVE);
  static final ECDomainParameters DOMAIN = new ECDomainParameters(CURVE);

  private final ECPublicKeyParameters key;

  private EcVerifier(ECPublicKeyParameters key) {
    this.key = key;
  }

  /**
   * Prepares {@code publicKey} for verification.
   *
   * @throws IllegalArgumentException if it is not a P-256 key
   */
  public static EcVerifier of(PublicKey publicKey) {
    Objects.requireNonNull(publicKey, "publicKey");
    if (!(publicKey instanceof ECPublicKey ec) || !ec.getParams().getOrder().equals(CURVE.getN())) {
      throw new IllegalArgumentException("expected an ECDSA P-256 public key");
    }
    var point = CURVE.getCurve().validatePoint(ec.getW().getAffineX(), ec.getW().getAffineY());
    return new EcVerifier(new ECPublicKeyParameters(point, DOMAIN));
  }

  /**
   * Verifies a DER SHA256withECDSA signature over {@code message}.
   *
   * @throws SignatureRejection if the signature is malformed or does not verify
   */
  public void verify(byte[] message, byte[] derSignature) throws SignatureRejection {
    BigInteger[] rs;
    try {
      rs = StandardDSAEncoding.INSTANCE.decode(DOMAIN.getN(), derSignature);
    } catch (java.io.IOException | RuntimeException e) {
      throw new SignatureRejection("the signature is malformed (expected strict DER ECDSA)");
    }
    ECDSASigner verifier = new ECDSASigner();
    verifier.init(false, key);
    if (!verifier.verifySignature(Hashes.sha256(message), rs[0], rs[1])) {
      throw new SignatureRejection("the signature does not verify with the expected key");
    }
  }
}
