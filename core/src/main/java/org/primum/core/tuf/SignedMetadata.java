package org.primum.core.tuf;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.primum.core.crypto.SignatureRejection;
import org.primum.core.json.Json;

/**
 * A TUF metadata envelope ({@code {"signed": …, "signatures": [{"keyid", "sig"}]}}, TUF §4.2) as
 * read from outside: the signed object, its canonical bytes, and the signatures over them.
 *
 * <p>Security guarantees: {@link #verify} counts each authorised key id at most once, however many
 * signatures carry it and however often the role lists it, so duplicated key ids cannot reach a
 * threshold (TUF §5.3.4 "a threshold of unique keys").
 */
public final class SignedMetadata {
  /** The largest metadata document read from anywhere: 4 MiB. */
  public static final int MAX_BYTES = 4 * 1024 * 1024;

  /** One signature entry. */
  public record Signature(String keyId, byte[] sig) {
    public Signature {
      sig = sig.clone();
    }

    @Override
    public byte[] sig() {
      return sig.clone();
    }
  }

  private final JsonNode signed;
  private final byte[] canonical;
  private final List<Signature> signatures;

  private SignedMetadata(JsonNode signed, byte[] canonical, List<Signature> signatures) {
    this.signed = signed;
    this.canonical = canonical;
    this.signatures = List.copyOf(signatures);
  }

  /**
   * Parses an envelope.
   *
   * @throws TufRejection.Malformed if it is not JSON, too large, or lacks the envelope fields
   */
  public static SignedMetadata parse(byte[] bytes) throws TufRejection.Malformed {
    if (bytes.length > MAX_BYTES) {
      throw new TufRejection.Malformed(
          "metadata is " + bytes.length + " bytes, more than the limit of " + MAX_BYTES);
    }
    JsonNode root;
    try {
      root = Json.readTree(bytes);
    } catch (Json.JsonRejection e) {
      throw new TufRejection.Malformed("metadata is not valid JSON: " + e.getMessage(), e);
    }
    if (!root.isObject()) {
      throw new TufRejection.Malformed("metadata must be a JSON object");
    }
    JsonNode signed = TufFields.object(root, "signed", "metadata");
    JsonNode sigs = root.get("signatures");
    if (sigs == null || !sigs.isArray()) {
      throw new TufRejection.Malformed("metadata: signatures must be an array");
    }
    List<Signature> signatures = new ArrayList<>(sigs.size());
    for (JsonNode sig : sigs) {
      if (!sig.isObject()) {
        throw new TufRejection.Malformed("metadata: each signature must be an object");
      }
      String keyId = TufFields.text(sig, "keyid", "signature");
      String hex = TufFields.text(sig, "sig", "signature");
      byte[] value;
      try {
        value = HexFormat.of().parseHex(hex);
      } catch (IllegalArgumentException e) {
        // An unreadable signature simply does not count (python-tuf does the same).
        value = new byte[0];
      }
      signatures.add(new Signature(keyId, value));
    }
    byte[] canonical;
    try {
      canonical = TufCanonicalJson.encode(signed);
    } catch (IllegalArgumentException e) {
      throw new TufRejection.Malformed("metadata: " + e.getMessage());
    }
    return new SignedMetadata(signed, canonical, signatures);
  }

  /** The {@code signed} object. Do not modify it. */
  public JsonNode signed() {
    return signed;
  }

  /** The {@code _type} the document claims, or an empty string. */
  public String type() {
    JsonNode type = signed.get("_type");
    return type != null && type.isTextual() ? type.textValue() : "";
  }

  public List<Signature> signatures() {
    return signatures;
  }

  /**
   * Checks that at least {@code role.threshold()} distinct key ids authorised for the role signed
   * the canonical {@code signed} bytes with a key from {@code keys}.
   *
   * @param roleName for messages
   * @throws TufRejection.ThresholdNotMet if too few distinct authorised keys signed
   */
  public void verify(String roleName, TufMetadata.RoleKeys role, Map<String, TufKey> keys)
      throws TufRejection.ThresholdNotMet {
    int valid = countValid(role, keys);
    if (valid < role.threshold()) {
      throw new TufRejection.ThresholdNotMet(roleName, role.threshold(), valid);
    }
  }

  /** How many distinct authorised keys made a valid signature. */
  public int countValid(TufMetadata.RoleKeys role, Map<String, TufKey> keys) {
    Set<String> authorised = new HashSet<>(role.keyIds());
    Set<String> counted = new HashSet<>();
    for (Signature signature : signatures) {
      String id = signature.keyId();
      if (!authorised.contains(id) || counted.contains(id)) {
        continue;
      }
      TufKey key = keys.get(id);
      if (key == null) {
        continue;
      }
      try {
        key.verify(canonical, signature.sig);
        counted.add(id);
      } catch (SignatureRejection e) {
        // does not count
      }
    }
    return counted.size();
  }

  /**
   * Signs {@code signed} with every signer and returns the envelope's bytes (the same metadata and
   * signers always give the same bytes and hashes).
   */
  public static byte[] sign(JsonNode signed, List<TufSigner> signers) {
    byte[] canonical = TufCanonicalJson.encode(signed);
    ObjectNode envelope = JsonNodeFactory.instance.objectNode();
    var sigs = envelope.putArray("signatures");
    for (TufSigner signer : signers) {
      ObjectNode sig = sigs.addObject();
      sig.put("keyid", signer.key().keyId());
      sig.put("sig", signer.signHex(canonical));
    }
    envelope.set("signed", signed);
    // The signatures cover the canonical bytes; the file itself is ordinary JSON, because canonical
    // JSON leaves control characters (e.g. the newlines of an ECDSA key's PEM) unescaped, which no
    // strict JSON parser accepts.
    return Json.write(envelope);
  }

  /** Signs a metadata object. */
  public static byte[] sign(TufMetadata metadata, List<TufSigner> signers) {
    return sign(metadata.toJson(), signers);
  }
}
