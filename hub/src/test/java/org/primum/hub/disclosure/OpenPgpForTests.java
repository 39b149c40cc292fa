package org.primum.hub.disclosure;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Date;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.bcpg.ArmoredOutputStream;
import org.bouncycastle.bcpg.SymmetricKeyAlgorithmTags;
import org.bouncycastle.openpgp.PGPEncryptedDataGenerator;
import org.bouncycastle.openpgp.PGPLiteralData;
import org.bouncycastle.openpgp.PGPLiteralDataGenerator;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.openpgp.PGPPublicKeyRing;
import org.bouncycastle.openpgp.PGPUtil;
import org.bouncycastle.openpgp.operator.bc.BcKeyFingerprintCalculator;
import org.bouncycastle.openpgp.operator.bc.BcPGPDataEncryptorBuilder;
import org.bouncycastle.openpgp.operator.bc.BcPublicKeyKeyEncryptionMethodGenerator;
import org.junit.jupiter.api.Assumptions;

/** What a finder does with the hub's key: encrypt with BouncyCastle, or with GnuPG if present. */
final class OpenPgpForTests {
  private OpenPgpForTests() {}

  static String encrypt(String armoredPublicKey, String text, boolean integrity) throws Exception {
    PGPPublicKeyRing ring =
        new PGPPublicKeyRing(
            PGPUtil.getDecoderStream(
                new ByteArrayInputStream(armoredPublicKey.getBytes(StandardCharsets.US_ASCII))),
            new BcKeyFingerprintCalculator());
    PGPPublicKey recipient = null;
    for (Iterator<PGPPublicKey> it = ring.getPublicKeys(); it.hasNext(); ) {
      PGPPublicKey key = it.next();
      if (key.isEncryptionKey() && !key.isMasterKey()) {
        recipient = key;
      }
    }
    PGPEncryptedDataGenerator generator =
        new PGPEncryptedDataGenerator(
            new BcPGPDataEncryptorBuilder(SymmetricKeyAlgorithmTags.AES_256)
                .setWithIntegrityPacket(integrity)
                .setSecureRandom(new SecureRandom()));
    generator.addMethod(new BcPublicKeyKeyEncryptionMethodGenerator(recipient));
    byte[] clear = text.getBytes(StandardCharsets.UTF_8);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ArmoredOutputStream armor = new ArmoredOutputStream(out)) {
      OutputStream encrypted = generator.open(armor, new byte[4096]);
      PGPLiteralDataGenerator literal = new PGPLiteralDataGenerator();
      try (OutputStream literalOut =
          literal.open(encrypted, PGPLiteralData.UTF8, "report.txt", clear.length, new Date())) {
        literalOut.write(clear);
      }
      encrypted.close();
    }
    return out.toString(StandardCharsets.US_ASCII);
  }

  /** GnuPG, in its own home directory, or the test is skipped. */
  static final class Gpg {
    private final Path home;

    Gpg(Path dir) throws IOException {
      Assumptions.assumeTrue(available(), "gpg is not installed; skipping the GnuPG interop check");
      this.home = Files.createDirectories(dir.resolve("gnupg"));
      home.toFile().setReadable(false, false);
      home.toFile().setReadable(true, true);
      home.toFile().setExecutable(false, false);
      home.toFile().setExecutable(true, true);
    }

    static boolean available() {
      try {
        return new ProcessBuilder("gpg", "--version").start().waitFor(20, TimeUnit.SECONDS);
      } catch (IOException | InterruptedException e) {
        return false;
      }
    }

    /** Runs gpg; returns exit code and combined output. */
    Result run(byte[] stdin, String... args) throws Exception {
      List<String> command =
          new ArrayList<>(List.of("gpg", "--batch", "--no-tty", "--homedir", home.toString()));
      command.addAll(List.of(args));
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      try (OutputStream in = process.getOutputStream()) {
        in.write(stdin);
      }
      byte[] output = process.getInputStream().readAllBytes();
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IllegalStateException("gpg did not finish");
      }
      return new Result(process.exitValue(), new String(output, StandardCharsets.UTF_8));
    }

    void close() {
      try {
        new ProcessBuilder("gpgconf", "--homedir", home.toString(), "--kill", "all")
            .start()
            .waitFor(20, TimeUnit.SECONDS);
      } catch (IOException | InterruptedException e) {
        // nothing was started
      }
    }
  }

  record Result(int exit, String output) {}
}
