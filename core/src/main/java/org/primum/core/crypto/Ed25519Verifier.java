package org.primum.core.crypto;

import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;

/** Verifies RFC 8032 Ed25519 signatures by one public key. */
public final class Ed25519Verifier {
  private final Ed25519PublicKeyParameters key;
  private final byte[] encoded;

  private Ed25519Verifier(Ed25519PublicKeyParameters key, byte[] encoded) {
    this.key = key;
    this.encoded = encoded;
  }

  /**
   * Prepares a 32-byte Ed25519 public key.
   *
   * @throws IllegalArgumentException if it is not 32 bytes or not a valid point
   */
  public static Ed25519Verifier of(byte[] publicKey) {
    if (publicKey == null || publicKey.length != Ed25519PublicKeyParameters.KEY_SIZE) {
      throw new IllegalArgumentException("an Ed25519 public key is 32 bytes");
    }
    try {
      return new Ed25519Verifier(new Ed25519PublicKeyParameters(publicKey, 0), publicKey.clone());
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("not a valid Ed25519 public key", e);
    }
  }

  /** The 32-byte public key. */
  public byte[] publicKey() {
    return encoded.clone();
  }

  /**
   * Verifies {@code signature} over {@code message}.
   *
   * @throws SignatureRejection if it does not verify
   */
  public void verify(byte[] message, byte[] signature) throws SignatureRejection {
    if (signature == null || signature.length != 64) {
      throw new SignatureRejection("an Ed25519 signature is 64 bytes");
    }
    Ed25519Signer verifier = new Ed25519Signer();
    verifier.init(false, key);
    verifier.update(message, 0, message.length);
    if (!verifier.verifySignature(signature)) {
      throw new SignatureRejection("the Ed25519 signature does not verify with the expected key");
    }
  }
}
