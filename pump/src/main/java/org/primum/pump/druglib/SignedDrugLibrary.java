package org.primum.pump.druglib;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import org.primum.core.crypto.Ed25519KeyPair;
import org.primum.core.formats.NoteRejection;
import org.primum.core.formats.NoteVerifierKey;
import org.primum.core.formats.SignedNote;
import org.primum.core.json.CanonicalJson;

/**
 * The signed form of a drug library: a C2SP signed note (c2sp.org/signed-note) whose text is the
 * library's RFC 8785 canonical JSON followed by {@code "\n"}, carrying one signature line per
 * pharmacy key.
 *
 * <p>Security guarantees ({@link #open}): the library is accepted only if (1) no signature by a
 * trusted pharmacy key fails, (2) at least {@code threshold} distinct trusted keys signed it (a key
 * signing twice counts once; signatures by unknown keys are ignored), (3) the signed text is
 * exactly the canonical form of a well-formed library, (4) it is for this device type, and (5) its
 * version is higher than the active one (no rollback, MN3). The signatures are checked before the
 * text is read. On any rejection the caller keeps the last good library active and logs the
 * rejection.
 *
 * <p>The signed form is bounded by {@link SignedNote#MAX_BYTES} (1 MiB), below the 4 MiB a plain
 * library document may have.
 */
public final class SignedDrugLibrary {
  private SignedDrugLibrary() {}

  /**
   * Verifies and parses a signed drug library.
   *
   * @param note the signed note's bytes (UTF-8)
   * @param pharmacyKeys the trusted pharmacy keys; names and public keys must be distinct
   * @param threshold how many distinct pharmacy keys must have signed, 1 to the number of keys
   * @param deviceType this device's type, e.g. {@code "primum-rp1"}
   * @param activeVersion the active library's version, or 0 if none is active
   * @return the verified library
   * @throws DrugLibraryRejection with code {@code signature}, {@code threshold}, {@code format},
   *     {@code device-type} or {@code not-newer}
   * @throws IllegalArgumentException if the trust configuration itself is wrong (threshold out of
   *     range, two keys with one name or one public key under two names)
   */
  public static DrugLibrary open(
      byte[] note,
      Collection<NoteVerifierKey> pharmacyKeys,
      int threshold,
      String deviceType,
      long activeVersion)
      throws DrugLibraryRejection {
    Objects.requireNonNull(note, "note");
    Objects.requireNonNull(deviceType, "deviceType");
    List<NoteVerifierKey> keys = trustedKeys(pharmacyKeys, threshold);

    SignedNote parsed;
    try {
      parsed = SignedNote.parse(note);
    } catch (NoteRejection e) {
      throw new DrugLibraryRejection(
          DrugLibraryRejection.FORMAT, "not a signed drug library note: " + e.getMessage());
    }
    // c2sp.org/signed-note: a failing signature by a known key rejects the note; unknown keys are
    // ignored.
    SignedNote.Verified verified;
    try {
      verified = parsed.verify(keys);
    } catch (NoteRejection e) {
      if (e.code().equals("note-untrusted")) {
        throw belowThreshold(0, keys.size(), threshold, List.of());
      }
      throw new DrugLibraryRejection(DrugLibraryRejection.SIGNATURE, e.getMessage());
    }
    // Threshold over distinct keys: names are unique among the trusted keys (checked above), so a
    // key that signed twice appears twice in signers() and counts once here.
    Set<String> signers = new LinkedHashSet<>(verified.signers());
    if (signers.size() < threshold) {
      throw belowThreshold(signers.size(), keys.size(), threshold, List.copyOf(signers));
    }

    String text = verified.text();
    byte[] json =
        text.substring(0, text.length() - 1).getBytes(StandardCharsets.UTF_8); // the final "\n"
    if (!CanonicalJson.isCanonical(json)) {
      throw new DrugLibraryRejection(
          DrugLibraryRejection.FORMAT,
          "the signed text is not one line of RFC 8785 canonical JSON followed by a newline");
    }
    DrugLibrary library = DrugLibrary.parse(json);
    // One byte form: what the pump uses is exactly what the pharmacists signed.
    if (!Arrays.equals(library.canonicalJson(), json)) {
      throw new DrugLibraryRejection(
          DrugLibraryRejection.FORMAT,
          "the signed library does not re-encode to the signed bytes; refusing an ambiguous form");
    }
    if (!library.deviceType().equals(deviceType)) {
      throw new DrugLibraryRejection(
          DrugLibraryRejection.DEVICE_TYPE,
          "expected a library for device type \""
              + deviceType
              + "\", found one for \""
              + library.deviceType()
              + "\"");
    }
    // MN3: no rollback, and no re-installing the active version.
    if (library.version() <= activeVersion) {
      throw new DrugLibraryRejection(
          DrugLibraryRejection.NOT_NEWER,
          String.format(
              Locale.ROOT,
              "expected a library version above the active version %d, found version %d",
              activeVersion,
              library.version()));
    }
    return library;
  }

  /** The note text pharmacy keys sign: the canonical JSON of {@code library} and a newline. */
  public static String text(DrugLibrary library) {
    return new String(library.canonicalJson(), StandardCharsets.UTF_8) + "\n";
  }

  /** Signs {@code library} with one pharmacy key; add more with {@link #cosign}. */
  public static String sign(DrugLibrary library, String keyName, Ed25519KeyPair key) {
    return SignedNote.sign(text(library), keyName, key);
  }

  /**
   * Signs a library given as its canonical JSON bytes with one pharmacy key.
   *
   * @throws IllegalArgumentException if the bytes are not RFC 8785 canonical JSON
   */
  public static String sign(byte[] canonicalJson, String keyName, Ed25519KeyPair key) {
    if (!CanonicalJson.isCanonical(canonicalJson)) {
      throw new IllegalArgumentException("a drug library is signed in RFC 8785 canonical form");
    }
    return SignedNote.sign(new String(canonicalJson, StandardCharsets.UTF_8) + "\n", keyName, key);
  }

  /**
   * Adds one more pharmacy signature to a signed library note.
   *
   * @throws DrugLibraryRejection with code {@code format} if {@code note} is not a signed note
   */
  public static String cosign(String note, String keyName, Ed25519KeyPair key)
      throws DrugLibraryRejection {
    try {
      return SignedNote.cosign(note, keyName, key);
    } catch (NoteRejection e) {
      throw new DrugLibraryRejection(DrugLibraryRejection.FORMAT, e.getMessage());
    }
  }

  private static List<NoteVerifierKey> trustedKeys(
      Collection<NoteVerifierKey> pharmacyKeys, int threshold) {
    List<NoteVerifierKey> keys = List.copyOf(Objects.requireNonNull(pharmacyKeys, "pharmacyKeys"));
    Set<String> names = new HashSet<>();
    Set<String> publicKeys = new HashSet<>();
    for (NoteVerifierKey key : keys) {
      if (!names.add(key.name())) {
        throw new IllegalArgumentException("two pharmacy keys are named " + key.name());
      }
      // One key under two names would count twice towards the threshold.
      if (!publicKeys.add(Arrays.toString(key.verifier().publicKey()))) {
        throw new IllegalArgumentException(
            "the public key of " + key.name() + " is trusted under another name too");
      }
    }
    if (threshold < 1 || threshold > keys.size()) {
      throw new IllegalArgumentException(
          String.format(
              Locale.ROOT,
              "the threshold must be 1 to %d (the number of pharmacy keys), found %d",
              keys.size(),
              threshold));
    }
    return keys;
  }

  private static DrugLibraryRejection belowThreshold(
      int signed, int trusted, int threshold, List<String> signers) {
    return new DrugLibraryRejection(
        DrugLibraryRejection.THRESHOLD,
        String.format(
            Locale.ROOT,
            "expected signatures by at least %d of the %d pharmacy keys, found %d%s",
            threshold,
            trusted,
            signed,
            signers.isEmpty() ? "" : " (" + String.join(", ", new ArrayList<>(signers)) + ")"));
  }
}
