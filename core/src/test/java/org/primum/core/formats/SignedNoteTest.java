package org.primum.core.formats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.primum.core.crypto.Ed25519KeyPair;

/**
 * c2sp.org/signed-note, including interoperability with the published example of the Go
 * golang.org/x/mod/sumdb/note package (its public verifier key and signed note).
 */
class SignedNoteTest {
  /** Public verifier key of the Go sumdb/note example (no private material). */
  private static final String GO_VKEY =
      "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW";

  private static final String GO_TEXT =
      "If you think cryptography is the answer to your problem,\n"
          + "then you don't know what your problem is.\n";
  private static final String GO_NOTE =
      GO_TEXT
          + "\n\u2014 PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n";

  private final SecureRandom random = new SecureRandom();

  @Test
  void goExample_verifiesWithItsPublishedKey() throws Exception {
    NoteVerifierKey key = NoteVerifierKey.parse(GO_VKEY);
    assertThat(key.text()).isEqualTo(GO_VKEY);
    SignedNote.Verified verified = SignedNote.parse(GO_NOTE).verify(List.of(key));
    assertThat(verified.text()).isEqualTo(GO_TEXT);
    assertThat(verified.signers()).containsExactly("PeterNeumann");
  }

  @Test
  void goExample_withEditedText_isRejected() throws Exception {
    NoteVerifierKey key = NoteVerifierKey.parse(GO_VKEY);
    SignedNote edited = SignedNote.parse(GO_NOTE.replace("cryptography", "cryptographY"));
    assertThatThrownBy(() -> edited.verify(List.of(key)))
        .isInstanceOf(NoteRejection.class)
        .hasMessageContaining("does not verify");
  }

  @Test
  void verifierKey_withWrongId_isRejected() {
    assertThatThrownBy(() -> NoteVerifierKey.parse(GO_VKEY.replace("c74f20a3", "c74f20a4")))
        .hasMessageContaining("does not match the key");
    assertThatThrownBy(() -> NoteVerifierKey.parse("nameonly")).isInstanceOf(NoteRejection.class);
  }

  @Test
  void sign_thenVerify_roundTrips_andIgnoresUnknownSigners() throws Exception {
    Ed25519KeyPair mine = Ed25519KeyPair.generate(random);
    Ed25519KeyPair other = Ed25519KeyPair.generate(random);
    String text = "hello\nworld\n";
    String note = SignedNote.sign(text, "primum.example/one", mine);
    String doubly =
        note + SignedNote.sign(text, "someone.else/two", other).substring(text.length() + 1);
    NoteVerifierKey key = NoteVerifierKey.of("primum.example/one", mine.publicKey());
    SignedNote.Verified verified = SignedNote.parse(doubly).verify(List.of(key));
    assertThat(verified.text()).isEqualTo(text);
    assertThat(verified.signers()).containsExactly("primum.example/one");
    NoteVerifierKey stranger = NoteVerifierKey.of("nobody.example/x", other.publicKey());
    assertThatThrownBy(() -> SignedNote.parse(note).verify(List.of(stranger)))
        .hasMessageContaining("no signature by a trusted key");
  }

  @Test
  void cosign_appendsOneSignature_keepsTextAndEarlierLines() throws Exception {
    Ed25519KeyPair first = Ed25519KeyPair.generate(random);
    Ed25519KeyPair second = Ed25519KeyPair.generate(random);
    String text = "line one\n\nline three\n";
    String note = SignedNote.sign(text, "pharmacy.example/a", first);
    String cosigned = SignedNote.cosign(note, "pharmacy.example/b", second);

    assertThat(cosigned).startsWith(note);
    assertThat(cosigned.substring(note.length())).startsWith("\u2014 pharmacy.example/b ");
    assertThat(cosigned.lines().count()).isEqualTo(note.lines().count() + 1);
    SignedNote parsed = SignedNote.parse(cosigned);
    assertThat(parsed.unverifiedText()).isEqualTo(text);
    assertThat(parsed.signatures())
        .extracting(SignedNote.Signature::keyName)
        .containsExactly("pharmacy.example/a", "pharmacy.example/b");
    SignedNote.Verified verified =
        parsed.verify(
            List.of(
                NoteVerifierKey.of("pharmacy.example/a", first.publicKey()),
                NoteVerifierKey.of("pharmacy.example/b", second.publicKey())));
    assertThat(verified.text()).isEqualTo(text);
    assertThat(verified.signers()).containsExactly("pharmacy.example/a", "pharmacy.example/b");

    assertThatThrownBy(() -> SignedNote.cosign("unsigned text\n", "k", second))
        .isInstanceOf(NoteRejection.class)
        .hasMessageContaining("blank line");
  }

  @Test
  void parse_malformedNotes_areRejectedWithReasons() {
    String good = SignedNote.sign("text\n", "k", Ed25519KeyPair.generate(random));
    String[][] cases = {
      {"text\n", "blank line"},
      {"text\n\n", "no signature"},
      {"te\u0001xt\n\n\u2014 k AAAAAAA=\n", "control characters"},
      {good.substring(0, good.length() - 1), "end with a newline"},
      {"text\n\n- k AAAAAAA=\n", "em dash"},
      {"text\n\n\u2014 k+x AAAAAAA=\n", "spaces or '+'"},
      {"text\n\n\u2014 k !!!\n", "base64"},
      {"text\n\n\u2014 k AAA=\n", "key ID and a signature"},
    };
    for (String[] c : cases) {
      assertThatThrownBy(() -> SignedNote.parse(c[0]))
          .as(c[0])
          .isInstanceOf(NoteRejection.class)
          .hasMessageContaining(c[1]);
    }
    assertThatThrownBy(() -> SignedNote.parse(new byte[] {'a', (byte) 0xff, '\n', '\n'}))
        .hasMessageContaining("UTF-8");
  }

  @Test
  void textMayContainEmptyLines_theLastOneSeparates() throws Exception {
    Ed25519KeyPair key = Ed25519KeyPair.generate(random);
    String text = "line one\n\nline three\n";
    String note = SignedNote.sign(text, "k", key);
    assertThat(
            SignedNote.parse(note).verify(List.of(NoteVerifierKey.of("k", key.publicKey()))).text())
        .isEqualTo(text);
    assertThat(note.getBytes(StandardCharsets.UTF_8)).isNotEmpty();
  }
}
