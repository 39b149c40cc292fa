package org.primum.device.evidence;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import org.primum.core.files.SecureFiles;
import org.primum.core.formats.Checkpoint;
import org.primum.core.formats.NoteRejection;
import org.primum.core.formats.NoteVerifierKey;
import org.primum.core.formats.SignedNote;
import org.primum.core.json.Json;
import org.primum.core.merkle.CompactRange;

/**
 * Where a reclaimed log now begins ({@code <evidence dir>/base.json}): the number of entries
 * reclaimed, a checkpoint of exactly that size signed with the device key, the compact range of
 * those entries (their subtree roots, from which every later root and proof follows) and the hub's
 * receipt that covered them when they were reclaimed.
 */
record LogBase(long size, String checkpoint, CompactRange range, String receipt) {
  static final String FILE = "base.json";

  void write(Path directory) throws IOException {
    ObjectNode json = JsonNodeFactory.instance.objectNode();
    json.put("size", size);
    json.put("checkpoint", checkpoint);
    var roots = json.putArray("compactRange");
    range.roots().forEach(r -> roots.add(Base64.getEncoder().encodeToString(r)));
    json.put("receipt", receipt);
    SecureFiles.writePublic(directory.resolve(FILE), Json.write(json));
  }

  /**
   * Reads and checks the base, or returns null when the log was never reclaimed.
   *
   * @throws EvidenceTampered if the file is unreadable, or its checkpoint is not signed by this
   *     device, or its compact range does not hash to the checkpoint's root
   */
  static LogBase read(Path directory, NoteVerifierKey verifier)
      throws IOException, EvidenceTampered {
    Path file = directory.resolve(FILE);
    if (!Files.exists(file)) {
      return null;
    }
    try {
      JsonNode json = Json.readTree(Files.readAllBytes(file));
      long size = json.path("size").asLong(-1);
      String note = json.path("checkpoint").asText();
      Checkpoint checkpoint =
          Checkpoint.parse(
              SignedNote.parse(note.getBytes(StandardCharsets.UTF_8))
                  .verify(List.of(verifier))
                  .text());
      List<byte[]> roots = new ArrayList<>();
      json.path("compactRange").forEach(r -> roots.add(Base64.getDecoder().decode(r.asText())));
      CompactRange range = CompactRange.of(size, roots);
      if (checkpoint.size() != size || !Arrays.equals(checkpoint.rootHash(), range.root())) {
        throw new EvidenceTampered(
            "base-mismatch",
            FILE,
            "the reclaimed prefix's subtree roots do not match its signed checkpoint");
      }
      return new LogBase(size, note, range, json.path("receipt").asText(""));
    } catch (NoteRejection e) {
      throw new EvidenceTampered("base-checkpoint", FILE, e.getMessage());
    } catch (Json.JsonRejection | IllegalArgumentException e) {
      throw new EvidenceTampered("base-unreadable", FILE, e.getMessage());
    }
  }
}
