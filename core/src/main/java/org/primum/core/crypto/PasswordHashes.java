package org.primum.core.crypto;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * Password hashing with Argon2id (RFC 9106), stored in the PHC string format {@code
 * $argon2id$v=19$m=<KiB>,t=<passes>,p=<lanes>$<salt>$<hash>}.
 *
 * <p>The default cost follows the OWASP recommendation (19 MiB, 2 passes, 1 lane). Parameters are
 * read back from each stored hash, so the cost can be raised later without invalidating old hashes.
 */
public final class PasswordHashes {
  /** Argon2id cost parameters. */
  public record Cost(int memoryKib, int passes, int lanes) {
    public Cost {
      if (memoryKib < 8 * lanes || passes < 1 || lanes < 1 || memoryKib > 4 * 1024 * 1024) {
        throw new IllegalArgumentException(
            "unusable Argon2 cost " + memoryKib + "/" + passes + "/" + lanes);
      }
    }
  }

  /** The OWASP-recommended minimum: 19 MiB, 2 passes, 1 lane. */
  public static final Cost DEFAULT_COST = new Cost(19 * 1024, 2, 1);

  private static final Pattern PHC =
      Pattern.compile(
          "\\$argon2id\\$v=19\\$m=(\\d{1,8}),t=(\\d{1,3}),p=(\\d{1,2})\\$([A-Za-z0-9+/]{16,64})\\$([A-Za-z0-9+/]{16,128})");
  private static final String ALPHABET = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";

  private final Cost cost;
  private final SecureRandom random;

  public PasswordHashes(Cost cost, SecureRandom random) {
    this.cost = Objects.requireNonNull(cost, "cost");
    this.random = Objects.requireNonNull(random, "random");
  }

  /** Hashes {@code password} with a fresh 16-byte salt. */
  public String hash(String password) {
    byte[] salt = new byte[16];
    random.nextBytes(salt);
    byte[] digest = derive(password, salt, cost);
    Base64.Encoder b64 = Base64.getEncoder().withoutPadding();
    return String.format(
        Locale.ROOT,
        "$argon2id$v=19$m=%d,t=%d,p=%d$%s$%s",
        cost.memoryKib(),
        cost.passes(),
        cost.lanes(),
        b64.encodeToString(salt),
        b64.encodeToString(digest));
  }

  /**
   * Whether {@code password} matches {@code stored}, compared in constant time. A malformed stored
   * hash matches nothing.
   */
  public boolean matches(String password, String stored) {
    Matcher m = PHC.matcher(Objects.requireNonNullElse(stored, ""));
    if (!m.matches()) {
      return false;
    }
    Cost storedCost;
    try {
      storedCost =
          new Cost(
              Integer.parseInt(m.group(1)),
              Integer.parseInt(m.group(2)),
              Integer.parseInt(m.group(3)));
    } catch (IllegalArgumentException e) {
      return false;
    }
    byte[] salt = Base64.getDecoder().decode(m.group(4));
    byte[] expected = Base64.getDecoder().decode(m.group(5));
    return MessageDigest.isEqual(expected, derive(password, salt, storedCost));
  }

  /** A hash of a random password, to spend the same time when a user does not exist. */
  public String decoy() {
    return hash(generatePassword());
  }

  /** A random password of 20 unambiguous letters and digits (about 116 bits). */
  public String generatePassword() {
    StringBuilder out = new StringBuilder(20);
    for (int i = 0; i < 20; i++) {
      out.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
    }
    return out.toString();
  }

  private static byte[] derive(String password, byte[] salt, Cost cost) {
    Argon2Parameters parameters =
        new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
            .withVersion(Argon2Parameters.ARGON2_VERSION_13)
            .withMemoryAsKB(cost.memoryKib())
            .withIterations(cost.passes())
            .withParallelism(cost.lanes())
            .withSalt(salt)
            .build();
    Argon2BytesGenerator generator = new Argon2BytesGenerator();
    generator.init(parameters);
    byte[] out = new byte[32];
    generator.generateBytes(password.getBytes(StandardCharsets.UTF_8), out);
    return out;
  }
}
