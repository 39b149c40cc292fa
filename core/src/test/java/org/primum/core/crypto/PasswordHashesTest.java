package org.primum.core.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import org.junit.jupiter.api.Test;

class PasswordHashesTest {
  private final PasswordHashes hashes =
      new PasswordHashes(new PasswordHashes.Cost(1024, 1, 1), new SecureRandom());

  @Test
  void hash_isPhcArgon2idWithSalt() {
    String hash = hashes.hash("correct horse battery staple");
    assertThat(hash).startsWith("$argon2id$v=19$m=1024,t=1,p=1$");
    assertThat(hashes.hash("correct horse battery staple")).isNotEqualTo(hash);
  }

  @Test
  void matches_rightPassword_only() {
    String hash = hashes.hash("s3cret-password");
    assertThat(hashes.matches("s3cret-password", hash)).isTrue();
    assertThat(hashes.matches("s3cret-passwore", hash)).isFalse();
    assertThat(hashes.matches("", hash)).isFalse();
  }

  @Test
  void matches_malformedStoredHash_matchesNothing() {
    assertThat(hashes.matches("x", "")).isFalse();
    assertThat(
            hashes.matches(
                "x", "$argon2i$v=19$m=1024,t=1,p=1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAA"))
        .isFalse();
    assertThat(hashes.matches("x", null)).isFalse();
  }

  @Test
  void matches_readsCostFromStoredHash() {
    PasswordHashes stronger =
        new PasswordHashes(new PasswordHashes.Cost(2048, 2, 1), new SecureRandom());
    String hash = stronger.hash("pw-123456789012");
    assertThat(hashes.matches("pw-123456789012", hash)).isTrue();
  }

  @Test
  void generatePassword_isLongAndUnambiguous() {
    String password = hashes.generatePassword();
    assertThat(password).hasSize(20).matches("[a-km-zA-HJ-NP-Z2-9]{20}");
  }
}
