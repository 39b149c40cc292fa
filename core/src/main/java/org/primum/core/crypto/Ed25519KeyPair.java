package org.primum.core.crypto;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.security.SecureRandom;
import java.util.Objects;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;
import org.bouncycastle.crypto.util.PrivateKeyFactory;
import org.bouncycastle.crypto.util.PrivateKeyInfoFactory;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.util.io.pem.PemObject;

/**
 * An Ed25519 (RFC 8032) key pair for signing logs and notes, whose private half has no plain
 * getter.
 *
 * <p>Security guarantees: signatures are deterministic (RFC 8032), so no signing-time randomness
 * can leak the key; the private key leaves the object only as PEM through {@link
 * #toPem(SecretAccess)}.
 */
public final class Ed25519KeyPair {
  private final Ed25519PrivateKeyParameters privateKey;
  private final byte[] publicKey;

  private Ed25519KeyPair(Ed25519PrivateKeyParameters privateKey) {
    this.privateKey = privateKey;
    this.publicKey = privateKey.generatePublicKey().getEncoded();
  }

  /** A fresh key pair from {@code random}. */
  public static Ed25519KeyPair generate(SecureRandom random) {
    return new Ed25519KeyPair(new Ed25519PrivateKeyParameters(Objects.requireNonNull(random)));
  }

  /** The 32-byte public key (RFC 8032 encoding). */
  public byte[] publicKey() {
    return publicKey.clone();
  }

  /** An RFC 8032 Ed25519 signature (64 bytes) over {@code message}. */
  public byte[] sign(byte[] message) {
    Ed25519Signer signer = new Ed25519Signer();
    signer.init(true, privateKey);
    signer.update(message, 0, message.length);
    return signer.generateSignature();
  }

  /** The private key as PKCS#8 PEM ("PRIVATE KEY"). */
  public String toPem(SecretAccess access) {
    Objects.requireNonNull(access, "access");
    StringWriter out = new StringWriter();
    try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
      writer.writeObject(
          new PemObject(
              "PRIVATE KEY", PrivateKeyInfoFactory.createPrivateKeyInfo(privateKey).getEncoded()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }

  /** Reads a PKCS#8 PEM Ed25519 private key. */
  public static Ed25519KeyPair fromPem(String pem) throws Pem.PemRejection {
    try (PEMParser parser = new PEMParser(new StringReader(pem))) {
      Object object = parser.readObject();
      if (!(object instanceof PrivateKeyInfo info)) {
        throw new Pem.PemRejection("expected an Ed25519 PRIVATE KEY");
      }
      if (!(PrivateKeyFactory.createKey(info) instanceof Ed25519PrivateKeyParameters key)) {
        throw new Pem.PemRejection("expected an Ed25519 key, found another algorithm");
      }
      return new Ed25519KeyPair(key);
    } catch (IOException | RuntimeException e) {
      throw new Pem.PemRejection("unreadable Ed25519 key PEM: " + e.getMessage());
    }
  }

  @Override
  public String toString() {
    return "Ed25519KeyPair[public key " + java.util.HexFormat.of().formatHex(publicKey) + "]";
  }
}
