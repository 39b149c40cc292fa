package org.primum.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.primum.core.crypto.Ed25519KeyPair;
import org.primum.core.crypto.Pem;
import org.primum.core.crypto.SecretAccess;
import org.primum.core.files.SecureFiles;
import org.primum.core.json.Json;
import org.primum.core.tuf.TufCanonicalJson;
import org.primum.core.tuf.TufKey;
import org.primum.core.tuf.TufRejection;
import org.primum.core.tuf.TufSigner;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code primum keys}: TUF signing keys for the release manager's offline machine. */
@Command(
    name = "keys",
    mixinStandardHelpOptions = true,
    description =
        "TUF signing keys (Ed25519) for the update repository; see docs/update-repository.md.",
    subcommands = {KeysCommand.Generate.class})
final class KeysCommand implements Runnable {
  static final List<String> ROLES =
      List.of("root", "targets", "snapshot", "timestamp", "director", "pharmacy");

  @Override
  public void run() {
    System.err.println("Use: keys generate --role ROLE --out FILE (see --help).");
  }

  @Command(
      name = "generate",
      mixinStandardHelpOptions = true,
      description = {
        "Make an Ed25519 key for a TUF role: the private key as PEM (mode 0600) in FILE, the public",
        "TUF key and its key id in FILE.pub.json. Keep root, targets and pharmacy keys offline."
      })
  static final class Generate implements Callable<Integer> {
    @Option(
        names = "--role",
        required = true,
        description = "root, targets, snapshot, timestamp, director or pharmacy")
    String role;

    @Option(names = "--out", required = true, description = "Where to write the private key (PEM).")
    Path out;

    @Override
    public Integer call() throws Exception {
      String normalized = role.strip().toLowerCase(Locale.ROOT);
      if (!ROLES.contains(normalized)) {
        System.err.println("Unknown role \"" + role + "\"; expected one of " + ROLES);
        return 2;
      }
      Path pub = publicFile(out);
      if (Files.exists(out) || Files.exists(pub)) {
        System.err.println("Refusing to overwrite " + (Files.exists(out) ? out : pub));
        return 2;
      }
      Ed25519KeyPair key = Ed25519KeyPair.generate(new SecureRandom());
      TufKey tufKey = TufKey.ed25519(key.publicKey());
      SecureFiles.writeSecret(
          out, key.toPem(SecretAccess.insecure()).getBytes(StandardCharsets.US_ASCII));
      ObjectNode json = JsonNodeFactory.instance.objectNode();
      json.put("keyid", tufKey.keyId());
      json.put("role", normalized);
      json.set("key", tufKey.toJson());
      SecureFiles.writePublic(pub, TufCanonicalJson.encode(json));
      System.out.println(tufKey.keyId() + " " + normalized + " " + pub);
      System.err.println(
          "Private key in "
              + out
              + (List.of("root", "targets", "pharmacy").contains(normalized)
                  ? " (keep it offline)."
                  : ".")
              + " Public key and key id in "
              + pub
              + ".");
      return 0;
    }
  }

  /** {@code FILE.pub.json}. */
  static Path publicFile(Path privateKey) {
    return privateKey.resolveSibling(privateKey.getFileName() + ".pub.json");
  }

  /**
   * A signer from a private key PEM written by {@code keys generate} (owner-only permissions
   * required).
   *
   * @throws IllegalArgumentException naming the file, if it is not an Ed25519 private key
   */
  static TufSigner signer(Path file) throws IOException {
    try {
      return TufSigner.ed25519(
          Ed25519KeyPair.fromPem(
              new String(SecureFiles.readSecret(file), StandardCharsets.US_ASCII)));
    } catch (Pem.PemRejection e) {
      throw new IllegalArgumentException(file + ": not an Ed25519 private key: " + e.getMessage());
    }
  }

  /** Whether {@code file} holds a public key ({@code .pub.json}) rather than a private one. */
  static boolean isPublic(Path file) {
    return file.getFileName().toString().endsWith(".json");
  }

  /**
   * The public TUF key in {@code file}: a {@code .pub.json} written by {@code keys generate}, or
   * the public half of a private key PEM.
   */
  static TufKey publicKey(Path file) throws IOException {
    if (!isPublic(file)) {
      return signer(file).key();
    }
    try {
      JsonNode json = Json.readTree(Files.readAllBytes(file));
      TufKey key = TufKey.fromJson(json.get("key"));
      JsonNode keyId = json.get("keyid");
      if (keyId != null && !keyId.asText().equals(key.keyId())) {
        throw new IllegalArgumentException(
            file + ": key id " + keyId.asText() + " does not match its key (" + key.keyId() + ")");
      }
      if (!key.isSupported()) {
        throw new IllegalArgumentException(file + ": unsupported key type " + key.keyType());
      }
      return key;
    } catch (Json.JsonRejection | TufRejection.Malformed e) {
      throw new IllegalArgumentException(file + ": not a TUF public key file: " + e.getMessage());
    }
  }
}
