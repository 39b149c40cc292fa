package org.primum.hub.disclosure;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Date;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.bouncycastle.bcpg.ArmoredOutputStream;
import org.bouncycastle.bcpg.BCPGOutputStream;
import org.bouncycastle.bcpg.HashAlgorithmTags;
import org.bouncycastle.bcpg.PublicKeyAlgorithmTags;
import org.bouncycastle.bcpg.PublicKeyPacket;
import org.bouncycastle.bcpg.SymmetricKeyAlgorithmTags;
import org.bouncycastle.bcpg.sig.Features;
import org.bouncycastle.bcpg.sig.KeyFlags;
import org.bouncycastle.crypto.generators.Ed25519KeyPairGenerator;
import org.bouncycastle.crypto.generators.X25519KeyPairGenerator;
import org.bouncycastle.crypto.params.Ed25519KeyGenerationParameters;
import org.bouncycastle.crypto.params.X25519KeyGenerationParameters;
import org.bouncycastle.openpgp.PGPCompressedData;
import org.bouncycastle.openpgp.PGPEncryptedDataList;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPKeyPair;
import org.bouncycastle.openpgp.PGPKeyRingGenerator;
import org.bouncycastle.openpgp.PGPLiteralData;
import org.bouncycastle.openpgp.PGPMarker;
import org.bouncycastle.openpgp.PGPOnePassSignatureList;
import org.bouncycastle.openpgp.PGPPBEEncryptedData;
import org.bouncycastle.openpgp.PGPPrivateKey;
import org.bouncycastle.openpgp.PGPPublicKeyEncryptedData;
import org.bouncycastle.openpgp.PGPSecretKey;
import org.bouncycastle.openpgp.PGPSecretKeyRing;
import org.bouncycastle.openpgp.PGPSignature;
import org.bouncycastle.openpgp.PGPSignatureGenerator;
import org.bouncycastle.openpgp.PGPSignatureList;
import org.bouncycastle.openpgp.PGPSignatureSubpacketGenerator;
import org.bouncycastle.openpgp.PGPUtil;
import org.bouncycastle.openpgp.bc.BcPGPObjectFactory;
import org.bouncycastle.openpgp.operator.bc.BcKeyFingerprintCalculator;
import org.bouncycastle.openpgp.operator.bc.BcPGPContentSignerBuilder;
import org.bouncycastle.openpgp.operator.bc.BcPGPDigestCalculatorProvider;
import org.bouncycastle.openpgp.operator.bc.BcPGPKeyPair;
import org.bouncycastle.openpgp.operator.bc.BcPublicKeyDataDecryptorFactory;
import org.primum.core.files.SecureFiles;

/**
 * The hub's OpenPGP key for vulnerability disclosure (RFC 4880 version 4 keys, readable by GnuPG
 * 2.1 and later): an Ed25519 primary key that certifies and signs, and a Curve25519 ECDH subkey
 * that researchers encrypt reports to. It is created on first start in {@code <data>/keys/}; the
 * public key is published at {@code /.well-known/openpgp-key.asc} (RFC 9116 2.5.4 Encryption).
 *
 * <p>This is the only class in the hub that uses BouncyCastle's OpenPGP implementation, which the
 * core crypto package does not carry.
 *
 * <p>Security guarantees: the secret key file is owner-only; a message is decrypted only if it is
 * encrypted to this key and integrity-protected (RFC 4880 5.13, modification detection), and its
 * clear text is bounded before it is read in full; anything else is refused with a reason.
 */
public final class DisclosureKeys {
  /** How an ASCII-armoured OpenPGP message starts (RFC 4880 6.2). */
  public static final String ARMOR_HEADER = "-----BEGIN PGP MESSAGE-----";

  private static final String FILE = "disclosure-openpgp.key";

  private final PGPSecretKeyRing secretRing;
  private final String armoredPublicKey;
  private final String fingerprint;

  private DisclosureKeys(PGPSecretKeyRing secretRing) throws IOException {
    this.secretRing = secretRing;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ArmoredOutputStream armor = armored(out)) {
      secretRing.toCertificate().encode(armor);
    }
    this.armoredPublicKey = out.toString(StandardCharsets.US_ASCII);
    this.fingerprint =
        HexFormat.of().withUpperCase().formatHex(secretRing.getPublicKey().getFingerprint());
  }

  /**
   * Loads the hub's disclosure key from {@code <dataDir>/keys/}, creating it on first start with
   * the user id {@code userId} (e.g. {@code "Primum hub security <security@example.org>"}).
   *
   * @throws IOException if the key file cannot be read, is damaged, or is readable by others
   */
  public static DisclosureKeys loadOrCreate(
      Path dataDir, String userId, Clock clock, SecureRandom random) throws IOException {
    Objects.requireNonNull(userId, "userId");
    Path keys = SecureFiles.ownerOnlyDirectory(dataDir.resolve("keys"));
    Path file = keys.resolve(FILE);
    return SecureFiles.withLock(
        keys.resolve(".lock"),
        () -> {
          if (Files.exists(file)) {
            byte[] bytes = SecureFiles.readSecret(file);
            try {
              return new DisclosureKeys(
                  new PGPSecretKeyRing(bytes, new BcKeyFingerprintCalculator()));
            } catch (IOException | PGPException | RuntimeException e) {
              throw new IOException(
                  "the OpenPGP key file " + file + " is damaged: " + e.getMessage(), e);
            }
          }
          PGPSecretKeyRing ring = generate(userId, new Date(clock.millis()), random);
          SecureFiles.writeSecret(file, ring.getEncoded());
          return new DisclosureKeys(ring);
        });
  }

  private static PGPSecretKeyRing generate(String userId, Date created, SecureRandom random)
      throws IOException {
    try {
      Ed25519KeyPairGenerator ed = new Ed25519KeyPairGenerator();
      ed.init(new Ed25519KeyGenerationParameters(random));
      PGPKeyPair primary =
          new BcPGPKeyPair(
              PublicKeyPacket.VERSION_4,
              PublicKeyAlgorithmTags.EDDSA_LEGACY,
              ed.generateKeyPair(),
              created);
      X25519KeyPairGenerator x = new X25519KeyPairGenerator();
      x.init(new X25519KeyGenerationParameters(random));
      PGPKeyPair encryption =
          new BcPGPKeyPair(
              PublicKeyPacket.VERSION_4, PublicKeyAlgorithmTags.ECDH, x.generateKeyPair(), created);

      // Self-signatures carry the key's own creation time (from the injected clock); left out,
      // BouncyCastle would stamp the wall clock, and a signature older than its key is invalid.
      PGPSignatureSubpacketGenerator primaryPackets = new PGPSignatureSubpacketGenerator();
      primaryPackets.setSignatureCreationTime(true, created);
      primaryPackets.setKeyFlags(true, KeyFlags.CERTIFY_OTHER | KeyFlags.SIGN_DATA);
      primaryPackets.setPreferredSymmetricAlgorithms(
          false, new int[] {SymmetricKeyAlgorithmTags.AES_256, SymmetricKeyAlgorithmTags.AES_128});
      primaryPackets.setPreferredHashAlgorithms(
          false, new int[] {HashAlgorithmTags.SHA512, HashAlgorithmTags.SHA256});
      primaryPackets.setFeature(false, Features.FEATURE_MODIFICATION_DETECTION);
      PGPSignatureSubpacketGenerator subkeyPackets = new PGPSignatureSubpacketGenerator();
      subkeyPackets.setSignatureCreationTime(true, created);
      subkeyPackets.setKeyFlags(true, KeyFlags.ENCRYPT_COMMS | KeyFlags.ENCRYPT_STORAGE);

      PGPKeyRingGenerator generator =
          new PGPKeyRingGenerator(
              PGPSignature.POSITIVE_CERTIFICATION,
              primary,
              userId,
              new BcPGPDigestCalculatorProvider().get(HashAlgorithmTags.SHA1),
              primaryPackets.generate(),
              null,
              new BcPGPContentSignerBuilder(
                  PublicKeyAlgorithmTags.EDDSA_LEGACY, HashAlgorithmTags.SHA512),
              null);
      generator.addSubKey(encryption, subkeyPackets.generate(), null);
      return generator.generateSecretKeyRing();
    } catch (PGPException e) {
      throw new IOException("cannot create the disclosure OpenPGP key: " + e.getMessage(), e);
    }
  }

  /** The public key, ASCII-armoured (RFC 4880 6.2), as served to researchers. */
  public String armoredPublicKey() {
    return armoredPublicKey;
  }

  /** The primary key's fingerprint in upper-case hex (40 digits). */
  public String fingerprint() {
    return fingerprint;
  }

  /**
   * Decrypts an ASCII-armoured OpenPGP message encrypted to this key.
   *
   * @param maxChars the longest clear text accepted
   * @throws DisclosureRefusal if the message is malformed, encrypted to another key or with a
   *     passphrase, not integrity-protected, not UTF-8, or longer than {@code maxChars}
   */
  public String decrypt(String armored, int maxChars) throws DisclosureRefusal {
    try (InputStream in =
        PGPUtil.getDecoderStream(
            new ByteArrayInputStream(armored.strip().getBytes(StandardCharsets.UTF_8)))) {
      Object first = nextNonMarker(new BcPGPObjectFactory(in));
      if (!(first instanceof PGPEncryptedDataList list)) {
        throw refusal("found " + describe(first) + " instead of an encrypted message");
      }
      List<String> recipients = new ArrayList<>();
      for (Iterator<?> it = list.getEncryptedDataObjects(); it.hasNext(); ) {
        Object data = it.next();
        if (data instanceof PGPPBEEncryptedData) {
          recipients.add("a passphrase");
          continue;
        }
        if (!(data instanceof PGPPublicKeyEncryptedData encrypted)) {
          continue;
        }
        long keyId = encrypted.getKeyID();
        PGPSecretKey secret = keyId == 0 ? encryptionKey() : secretRing.getSecretKey(keyId);
        if (secret == null) {
          recipients.add(String.format(Locale.ROOT, "key %016X", keyId));
          continue;
        }
        return clearText(encrypted, secret.extractPrivateKey(null), maxChars);
      }
      throw refusal(
          "it is encrypted to "
              + (recipients.isEmpty() ? "nobody" : String.join(", ", recipients))
              + ", not to this hub's disclosure key "
              + fingerprint
              + " (fetch it from /.well-known/openpgp-key.asc)");
    } catch (IOException | PGPException | RuntimeException e) {
      throw refusal("it could not be read: " + firstLine(e));
    }
  }

  private PGPSecretKey encryptionKey() {
    for (Iterator<PGPSecretKey> it = secretRing.getSecretKeys(); it.hasNext(); ) {
      PGPSecretKey key = it.next();
      if (key.getPublicKey().isEncryptionKey() && !key.isMasterKey()) {
        return key;
      }
    }
    return null;
  }

  private static String clearText(PGPPublicKeyEncryptedData encrypted, PGPPrivateKey key, int max)
      throws DisclosureRefusal, PGPException, IOException {
    // RFC 4880 5.13: without a modification detection code the clear text may have been altered.
    if (!encrypted.isIntegrityProtected()) {
      throw refusal("it is not integrity-protected (no modification detection code)");
    }
    InputStream clear = encrypted.getDataStream(new BcPublicKeyDataDecryptorFactory(key));
    BcPGPObjectFactory objects = new BcPGPObjectFactory(clear);
    Object message = objects.nextObject();
    if (message instanceof PGPCompressedData compressed) {
      objects = new BcPGPObjectFactory(compressed.getDataStream());
      message = objects.nextObject();
    }
    if (message instanceof PGPOnePassSignatureList) {
      // Signed and encrypted (gpg --encrypt --sign): the literal data follows the one-pass
      // signatures. The finder's signature is not checked; the report needs no identity.
      message = objects.nextObject();
    }
    if (!(message instanceof PGPLiteralData literal)) {
      throw refusal("it holds " + describe(message) + " instead of literal data");
    }
    int maxBytes = max * 4;
    byte[] bytes = literal.getInputStream().readNBytes(maxBytes + 1);
    if (bytes.length > maxBytes) {
      throw DisclosureRefusal.tooLarge(
          "pgp-too-large",
          "expected an encrypted description of at most " + max + " characters, found more");
    }
    // Drain whatever follows (e.g. trailing signatures) so the integrity check covers it all.
    clear.transferTo(OutputStreamSink.INSTANCE);
    if (!encrypted.verify()) {
      throw refusal("its integrity check failed: the message was altered");
    }
    String text;
    try {
      text =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(bytes))
              .toString();
    } catch (CharacterCodingException e) {
      throw refusal("its clear text is not UTF-8");
    }
    if (text.length() > max) {
      throw DisclosureRefusal.tooLarge(
          "pgp-too-large",
          "expected an encrypted description of at most "
              + max
              + " characters, found "
              + text.length());
    }
    return text;
  }

  /** A sink for bytes nobody needs. */
  private static final class OutputStreamSink extends java.io.OutputStream {
    static final OutputStreamSink INSTANCE = new OutputStreamSink();

    @Override
    public void write(int b) {}

    @Override
    public void write(byte[] b, int off, int len) {}
  }

  private static Object nextNonMarker(BcPGPObjectFactory factory) throws IOException {
    Object next = factory.nextObject();
    while (next instanceof PGPMarker) {
      next = factory.nextObject();
    }
    return next;
  }

  private static String describe(Object o) {
    if (o == null) {
      return "nothing";
    }
    if (o instanceof PGPSignatureList) {
      return "a signature";
    }
    return "a " + o.getClass().getSimpleName().replace("PGP", "OpenPGP ");
  }

  private static DisclosureRefusal refusal(String found) {
    return DisclosureRefusal.badInput(
        "pgp-invalid",
        "expected an ASCII-armoured OpenPGP message encrypted to the hub's disclosure key; "
            + found);
  }

  private static String firstLine(Exception e) {
    String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    int newline = message.indexOf('\n');
    String line = newline < 0 ? message : message.substring(0, newline);
    return line.length() > 160 ? line.substring(0, 160) + "…" : line;
  }

  /**
   * Signs {@code text} with the primary key as an OpenPGP cleartext signature (RFC 4880 7), as RFC
   * 9116 2.3 recommends for security.txt. {@code text} must end with a line break.
   */
  public String clearSign(String text, Clock clock) {
    if (!text.endsWith("\n")) {
      throw new IllegalArgumentException("the text to sign must end with a line break");
    }
    try {
      PGPSecretKey primary = secretRing.getSecretKey();
      PGPSignatureGenerator generator =
          new PGPSignatureGenerator(
              new BcPGPContentSignerBuilder(
                  primary.getPublicKey().getAlgorithm(), HashAlgorithmTags.SHA512),
              primary.getPublicKey());
      generator.init(PGPSignature.CANONICAL_TEXT_DOCUMENT, primary.extractPrivateKey(null));
      PGPSignatureSubpacketGenerator packets = new PGPSignatureSubpacketGenerator();
      packets.setSignatureCreationTime(true, new Date(clock.millis()));
      packets.setIssuerFingerprint(false, primary.getPublicKey());
      generator.setHashedSubpackets(packets.generate());
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      try (ArmoredOutputStream armor = armored(out)) {
        armor.beginClearText(HashAlgorithmTags.SHA512);
        String[] lines = text.substring(0, text.length() - 1).split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
          byte[] line = lines[i].getBytes(StandardCharsets.UTF_8);
          // RFC 4880 7.1: trailing white space is not signed; lines are joined by CR LF and the
          // line break before the signature is not part of the signed text. The armour
          // dash-escapes lines that start with '-'.
          if (i > 0) {
            generator.update(new byte[] {'\r', '\n'});
          }
          generator.update(line, 0, lengthWithoutTrailingSpace(line));
          armor.write(line);
          armor.write('\n');
        }
        armor.endClearText();
        BCPGOutputStream packetsOut = new BCPGOutputStream(armor);
        generator.generate().encode(packetsOut);
        packetsOut.flush();
      }
      return out.toString(StandardCharsets.UTF_8);
    } catch (IOException | PGPException e) {
      throw new IllegalStateException("cannot sign with the disclosure key", e);
    }
  }

  private static int lengthWithoutTrailingSpace(byte[] line) {
    int end = line.length;
    while (end > 0 && (line[end - 1] == ' ' || line[end - 1] == '\t' || line[end - 1] == '\r')) {
      end--;
    }
    return end;
  }

  private static ArmoredOutputStream armored(ByteArrayOutputStream out) {
    ArmoredOutputStream armor = new ArmoredOutputStream(out);
    armor.clearHeaders();
    return armor;
  }
}
