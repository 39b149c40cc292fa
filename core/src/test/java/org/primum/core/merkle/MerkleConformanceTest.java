package org.primum.core.merkle;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.primum.core.json.Json;
import org.primum.testing.SharedConformance;

/**
 * Every inclusion and consistency vector of transparency-dev/merkle (valid and deliberately
 * broken), read unchanged from ../shared/conformance/merkle; all failures are collected and
 * asserted once.
 */
class MerkleConformanceTest {
  private static final Path VECTORS = SharedConformance.root().resolve("merkle/testdata");

  private static List<Path> vectors(String kind) throws IOException {
    try (Stream<Path> files = Files.walk(VECTORS.resolve(kind))) {
      return files.filter(p -> p.toString().endsWith(".json")).sorted().toList();
    }
  }

  private static byte[] b64(JsonNode node) {
    return node == null || node.isNull() ? new byte[0] : Base64.getDecoder().decode(node.asText());
  }

  private static List<byte[]> proof(JsonNode node) {
    List<byte[]> out = new ArrayList<>();
    if (node != null && node.isArray()) {
      node.forEach(n -> out.add(b64(n)));
    }
    return out;
  }

  @Test
  void inclusionVectors_allBehaveAsPublished() throws Exception {
    List<Path> files = vectors("inclusion");
    assertThat(files).hasSizeGreaterThan(50);
    List<String> failures = new ArrayList<>();
    for (Path file : files) {
      JsonNode v = Json.readTree(Files.readAllBytes(file));
      boolean wantErr = v.get("wantErr").asBoolean();
      String error = null;
      try {
        MerkleProofs.verifyInclusion(
            v.get("leafIdx").asLong(),
            v.get("treeSize").asLong(),
            b64(v.get("leafHash")),
            proof(v.get("proof")),
            b64(v.get("root")));
      } catch (MerkleProofRejection e) {
        error = e.getMessage();
      }
      if (wantErr != (error != null)) {
        failures.add(
            VECTORS.relativize(file)
                + ": expected "
                + (wantErr ? "rejection" : "success")
                + ", got "
                + (error == null ? "success" : error));
      }
    }
    assertThat(failures).isEmpty();
  }

  @Test
  void consistencyVectors_allBehaveAsPublished() throws Exception {
    List<Path> files = vectors("consistency");
    assertThat(files).hasSizeGreaterThan(50);
    List<String> failures = new ArrayList<>();
    for (Path file : files) {
      JsonNode v = Json.readTree(Files.readAllBytes(file));
      boolean wantErr = v.get("wantErr").asBoolean();
      String error = null;
      try {
        MerkleProofs.verifyConsistency(
            v.get("size1").asLong(),
            v.get("size2").asLong(),
            proof(v.get("proof")),
            b64(v.get("root1")),
            b64(v.get("root2")));
      } catch (MerkleProofRejection e) {
        error = e.getMessage();
      }
      if (wantErr != (error != null)) {
        failures.add(
            VECTORS.relativize(file)
                + ": expected "
                + (wantErr ? "rejection" : "success")
                + ", got "
                + (error == null ? "success" : error));
      }
    }
    assertThat(failures).isEmpty();
  }
}
