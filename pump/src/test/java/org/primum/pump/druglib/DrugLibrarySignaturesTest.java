package org.primum.pump.druglib;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.primum.core.crypto.Ed25519KeyPair;
import org.primum.core.formats.NoteVerifierKey;
import org.primum.core.formats.SignedNote;
import org.primum.core.json.Json;

/**
 * "The drug library is accepted only with valid signatures from the pharmacy keys (threshold), a
 * version higher than the active one, and the right device type" (PUMP-SAFETY.md, MN3): a 2-of-3
 * pharmacy threshold.
 */
class DrugLibrarySignaturesTest {
  private static final String DEVICE = "primum-rp1";
  private static final String A = "pharmacy.example/alice";
  private static final String B = "pharmacy.example/bob";
  private static final String C = "pharmacy.example/carol";

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Ed25519KeyPair KEY_A = Ed25519KeyPair.generate(RANDOM);
  private static final Ed25519KeyPair KEY_B = Ed25519KeyPair.generate(RANDOM);
  private static final Ed25519KeyPair KEY_C = Ed25519KeyPair.generate(RANDOM);
  private static final Ed25519KeyPair STRANGER = Ed25519KeyPair.generate(RANDOM);

  private static final List<NoteVerifierKey> PHARMACY =
      List.of(
          NoteVerifierKey.of(A, KEY_A.publicKey()),
          NoteVerifierKey.of(B, KEY_B.publicKey()),
          NoteVerifierKey.of(C, KEY_C.publicKey()));

  private static final DrugLibrary V2 = library(2, DEVICE);

  @Test
  void threshold_twoDistinctPharmacyKeys_areAccepted() throws Exception {
    String note = SignedDrugLibrary.cosign(SignedDrugLibrary.sign(V2, A, KEY_A), C, KEY_C);

    DrugLibrary opened = open(note, 1);

    assertThat(opened.version()).isEqualTo(2);
    assertThat(opened.canonicalJson()).isEqualTo(V2.canonicalJson());
    assertThat(SignedNote.parse(note).unverifiedText()).isEqualTo(SignedDrugLibrary.text(V2));
  }

  @Test
  void threshold_oneSigner_isRejected() {
    String note = SignedDrugLibrary.sign(V2, A, KEY_A);

    expect(
        () -> open(note, 1),
        "threshold",
        "expected signatures by at least 2 of the 3 pharmacy keys, found 1 (" + A + ")");
  }

  @Test
  void threshold_sameKeyTwice_countsOnce() throws Exception {
    String note = SignedDrugLibrary.cosign(SignedDrugLibrary.sign(V2, A, KEY_A), A, KEY_A);
    assertThat(SignedNote.parse(note).signatures()).hasSize(2);

    expect(() -> open(note, 1), "threshold", "found 1 (" + A + ")");
  }

  @Test
  void threshold_untrustedKey_isIgnored() throws Exception {
    String withStranger =
        SignedDrugLibrary.cosign(
            SignedDrugLibrary.sign(V2, A, KEY_A), "evil.example/mallory", STRANGER);
    expect(() -> open(withStranger, 1), "threshold", "found 1");

    // A stranger's key under a trusted name has another key ID: ignored, not counted.
    String impostor = SignedDrugLibrary.cosign(SignedDrugLibrary.sign(V2, A, KEY_A), B, STRANGER);
    expect(() -> open(impostor, 1), "threshold", "found 1");

    String andBob = SignedDrugLibrary.cosign(withStranger, B, KEY_B);
    assertThat(open(andBob, 1).version()).isEqualTo(2);
  }

  @Test
  void threshold_noTrustedSigner_isRejected() {
    String note = SignedDrugLibrary.sign(V2, "evil.example/mallory", STRANGER);

    expect(() -> open(note, 1), "threshold", "found 0");
  }

  @Test
  void signature_tamperedText_isRejected() throws Exception {
    String note = SignedDrugLibrary.cosign(SignedDrugLibrary.sign(V2, A, KEY_A), B, KEY_B);
    String tampered = note.replace("\"max\":3000", "\"max\":30000");
    assertThat(tampered).isNotEqualTo(note);

    expect(() -> open(tampered, 1), "signature", "does not verify");
  }

  @Test
  void signature_oneBadTrustedSignature_rejectsEvenAboveThreshold() throws Exception {
    String good =
        SignedDrugLibrary.cosign(
            SignedDrugLibrary.cosign(SignedDrugLibrary.sign(V2, A, KEY_A), B, KEY_B), C, KEY_C);
    // Flip one bit in Carol's signature (the last line), keeping her key ID.
    List<String> lines = good.lines().toList();
    String last = lines.get(lines.size() - 1);
    int space = last.lastIndexOf(' ');
    byte[] blob = Base64.getDecoder().decode(last.substring(space + 1));
    blob[10] ^= 1;
    String bad =
        good.substring(0, good.length() - last.length() - 1)
            + last.substring(0, space + 1)
            + Base64.getEncoder().encodeToString(blob)
            + "\n";

    expect(() -> open(bad, 1), "signature", "the signature by " + C + " does not verify");
  }

  @Test
  void deviceType_otherDevice_isRejected() throws Exception {
    DrugLibrary other = library(2, "other-pump");
    String note = SignedDrugLibrary.cosign(SignedDrugLibrary.sign(other, A, KEY_A), B, KEY_B);

    expect(
        () -> open(note, 1),
        "device-type",
        "expected a library for device type \"primum-rp1\", found one for \"other-pump\"");
  }

  @Test
  void mn3_equalOrOlderVersion_isRejected() throws Exception {
    String note = SignedDrugLibrary.cosign(SignedDrugLibrary.sign(V2, A, KEY_A), B, KEY_B);

    expect(
        () -> open(note, 2),
        "not-newer",
        "expected a library version above the active version 2, found version 2");
    expect(() -> open(note, 5), "not-newer", "above the active version 5, found version 2");
    assertThat(open(note, 0).version()).as("no library active yet").isEqualTo(2);
  }

  @Test
  void format_signedButNotCanonical_isRejected() throws Exception {
    String pretty =
        Json.mapper()
            .writerWithDefaultPrettyPrinter()
            .writeValueAsString(Json.readTree(V2.canonicalJson()));
    String note =
        SignedNote.cosign(SignedNote.sign(pretty.replace("\r", "") + "\n", A, KEY_A), B, KEY_B);

    expect(() -> open(note, 1), "format", "not one line of RFC 8785 canonical JSON");
  }

  @Test
  void format_signedButMalformedLibrary_namesThePath() throws Exception {
    ObjectNode tree = (ObjectNode) Json.readTree(V2.canonicalJson());
    ((ObjectNode) tree.at("/drugs/0/entries/0/limits/rate/soft")).put("max", 5000);
    byte[] canonical = Json.canonical(tree);
    String note = SignedDrugLibrary.cosign(SignedDrugLibrary.sign(canonical, A, KEY_A), B, KEY_B);

    expect(
        () -> open(note, 1),
        "format",
        "drugs[0].entries[0].limits.rate: soft max 5000 exceeds hard max 3000");
  }

  @Test
  void format_garbage_isRejected() {
    expect(
        () ->
            SignedDrugLibrary.open(
                "not a note".getBytes(StandardCharsets.UTF_8), PHARMACY, 2, DEVICE, 0),
        "format",
        "not a signed drug library note");
  }

  @Test
  void trustConfiguration_mistakes_areProgrammerErrors() {
    byte[] note = SignedDrugLibrary.sign(V2, A, KEY_A).getBytes(StandardCharsets.UTF_8);
    assertThatThrownBy(() -> SignedDrugLibrary.open(note, PHARMACY, 0, DEVICE, 0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> SignedDrugLibrary.open(note, PHARMACY, 4, DEVICE, 0))
        .isInstanceOf(IllegalArgumentException.class);
    // One key trusted under two names would count twice towards the threshold.
    List<NoteVerifierKey> aliased =
        List.of(NoteVerifierKey.of(A, KEY_A.publicKey()), NoteVerifierKey.of(B, KEY_A.publicKey()));
    assertThatThrownBy(() -> SignedDrugLibrary.open(note, aliased, 2, DEVICE, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("trusted under another name");
  }

  @Test
  void sign_refusesNonCanonicalBytes() {
    assertThatThrownBy(
            () -> SignedDrugLibrary.sign("{ \"a\": 1 }".getBytes(StandardCharsets.UTF_8), A, KEY_A))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static DrugLibrary open(String note, long activeVersion) throws DrugLibraryRejection {
    return SignedDrugLibrary.open(
        note.getBytes(StandardCharsets.UTF_8), PHARMACY, 2, DEVICE, activeVersion);
  }

  private static void expect(ThrowingCallable call, String code, String message) {
    assertThatThrownBy(call)
        .isInstanceOf(DrugLibraryRejection.class)
        .hasMessageContaining(message)
        .extracting(e -> ((DrugLibraryRejection) e).code())
        .isEqualTo(code);
  }

  /** The demo library with another version and device type. */
  private static DrugLibrary library(long version, String deviceType) {
    try {
      ObjectNode tree = (ObjectNode) Json.readTree(DrugLibrary.demo().canonicalJson());
      tree.put("version", version);
      tree.put("deviceType", deviceType);
      return DrugLibrary.parse(Json.write(tree));
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }
}
