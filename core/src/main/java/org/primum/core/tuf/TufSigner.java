package org.primum.core.tuf;

import java.util.HexFormat;
import java.util.Objects;
import java.util.function.UnaryOperator;
import org.primum.core.crypto.EcKeyPair;
import org.primum.core.crypto.Ed25519KeyPair;

/** One private key that signs TUF metadata: its public {@link TufKey} and a signing function. */
public final class TufSigner {
  private final TufKey key;
  private final UnaryOperator<byte[]> sign;

  private TufSigner(TufKey key, UnaryOperator<byte[]> sign) {
    this.key = Objects.requireNonNull(key);
    this.sign = Objects.requireNonNull(sign);
  }

  /** Signs with an Ed25519 key (scheme {@code ed25519}). */
  public static TufSigner ed25519(Ed25519KeyPair keyPair) {
    return new TufSigner(TufKey.ed25519(keyPair.publicKey()), keyPair::sign);
  }

  /** Signs with an ECDSA P-256 key (scheme {@code ecdsa-sha2-nistp256}, DER signatures). */
  public static TufSigner ecdsa(EcKeyPair keyPair) {
    return new TufSigner(TufKey.ecdsaP256(keyPair.publicKey()), keyPair::sign);
  }

  public TufKey key() {
    return key;
  }

  /** The hex signature over {@code message}, as a TUF signature's {@code sig} field. */
  public String signHex(byte[] message) {
    return HexFormat.of().formatHex(sign.apply(message));
  }

  @Override
  public String toString() {
    return "TufSigner[" + key.keyId() + "]";
  }
}
