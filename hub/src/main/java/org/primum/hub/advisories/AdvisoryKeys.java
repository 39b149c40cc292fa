package org.primum.hub.advisories;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Objects;
import org.bouncycastle.bcpg.ArmoredOutputStream;
import org.bouncycastle.bcpg.BCPGOutputStream;
import org.bouncycastle.bcpg.HashAlgorithmTags;
import org.bouncycastle.bcpg.PublicKeyAlgorithmTags;
import org.bouncycastle.bcpg.sig.KeyFlags;
import org.bouncycastle.crypto.generators.Ed25519KeyPairGenerator;
import org.bouncycastle.crypto.params.Ed25519KeyGenerationParameters;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPKeyPair;
import org.bouncycastle.openpgp.PGPKeyRingGenerator;
import org.bouncycastle.openpgp.PGPPrivateKey;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.openpgp.PGPSecretKeyRing;
import org.bouncycastle.openpgp.PGPSignature;
import org.bouncycastle.openpgp.PGPSignatureGenerator;
import org.bouncycastle.openpgp.PGPSignatureSubpacketGenerator;
import org.bouncycastle.openpgp.PGPUtil;
import org.bouncycastle.openpgp.operator.bc.BcKeyFingerprintCalculator;
import org.bouncycastle.openpgp.operator.bc.BcPGPContentSignerBuilder;
import org.bouncycastle.openpgp.operator.bc.BcPGPDigestCalculatorProvider;
import org.bouncycastle.openpgp.operator.bc.BcPGPKeyPair;
import org.primum.core.files.SecureFiles;

/**
 * The hub's OpenPGP key for CSAF documents (CSAF 2.0 7.1.19 and 7.1.20): an Ed25519 signing key
 * (OpenPGP v4, algorithm EdDSA as RFC 4880bis / GnuPG 2.2 write it), created on first start in
 * {@code <data>/keys/advisories-openpgp.asc} and read back on every later start.
 *
 * <p>Security guarantees: the secret key file is written atomically and owner-only, and refused
 * when others can read it; the secret key never leaves this class (it only signs); signatures carry
 * the injected clock's time and the issuer fingerprint. Hub replicas may share this file or keep
 * their own: every key that signs is recorded with its publication and listed in the provider
 * metadata.
 *
 * <p>The only hub class that uses BouncyCastle directly: OpenPGP (bcpg) is needed by the hub alone,
 * so it does not belong in {@code core.crypto} (ADR 0020).
 */
public final class AdvisoryKeys {
  static final String FILE = "advisories-openpgp.asc";
  private static final int ALGORITHM = PublicKeyAlgorithmTags.EDDSA_LEGACY;

  private final PGPSecretKeyRing ring;
  private final PGPPrivateKey privateKey;
  private final Clock clock;

  private AdvisoryKeys(PGPSecretKeyRing ring, Clock clock) throws PGPException {
    this.ring = ring;
    this.privateKey = ring.getSecretKey().extractPrivateKey(null);
    this.clock = clock;
  }

  /**
   * Reads the key from {@code <dataDir>/keys}, creating it (named {@code userId}) on first start.
   *
   * @throws IOException if the file cannot be read or written, or is damaged
   */
  public static AdvisoryKeys loadOrCreate(
      Path dataDir, String userId, Clock clock, SecureRandom random) throws IOException {
    Objects.requireNonNull(userId, "userId");
    Objects.requireNonNull(clock, "clock");
    Objects.requireNonNull(random, "random");
    Path keys = SecureFiles.ownerOnlyDirectory(dataDir.resolve("keys"));
    Path file = keys.resolve(FILE);
    return SecureFiles.withLock(
        keys.resolve(".lock"),
        () -> {
          try {
            if (Files.exists(file)) {
              try (InputStream in =
                  PGPUtil.getDecoderStream(
                      new ByteArrayInputStream(SecureFiles.readSecret(file)))) {
                return new AdvisoryKeys(
                    new PGPSecretKeyRing(in, new BcKeyFingerprintCalculator()), clock);
              } catch (IOException | PGPException | RuntimeException e) {
                throw new IOException(
                    "the OpenPGP key file " + file + " is damaged: " + e.getMessage(), e);
              }
            }
            PGPSecretKeyRing ring = generate(userId, clock.instant(), random);
            SecureFiles.writeSecret(file, armor(ring.getEncoded()));
            return new AdvisoryKeys(ring, clock);
          } catch (PGPException e) {
            throw new IOException("cannot create the OpenPGP key: " + e.getMessage(), e);
          }
        });
  }

  private static PGPSecretKeyRing generate(String userId, Instant now, SecureRandom random)
      throws PGPException {
    Ed25519KeyPairGenerator generator = new Ed25519KeyPairGenerator();
    generator.init(new Ed25519KeyGenerationParameters(random));
    Date created = Date.from(now);
    PGPKeyPair pair = new BcPGPKeyPair(ALGORITHM, generator.generateKeyPair(), created);
    PGPSignatureSubpacketGenerator hashed = new PGPSignatureSubpacketGenerator();
    hashed.setSignatureCreationTime(false, created);
    hashed.setKeyFlags(true, KeyFlags.CERTIFY_OTHER | KeyFlags.SIGN_DATA);
    hashed.setPreferredHashAlgorithms(
        false, new int[] {HashAlgorithmTags.SHA512, HashAlgorithmTags.SHA256});
    hashed.setIssuerFingerprint(false, pair.getPublicKey());
    return new PGPKeyRingGenerator(
            PGPSignature.POSITIVE_CERTIFICATION,
            pair,
            userId,
            new BcPGPDigestCalculatorProvider().get(HashAlgorithmTags.SHA1),
            hashed.generate(),
            null,
            new BcPGPContentSignerBuilder(ALGORITHM, HashAlgorithmTags.SHA512),
            null)
        .generateSecretKeyRing();
  }

  /** The v4 fingerprint, 40 upper-case hex digits (as provider-metadata.json lists it). */
  public String fingerprint() {
    return HexFormat.of().withUpperCase().formatHex(publicKey().getFingerprint());
  }

  /** When the key was created. */
  public Instant createdAt() {
    return publicKey().getCreationTime().toInstant();
  }

  /** The public key (with its user id and self-signature), ASCII-armoured. */
  public byte[] publicKeyArmored() {
    try {
      return armor(publicKey().getEncoded());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * A detached, ASCII-armoured OpenPGP signature of {@code data} (a binary-document signature,
   * SHA-512), as CSAF 2.0 7.1.19 asks for beside each document.
   */
  public String sign(byte[] data) {
    try {
      PGPSignatureGenerator generator =
          new PGPSignatureGenerator(
              new BcPGPContentSignerBuilder(ALGORITHM, HashAlgorithmTags.SHA512), publicKey());
      generator.init(PGPSignature.BINARY_DOCUMENT, privateKey);
      PGPSignatureSubpacketGenerator hashed = new PGPSignatureSubpacketGenerator();
      hashed.setSignatureCreationTime(false, Date.from(clock.instant()));
      hashed.setIssuerFingerprint(false, publicKey());
      generator.setHashedSubpackets(hashed.generate());
      generator.update(data);
      ByteArrayOutputStream encoded = new ByteArrayOutputStream();
      try (BCPGOutputStream out = new BCPGOutputStream(encoded)) {
        generator.generate().encode(out);
      }
      return new String(armor(encoded.toByteArray()), StandardCharsets.US_ASCII);
    } catch (PGPException | IOException e) {
      throw new IllegalStateException("signing with the hub's OpenPGP key failed", e);
    }
  }

  private PGPPublicKey publicKey() {
    return ring.getPublicKey();
  }

  private static byte[] armor(byte[] binary) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ArmoredOutputStream armored = new ArmoredOutputStream(out)) {
      armored.clearHeaders();
      armored.write(binary);
    }
    return out.toByteArray();
  }

  @Override
  public String toString() {
    return "AdvisoryKeys[" + fingerprint().toLowerCase(Locale.ROOT) + "]";
  }
}
