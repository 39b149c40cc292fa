package org.primum.pump;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.primum.core.files.SecureFiles;
import org.primum.core.formats.NoteVerifierKey;
import org.primum.pump.druglib.DrugLibrary;
import org.primum.pump.druglib.DrugLibraryRejection;
import org.primum.pump.druglib.SignedDrugLibrary;

/**
 * The pump's active drug library and the pharmacy keys it trusts (trusted input). A library is
 * installed only with a threshold of pharmacy signatures, a higher version and this device type;
 * otherwise the last good one stays active and the caller logs why. The active library is kept as
 * its signed note, and re-verified from disk on demand: a library that no longer verifies while in
 * use is an integrity failure (the pump latches safe mode).
 */
public final class ActiveDrugLibrary {
  /** The reference pump's device type, as libraries name it. */
  public static final String DEVICE_TYPE = "primum-rp1";

  private final Path file;
  private final List<NoteVerifierKey> pharmacyKeys;
  private final int threshold;
  private volatile DrugLibrary active;

  private ActiveDrugLibrary(Path file, List<NoteVerifierKey> pharmacyKeys, int threshold) {
    this.file = file;
    this.pharmacyKeys = List.copyOf(pharmacyKeys);
    this.threshold = threshold;
  }

  /**
   * Opens the store in {@code dir}, loading the library installed before if there is one.
   *
   * @throws DrugLibraryRejection if the stored library no longer verifies (the caller latches safe
   *     mode: it was accepted once, so it was altered on the device)
   */
  public static ActiveDrugLibrary open(Path dir, List<NoteVerifierKey> pharmacyKeys, int threshold)
      throws IOException, DrugLibraryRejection {
    SecureFiles.ownerOnlyDirectory(dir);
    ActiveDrugLibrary store =
        new ActiveDrugLibrary(dir.resolve("active.note"), pharmacyKeys, threshold);
    if (Files.exists(store.file)) {
      store.active = store.verifyStored();
    }
    return store;
  }

  public Optional<DrugLibrary> current() {
    return Optional.ofNullable(active);
  }

  /**
   * Installs a signed library if it verifies and is newer; returns it.
   *
   * @throws DrugLibraryRejection why not (the active library is unchanged)
   */
  public synchronized DrugLibrary install(byte[] signedNote)
      throws IOException, DrugLibraryRejection {
    long activeVersion = active == null ? 0 : active.version();
    DrugLibrary library =
        SignedDrugLibrary.open(signedNote, pharmacyKeys, threshold, DEVICE_TYPE, activeVersion);
    SecureFiles.writePublic(file, signedNote);
    active = library;
    return library;
  }

  /**
   * Re-reads and re-verifies the active library from storage.
   *
   * @return why it fails, or empty if it still verifies (or none is installed)
   */
  public synchronized Optional<String> integrityProblem() {
    if (active == null) {
      return Optional.empty();
    }
    try {
      DrugLibrary stored = verifyStored();
      if (stored.version() != active.version()
          || !java.util.Arrays.equals(stored.canonicalJson(), active.canonicalJson())) {
        return Optional.of("the stored library is not the one in use");
      }
      return Optional.empty();
    } catch (DrugLibraryRejection | IOException e) {
      return Optional.of("the library in use no longer verifies: " + e.getMessage());
    }
  }

  private DrugLibrary verifyStored() throws IOException, DrugLibraryRejection {
    byte[] note = Files.readAllBytes(file);
    // The stored library was accepted at a higher version than what came before it; here it is
    // checked against itself (activeVersion = its own version - 1 is not known before parsing, so
    // accept any version the signatures vouch for).
    return SignedDrugLibrary.open(note, pharmacyKeys, threshold, DEVICE_TYPE, 0);
  }

  /** Where the active library's signed note is kept. */
  public Path file() {
    return file;
  }
}
