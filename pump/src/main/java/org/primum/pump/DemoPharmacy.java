package org.primum.pump;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import org.primum.core.crypto.Ed25519KeyPair;
import org.primum.core.crypto.Pem;
import org.primum.core.crypto.SecretAccess;
import org.primum.core.files.SecureFiles;
import org.primum.core.formats.NoteVerifierKey;
import org.primum.pump.druglib.DrugLibrary;
import org.primum.pump.druglib.DrugLibraryRejection;
import org.primum.pump.druglib.SignedDrugLibrary;

/**
 * The demo's hospital pharmacy: three pharmacy signing keys (generated on first use, kept as 0600
 * files beside the demo's data, never in the repository), of which two must sign a library. It
 * signs the synthetic demo library for the demo fleet, the way a real pharmacy signs its own.
 */
public final class DemoPharmacy {
  /** Signatures a library needs. */
  public static final int THRESHOLD = 2;

  private final List<Ed25519KeyPair> keys;
  private final List<NoteVerifierKey> verifiers;

  private DemoPharmacy(List<Ed25519KeyPair> keys) {
    this.keys = List.copyOf(keys);
    List<NoteVerifierKey> list = new ArrayList<>();
    for (int i = 0; i < keys.size(); i++) {
      list.add(NoteVerifierKey.of(keyName(i), keys.get(i).publicKey()));
    }
    this.verifiers = List.copyOf(list);
  }

  private static String keyName(int i) {
    return "primum.demo-pharmacy/" + (i + 1);
  }

  /** Loads the pharmacy's keys from {@code dir}, creating them on first use. */
  public static DemoPharmacy loadOrCreate(Path dir, SecureRandom random) throws IOException {
    SecureFiles.ownerOnlyDirectory(dir);
    List<Ed25519KeyPair> keys = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      Path file = dir.resolve("pharmacy-key-" + (i + 1) + ".pem");
      if (Files.exists(file)) {
        try {
          keys.add(
              Ed25519KeyPair.fromPem(
                  new String(SecureFiles.readSecret(file), StandardCharsets.US_ASCII)));
        } catch (Pem.PemRejection e) {
          throw new IOException("the pharmacy key " + file + " is damaged: " + e.getMessage(), e);
        }
      } else {
        Ed25519KeyPair key = Ed25519KeyPair.generate(random);
        SecureFiles.writeSecret(
            file, key.toPem(SecretAccess.insecure()).getBytes(StandardCharsets.US_ASCII));
        keys.add(key);
      }
    }
    return new DemoPharmacy(keys);
  }

  /** The keys a pump trusts for drug libraries. */
  public List<NoteVerifierKey> verifierKeys() {
    return verifiers;
  }

  /** {@code library} signed by the first {@code signers} pharmacy keys. */
  public byte[] sign(DrugLibrary library, int signers) {
    String note = SignedDrugLibrary.sign(library, keyName(0), keys.get(0));
    try {
      for (int i = 1; i < signers; i++) {
        note = SignedDrugLibrary.cosign(note, keyName(i), keys.get(i));
      }
    } catch (DrugLibraryRejection e) {
      throw new IllegalStateException("a library this pharmacy just signed does not parse", e);
    }
    return note.getBytes(StandardCharsets.UTF_8);
  }

  /** The demo library, signed by the threshold, with the keys that verify it. */
  public SimulatedPump.LibrarySupply demoSupply() {
    return new SimulatedPump.LibrarySupply(
        sign(DrugLibrary.demo(), THRESHOLD), verifierKeys(), THRESHOLD);
  }
}
