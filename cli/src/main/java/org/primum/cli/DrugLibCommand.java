package org.primum.cli;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.primum.core.crypto.Ed25519KeyPair;
import org.primum.core.crypto.Pem;
import org.primum.core.crypto.SecretAccess;
import org.primum.core.files.SecureFiles;
import org.primum.core.formats.NoteRejection;
import org.primum.core.formats.NoteVerifierKey;
import org.primum.core.formats.SignedNote;
import org.primum.pump.ActiveDrugLibrary;
import org.primum.pump.druglib.DrugLibrary;
import org.primum.pump.druglib.DrugLibraryRejection;
import org.primum.pump.druglib.SignedDrugLibrary;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code primum druglib}: the pharmacy's side of trusted drug libraries. */
@Command(
    name = "druglib",
    mixinStandardHelpOptions = true,
    description = {
      "Pharmacy tools for signed drug libraries (see docs/drug-library.md): make a pharmacy key,",
      "sign or co-sign a library (a pump needs a threshold of pharmacy signatures), verify one."
    },
    subcommands = {
      DrugLibCommand.Keygen.class,
      DrugLibCommand.Sign.class,
      DrugLibCommand.Verify.class,
      DrugLibCommand.Publish.class
    })
final class DrugLibCommand implements Runnable {
  @Override
  public void run() {
    System.err.println("Use one of: druglib keygen | druglib sign | druglib verify (see --help).");
  }

  @Command(
      name = "keygen",
      mixinStandardHelpOptions = true,
      description = "Make a pharmacy signing key (Ed25519, mode 0600) and print its verifier key.")
  static final class Keygen implements Callable<Integer> {
    @Option(
        names = "--name",
        required = true,
        description = "Key name, e.g. pharmacy.example/alice")
    String name;

    @Option(names = "--out", required = true, description = "Where to write the private key (PEM).")
    Path out;

    @Override
    public Integer call() throws Exception {
      if (Files.exists(out)) {
        System.err.println("Refusing to overwrite " + out);
        return 2;
      }
      Ed25519KeyPair key = Ed25519KeyPair.generate(new SecureRandom());
      NoteVerifierKey verifier = NoteVerifierKey.of(name, key.publicKey());
      SecureFiles.writeSecret(
          out, key.toPem(SecretAccess.insecure()).getBytes(StandardCharsets.US_ASCII));
      System.out.println(verifier.text());
      System.err.println(
          "Private key in "
              + out
              + " (keep it offline). Give the line above to the pumps' pharmacy-keys file.");
      return 0;
    }
  }

  @Command(
      name = "sign",
      mixinStandardHelpOptions = true,
      description = {
        "Sign a library (JSON: it is checked and put in canonical form first), or add your",
        "signature to a library another pharmacist already signed (a signed note)."
      })
  static final class Sign implements Callable<Integer> {
    @Parameters(index = "0", description = "The library JSON, or a signed library to co-sign.")
    Path library;

    @Option(names = "--key", required = true, description = "Your pharmacy key (PEM).")
    Path keyFile;

    @Option(names = "--name", required = true, description = "Your key's name.")
    String name;

    @Option(names = "--out", required = true, description = "Where to write the signed library.")
    Path out;

    @Override
    public Integer call() throws Exception {
      Ed25519KeyPair key;
      try {
        key =
            Ed25519KeyPair.fromPem(
                new String(SecureFiles.readSecret(keyFile), StandardCharsets.US_ASCII));
      } catch (Pem.PemRejection e) {
        System.err.println(keyFile + ": not a pharmacy key: " + e.getMessage());
        return 2;
      }
      byte[] input = Files.readAllBytes(library);
      String note;
      try {
        if (looksSigned(input)) {
          note = SignedDrugLibrary.cosign(new String(input, StandardCharsets.UTF_8), name, key);
        } else {
          note = SignedDrugLibrary.sign(DrugLibrary.parse(input), name, key);
        }
      } catch (DrugLibraryRejection e) {
        System.err.println(library + ": " + e.getMessage());
        return 1;
      } catch (IllegalArgumentException e) {
        System.err.println(e.getMessage());
        return 2;
      }
      SecureFiles.writePublic(out, note.getBytes(StandardCharsets.UTF_8));
      int signatures = SignedNote.parse(note).signatures().size();
      System.out.println(out + " (" + signatures + " signature(s))");
      return 0;
    }

    private static boolean looksSigned(byte[] input) {
      try {
        return !SignedNote.parse(input).signatures().isEmpty();
      } catch (NoteRejection e) {
        return false;
      }
    }
  }

  @Command(
      name = "verify",
      mixinStandardHelpOptions = true,
      description = "Check a signed library as a pump would (signatures, threshold, device type).")
  static final class Verify implements Callable<Integer> {
    @Parameters(index = "0", description = "The signed library.")
    Path library;

    @Option(
        names = "--pharmacy-keys",
        required = true,
        description = "First line the threshold, then one verifier key per line.")
    Path keysFile;

    @Option(names = "--device-type", defaultValue = ActiveDrugLibrary.DEVICE_TYPE)
    String deviceType;

    @Override
    public Integer call() throws Exception {
      List<String> lines = Files.readAllLines(keysFile);
      int threshold;
      List<NoteVerifierKey> keys = new ArrayList<>();
      try {
        threshold = Integer.parseInt(lines.get(0).strip());
        for (String line : lines.subList(1, lines.size())) {
          if (!line.isBlank()) {
            keys.add(NoteVerifierKey.parse(line.strip()));
          }
        }
      } catch (RuntimeException | NoteRejection e) {
        System.err.println(
            keysFile + ": first line the threshold, then verifier keys: " + e.getMessage());
        return 2;
      }
      try {
        DrugLibrary verified =
            SignedDrugLibrary.open(Files.readAllBytes(library), keys, threshold, deviceType, 0);
        System.out.println(
            "VERIFIED "
                + library
                + ": version "
                + verified.version()
                + " for "
                + verified.deviceType()
                + ", "
                + verified.careAreas().size()
                + " care areas, "
                + verified.drugs().size()
                + " drugs, at least "
                + threshold
                + " pharmacy signature(s)");
        return 0;
      } catch (DrugLibraryRejection e) {
        System.out.println("REFUSED " + library + " (" + e.code() + "): " + e.getMessage());
        return 1;
      } catch (IllegalArgumentException e) {
        System.err.println(e.getMessage());
        return 2;
      }
    }
  }

  @Command(
      name = "publish",
      mixinStandardHelpOptions = true,
      description = {
        "Publish a signed drug library to the hub's image repository as a TUF target of the",
        "delegated pharmacy role, signed here by a threshold of the pharmacy's TUF keys (primum",
        "keys generate --role pharmacy). Pumps fetch it through the same verified path as software",
        "and still check the library's own pharmacy signatures before installing it."
      })
  static final class Publish implements Callable<Integer> {
    @Parameters(index = "0", description = "The signed library (from druglib sign).")
    Path library;

    @picocli.CommandLine.Mixin DataOptions data;

    @Option(
        names = "--pharmacy-key",
        required = true,
        arity = "1..*",
        paramLabel = "KEY",
        description = "Pharmacy TUF private keys (PEM), at least the delegation's threshold.")
    List<Path> keys;

    @Option(
        names = "--target",
        defaultValue = org.primum.pump.SimulatedPump.LIBRARY_TARGET,
        description = "Target path (default: ${DEFAULT-VALUE}).")
    String target;

    @Option(
        names = "--expires-days",
        defaultValue = "30",
        description = "Lifetime of the pharmacy's metadata (default: ${DEFAULT-VALUE}).")
    int expiresDays;

    @Override
    public Integer call() throws Exception {
      return ReleaseCommand.guarded(
          () -> {
            byte[] note = Files.readAllBytes(library);
            try {
              SignedNote.parse(new String(note, StandardCharsets.UTF_8));
            } catch (NoteRejection e) {
              throw new IllegalArgumentException(
                  library + ": not a signed drug library: " + e.getMessage());
            }
            List<org.primum.core.tuf.TufSigner> signers = new ArrayList<>();
            for (Path key : keys) {
              signers.add(KeysCommand.signer(key));
            }
            java.time.Instant now = java.time.Clock.systemUTC().instant();
            try (var local =
                org.primum.hub.LocalRepository.open(
                    data.config(), java.time.Clock.systemUTC(), new SecureRandom())) {
              var repository = local.repository();
              long version =
                  repository.roles().stream()
                          .filter(
                              r -> r.role().equals(org.primum.hub.updates.OfflineSigning.PHARMACY))
                          .mapToLong(org.primum.hub.updates.UpdateRepository.RoleStatus::version)
                          .max()
                          .orElse(0)
                      + 1;
              var targets =
                  new org.primum.core.tuf.TufMetadata.Targets(
                      org.primum.core.tuf.TufMetadata.SPEC_VERSION,
                      version,
                      now.plus(
                          java.time.Duration.ofDays(
                              ReleaseCommand.positive(expiresDays, "--expires-days"))),
                      java.util.Map.of(
                          target,
                          org.primum.core.tuf.TufMetadata.TargetFile.of(
                              note, java.util.Optional.empty())),
                      java.util.Optional.empty());
              repository.publishDelegated(
                  org.primum.hub.updates.OfflineSigning.PHARMACY,
                  org.primum.hub.updates.OfflineSigning.sign(targets, signers),
                  java.util.Map.of(target, note),
                  ReleaseCommand.actor());
              System.out.println(
                  "Published "
                      + library.getFileName()
                      + " as "
                      + target
                      + " (pharmacy metadata version "
                      + version
                      + "). Pumps fetch it at their next update check.");
            }
            return 0;
          });
    }
  }
}
