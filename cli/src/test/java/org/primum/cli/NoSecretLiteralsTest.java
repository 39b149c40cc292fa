package org.primum.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * PUMP-SAFETY MN4: no credential or key literal anywhere in the sources and resources that go into
 * the built jars (keys are generated at first start, test keys by the tests).
 */
class NoSecretLiteralsTest {
  private static final Pattern PEM_KEY =
      Pattern.compile("-----BEGIN [A-Z ]*PRIVATE KEY-----\\s*[A-Za-z0-9+/=\\s]{40,}");
  private static final Pattern PASSWORD =
      Pattern.compile("(?i)(password|passwd|secret)\\s*[=:]\\s*\"[^\"\\s]{6,}\"");

  @Test
  void thePatterns_findWhatTheyLookFor() {
    String pem =
        org.primum.core.crypto.Ed25519KeyPair.generate(new java.security.SecureRandom())
            .toPem(org.primum.core.crypto.SecretAccess.insecure());
    assertThat(PEM_KEY.matcher("String k = \"" + pem + "\";").find()).isTrue();
    assertThat(PASSWORD.matcher("String password = \"hunter22\";").find()).isTrue();
    assertThat(PASSWORD.matcher("String password = generated();").find()).isFalse();
  }

  @Test
  void mn4_noKeyOrPasswordLiterals_inSourcesOrResources() throws IOException {
    Path root = Path.of("..").toAbsolutePath().normalize();
    List<String> found = new ArrayList<>();
    try (Stream<Path> files = Files.walk(root)) {
      for (Path file :
          files
              .filter(Files::isRegularFile)
              .filter(p -> p.toString().contains("/src/main/"))
              .filter(p -> !p.toString().contains("/target/"))
              .toList()) {
        String text = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
        if (PEM_KEY.matcher(text).find()) {
          found.add(root.relativize(file) + ": a PEM private key");
        }
        var password = PASSWORD.matcher(text);
        if (password.find()) {
          found.add(root.relativize(file) + ": " + password.group());
        }
      }
    }
    assertThat(found).isEmpty();
  }
}
