package org.primum.hub.updates;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;
import org.primum.core.json.Json;
import org.primum.core.tuf.TufMetadata;
import org.primum.core.tuf.TufRejection;

/**
 * The checks of a release's parts against what the targets keys signed: the image target's {@code
 * custom} object (contract: version, hardware ids, release counter, notes hash), lengths and
 * hashes, and the notes and SBOM themselves.
 */
final class ReleaseChecks {
  private ReleaseChecks() {}

  /** Checks the image target's custom object (contract) and returns its release counter. */
  static long checkFirmwareCustom(
      TufMetadata.TargetFile entry,
      UpdateRepository.Publication p,
      String notesSha256,
      long highest)
      throws UpdateRefusal {
    JsonNode custom =
        entry
            .custom()
            .orElseThrow(
                () ->
                    UpdateRefusal.badInput(
                        "custom", "the image target has no custom object (version, hardwareIds)"));
    String version = custom.path("version").asText("");
    if (!version.equals(p.version())) {
      throw UpdateRefusal.badInput(
          "custom-version",
          "the signed target names version \"" + version + "\", expected " + p.version());
    }
    Set<String> hardware = OfflineSigning.hardwareIds(custom);
    if (!hardware.equals(Set.of(p.hardwareId()))) {
      throw UpdateRefusal.badInput(
          "custom-hardware",
          "the signed target names hardware ids "
              + hardware
              + ", expected ["
              + p.hardwareId()
              + "]");
    }
    JsonNode counterNode = custom.get("releaseCounter");
    if (counterNode == null || !counterNode.isIntegralNumber() || counterNode.longValue() < 1) {
      throw UpdateRefusal.badInput(
          "custom-counter", "the signed target's releaseCounter must be a positive integer");
    }
    long counter = counterNode.longValue();
    if (counter <= highest) {
      throw UpdateRefusal.conflict(
          "release-counter",
          String.format(
              Locale.ROOT,
              "release counter %d for %s is not above the highest published (%d): the"
                  + " anti-rollback counter must increase",
              counter,
              p.hardwareId(),
              highest));
    }
    String notes = custom.path("notes").asText("");
    if (!notes.equals(notesSha256)) {
      throw UpdateRefusal.badInput(
          "custom-notes",
          "the signed target names notes with SHA-256 "
              + notes
              + ", but the notes given hash to "
              + notesSha256);
    }
    return counter;
  }

  static void matches(String what, TufMetadata.TargetFile entry, TargetFiles.Stored stored)
      throws TufRejection.LengthOrHashMismatch {
    if (entry.length() != stored.length()) {
      throw new TufRejection.LengthOrHashMismatch(
          what, entry.length() + " bytes", stored.length() + " bytes");
    }
    String sha256 = entry.hashes().get("sha256");
    if (sha256 == null) {
      throw new TufRejection.LengthOrHashMismatch(
          what, "a sha256 hash", entry.hashes().keySet().toString());
    }
    for (var hash : entry.hashes().entrySet()) {
      String actual = stored.hashes().get(hash.getKey());
      if (actual != null && !actual.equals(hash.getValue())) {
        throw new TufRejection.LengthOrHashMismatch(
            what, hash.getKey() + " " + hash.getValue(), actual);
      }
    }
  }

  static String notesText(byte[] notes) throws UpdateRefusal {
    if (notes.length > UpdateRepository.MAX_NOTES_BYTES) {
      throw new UpdateRefusal(
          UpdateRefusal.Kind.TOO_LARGE,
          "notes-too-large",
          String.format(
              Locale.ROOT,
              "release notes: expected at most %d bytes, found %d",
              UpdateRepository.MAX_NOTES_BYTES,
              notes.length));
    }
    String text;
    try {
      text =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(notes))
              .toString();
    } catch (CharacterCodingException e) {
      throw UpdateRefusal.badInput("notes-encoding", "release notes must be UTF-8 text");
    }
    if (text.isBlank()) {
      throw UpdateRefusal.badInput(
          "notes-empty", "release notes must say what the release changes; found none");
    }
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (Character.isISOControl(c) && c != '\n' && c != '\r' && c != '\t') {
        throw UpdateRefusal.badInput(
            "notes-binary",
            String.format(
                Locale.ROOT,
                "release notes must be text; found control character U+%04X at %d",
                (int) c,
                i));
      }
    }
    return text;
  }

  static byte[] readSbom(Path file) throws IOException, UpdateRefusal {
    long size = Files.size(file);
    if (size > UpdateRepository.MAX_SBOM_BYTES) {
      throw new UpdateRefusal(
          UpdateRefusal.Kind.TOO_LARGE,
          "sbom-too-large",
          String.format(
              Locale.ROOT,
              "SBOM: expected at most %d bytes, found %d",
              UpdateRepository.MAX_SBOM_BYTES,
              size));
    }
    byte[] bytes = Files.readAllBytes(file);
    try {
      if (!Json.readTree(bytes).isObject()) {
        throw UpdateRefusal.badInput("sbom", "an SBOM must be a JSON object (CycloneDX)");
      }
    } catch (Json.JsonRejection e) {
      throw UpdateRefusal.badInput(
          "sbom", "an SBOM must be a JSON document (CycloneDX): " + e.getMessage());
    }
    return bytes;
  }
}
