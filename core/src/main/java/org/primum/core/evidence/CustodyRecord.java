package org.primum.core.evidence;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;
import org.primum.core.crypto.Ed25519KeyPair;
import org.primum.core.crypto.Hashes;
import org.primum.core.formats.NoteRejection;
import org.primum.core.formats.NoteVerifierKey;
import org.primum.core.formats.SignedNote;

/**
 * One hand-over of an evidence bundle: who did what with it, when, why, over which content, chained
 * to the previous record by hash. Each record is a signed note whose text is
 *
 * <pre>
 * primum.custody/v1
 * &lt;index, from 0&gt;
 * &lt;action: exported | transferred | received | verified | sealed&gt;
 * &lt;actor&gt;
 * &lt;at, ISO-8601&gt;
 * &lt;bundle content digest, SHA-256 hex&gt;
 * &lt;previous record digest, SHA-256 hex of its whole note; 64 zeros for the first&gt;
 * &lt;reason, one line&gt;
 * </pre>
 */
public record CustodyRecord(
    int index,
    String action,
    String actor,
    Instant at,
    String contentDigest,
    String previousDigest,
    String reason) {
  static final String HEADER = "primum.custody/v1";
  public static final String FIRST_PREVIOUS = "0".repeat(64);
  private static final Pattern HEX64 = Pattern.compile("[0-9a-f]{64}");
  private static final List<String> ACTIONS =
      List.of("exported", "transferred", "received", "verified", "sealed");

  public CustodyRecord {
    if (index < 0) {
      throw new IllegalArgumentException("a custody index is not negative");
    }
    if (!ACTIONS.contains(action)) {
      throw new IllegalArgumentException("a custody action is one of " + ACTIONS);
    }
    requireLine("actor", actor);
    Objects.requireNonNull(at, "at");
    if (contentDigest == null || !HEX64.matcher(contentDigest).matches()) {
      throw new IllegalArgumentException("the content digest is 64 lower-case hex digits");
    }
    if (previousDigest == null || !HEX64.matcher(previousDigest).matches()) {
      throw new IllegalArgumentException("the previous digest is 64 lower-case hex digits");
    }
    requireLine("reason", reason);
  }

  private static void requireLine(String field, String value) {
    if (value == null || value.isBlank() || value.contains("\n") || value.length() > 500) {
      throw new IllegalArgumentException(
          field + " is one non-empty line of at most 500 characters");
    }
  }

  public String text() {
    return String.join(
            "\n",
            HEADER,
            Integer.toString(index),
            action,
            actor,
            at.toString(),
            contentDigest,
            previousDigest,
            reason)
        + "\n";
  }

  /** Signs the record with {@code key} named {@code keyName}. */
  public String sign(String keyName, Ed25519KeyPair key) {
    return SignedNote.sign(text(), keyName, key);
  }

  /** The digest the next record must name: SHA-256 of this record's complete signed note. */
  public static String digestOf(String signedNote) {
    return HexFormat.of()
        .formatHex(Hashes.sha256(signedNote.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
  }

  /** Verifies a signed record with the trusted keys and reads it. */
  public static CustodyRecord open(String note, Collection<NoteVerifierKey> keys)
      throws NoteRejection {
    String text = SignedNote.parse(note).verify(keys).text();
    List<String> lines = Arrays.asList(text.split("\n", -1));
    if (lines.size() != 9 || !lines.get(0).equals(HEADER) || !lines.get(8).isEmpty()) {
      throw new NoteRejection("custody-format", "not a " + HEADER + " record");
    }
    try {
      return new CustodyRecord(
          Integer.parseInt(lines.get(1)),
          lines.get(2),
          lines.get(3),
          Instant.parse(lines.get(4)),
          lines.get(5),
          lines.get(6),
          lines.get(7));
    } catch (IllegalArgumentException | DateTimeParseException e) {
      throw new NoteRejection(
          "custody-format",
          String.format(Locale.ROOT, "unreadable custody record: %s", e.getMessage()));
    }
  }
}
