package org.primum.core.tuf;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Objects;
import org.primum.core.crypto.EcVerifier;
import org.primum.core.crypto.Ed25519Verifier;
import org.primum.core.crypto.Hashes;
import org.primum.core.crypto.SignatureRejection;

/**
 * A TUF public key (TUF 1.0 §4.2 "KEYID", "ed25519" and "ecdsa" key formats) with its key id: the
 * hex SHA-256 of the canonical JSON of the key object.
 *
 * <p>Supported: {@code ed25519}/{@code ed25519} (public key as 64 hex digits) and {@code
 * ecdsa}/{@code ecdsa-sha2-nistp256} (public key as PEM SubjectPublicKeyInfo, signature DER). Any
 * other key type parses but never verifies a signature, so it cannot count towards a threshold.
 */
public final class TufKey {
  private final String keyType;
  private final String scheme;
  private final String publicValue;
  private final String keyId;
  private final Ed25519Verifier ed25519;
  private final EcVerifier ecdsa;

  private TufKey(String keyType, String scheme, String publicValue) throws TufRejection.Malformed {
    this.keyType = keyType;
    this.scheme = scheme;
    this.publicValue = publicValue;
    this.keyId = Hashes.sha256Hex(TufCanonicalJson.encode(toJson()));
    Ed25519Verifier ed = null;
    EcVerifier ec = null;
    if ("ed25519".equals(keyType) && "ed25519".equals(scheme)) {
      try {
        ed = Ed25519Verifier.of(HexFormat.of().parseHex(publicValue));
      } catch (IllegalArgumentException e) {
        throw new TufRejection.Malformed("ed25519 key " + keyId + ": " + e.getMessage());
      }
    } else if (("ecdsa".equals(keyType) || "ecdsa-sha2-nistp256".equals(keyType))
        && "ecdsa-sha2-nistp256".equals(scheme)) {
      try {
        ec = EcVerifier.of(parseSpki(publicValue));
      } catch (IllegalArgumentException | java.security.GeneralSecurityException e) {
        throw new TufRejection.Malformed("ecdsa key " + keyId + ": not a P-256 public key");
      }
    }
    this.ed25519 = ed;
    this.ecdsa = ec;
  }

  /** An Ed25519 key from its 32-byte RFC 8032 encoding. */
  public static TufKey ed25519(byte[] publicKey) {
    try {
      return new TufKey("ed25519", "ed25519", HexFormat.of().formatHex(publicKey));
    } catch (TufRejection.Malformed e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
  }

  /** An ECDSA P-256 key. */
  public static TufKey ecdsaP256(PublicKey publicKey) {
    String pem =
        "-----BEGIN PUBLIC KEY-----\n"
            + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(publicKey.getEncoded())
            + "\n-----END PUBLIC KEY-----\n";
    try {
      return new TufKey("ecdsa", "ecdsa-sha2-nistp256", pem);
    } catch (TufRejection.Malformed e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
  }

  /**
   * Reads a key object ({@code {"keytype":…,"scheme":…,"keyval":{"public":…}}}).
   *
   * @throws TufRejection.Malformed if a field is missing or not a string
   */
  public static TufKey fromJson(JsonNode node) throws TufRejection.Malformed {
    if (node == null || !node.isObject()) {
      throw new TufRejection.Malformed("a key must be an object");
    }
    String type = TufFields.text(node, "keytype", "key");
    String scheme = TufFields.text(node, "scheme", "key");
    JsonNode keyval = node.get("keyval");
    if (keyval == null || !keyval.isObject()) {
      throw new TufRejection.Malformed("key: keyval must be an object");
    }
    return new TufKey(type, scheme, TufFields.text(keyval, "public", "key keyval"));
  }

  /** The key object as TUF writes it. */
  public ObjectNode toJson() {
    ObjectNode node = JsonNodeFactory.instance.objectNode();
    node.put("keytype", keyType);
    node.put("scheme", scheme);
    node.putObject("keyval").put("public", publicValue);
    return node;
  }

  /** The TUF key id: hex SHA-256 over the canonical JSON of {@link #toJson()}. */
  public String keyId() {
    return keyId;
  }

  public String keyType() {
    return keyType;
  }

  public String scheme() {
    return scheme;
  }

  /** Whether this key's type and scheme are ones Primum can verify. */
  public boolean isSupported() {
    return ed25519 != null || ecdsa != null;
  }

  /**
   * Verifies {@code signature} over {@code message}.
   *
   * @throws SignatureRejection if it does not verify or the key type is unsupported
   */
  public void verify(byte[] message, byte[] signature) throws SignatureRejection {
    if (ed25519 != null) {
      ed25519.verify(message, signature);
    } else if (ecdsa != null) {
      ecdsa.verify(message, signature);
    } else {
      throw new SignatureRejection("unsupported key type " + keyType + "/" + scheme);
    }
  }

  private static PublicKey parseSpki(String pem) throws java.security.GeneralSecurityException {
    String body =
        pem.replace("-----BEGIN PUBLIC KEY-----", "")
            .replace("-----END PUBLIC KEY-----", "")
            .replaceAll("\\s", "");
    byte[] der;
    try {
      der = Base64.getDecoder().decode(body);
    } catch (IllegalArgumentException e) {
      throw new java.security.spec.InvalidKeySpecException("not base64");
    }
    return KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(der));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TufKey other && keyId.equals(other.keyId);
  }

  @Override
  public int hashCode() {
    return Objects.hash(keyId);
  }

  @Override
  public String toString() {
    return "TufKey[" + keyType + " " + keyId + "]";
  }
}
