package org.primum.core.formats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import org.junit.jupiter.api.Test;

class EnrollmentTokensTest {
  @Test
  void parse_generatedToken_roundTrips() throws Exception {
    EnrollmentTokens.Token token = EnrollmentTokens.generate("PUMP.0001", new SecureRandom());
    assertThat(EnrollmentTokens.parse(token.text())).isEqualTo(token);
    assertThat(token.toString()).doesNotContain(token.secret());
  }

  @Test
  void parse_malformed_isRefused() {
    for (String bad :
        new String[] {
          "",
          "nodot",
          "PUMP.",
          ".secret",
          "PUMP 1.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
          "PUMP.short"
        }) {
      assertThatThrownBy(() -> EnrollmentTokens.parse(bad))
          .as(bad)
          .isInstanceOf(EnrollmentTokens.TokenRejection.class);
    }
  }

  @Test
  void generate_secretsAreUnique() {
    SecureRandom random = new SecureRandom();
    var secrets = new java.util.HashSet<String>();
    for (int i = 0; i < 1000; i++) {
      secrets.add(EnrollmentTokens.generate("P", random).secret());
    }
    assertThat(secrets).hasSize(1000);
  }
}
