package org.primum.hub.supplychain.sbom;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.packageurl.MalformedPackageURLException;
import com.github.packageurl.PackageURL;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.primum.testing.SharedConformance;

/**
 * The package-url/purl-spec test suite (tests/spec and tests/types), read unchanged from
 * ../shared/conformance/purl, run against packageurl-java, the library the SBOM reader normalises
 * package URLs with. Cases the library gets wrong are listed, one per line with the reason, in
 * docs/purl-conformance-known-failures.txt; the test fails if an unlisted case fails or a listed
 * one passes, so the list stays true.
 */
class PurlConformanceTest {
  private static final Path SUITE = SharedConformance.root().resolve("purl/tests");
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void purlSpecSuite_everyCaseMatchesOrIsAKnownFailure() throws IOException {
    List<Path> files;
    try (Stream<Path> s = Files.walk(SUITE)) {
      files = s.filter(p -> p.toString().endsWith(".json")).sorted().toList();
    }
    Set<String> failing = new TreeSet<>();
    int total = 0;
    for (Path file : files) {
      JsonNode tests = JSON.readTree(file.toFile()).path("tests");
      for (int i = 0; i < tests.size(); i++) {
        JsonNode t = tests.get(i);
        total++;
        String id = SUITE.relativize(file) + "#" + i;
        if (!passes(t)) {
          failing.add(id);
          if (Boolean.getBoolean("purl.print")) {
            System.out.println(
                id + "  " + t.path("test_type").asText() + ": " + t.path("description").asText());
          }
        }
      }
    }
    Set<String> known = known();
    Set<String> unexpected = new TreeSet<>(failing);
    unexpected.removeAll(known);
    Set<String> nowPassing = new TreeSet<>(known);
    nowPassing.removeAll(failing);
    System.out.printf(
        "purl conformance: %d cases, %d pass, %d known failures%n",
        total, total - failing.size(), failing.size());
    assertThat(unexpected).as("failing cases not in the known-failures list").isEmpty();
    assertThat(nowPassing).as("listed as failing but passing now: remove them").isEmpty();
  }

  private static Set<String> known() throws IOException {
    Path file = knownFile();
    Set<String> out = new TreeSet<>();
    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      String l = line.strip();
      if (!l.isEmpty() && !l.startsWith("#")) {
        out.add(l.split("\\s+", 2)[0]);
      }
    }
    return out;
  }

  private static Path knownFile() {
    // The docs folder of this checkout: two levels up from the hub module's directory.
    Path here = Path.of("").toAbsolutePath();
    for (Path p = here; p != null; p = p.getParent()) {
      Path candidate = p.resolve("docs/purl-conformance-known-failures.txt");
      if (Files.exists(candidate)) {
        return candidate;
      }
    }
    throw new IllegalStateException("cannot find docs/purl-conformance-known-failures.txt");
  }

  private static boolean passes(JsonNode t) {
    boolean wantFailure = t.path("expected_failure").asBoolean(false);
    try {
      switch (t.path("test_type").asText()) {
        case "parse" -> {
          PackageURL p = new PackageURL(t.path("input").asText());
          return !wantFailure && sameParts(p, t.path("expected_output"));
        }
        case "build" -> {
          JsonNode in = t.path("input");
          PackageURL p =
              new PackageURL(
                  text(in, "type"),
                  text(in, "namespace"),
                  text(in, "name"),
                  text(in, "version"),
                  qualifiers(in.path("qualifiers")),
                  text(in, "subpath"));
          return !wantFailure && p.canonicalize().equals(t.path("expected_output").asText());
        }
        case "validate", "roundtrip" -> {
          PackageURL p = new PackageURL(t.path("input").asText());
          return !wantFailure && p.canonicalize().equals(t.path("expected_output").asText());
        }
        default -> {
          return false;
        }
      }
    } catch (MalformedPackageURLException | RuntimeException e) {
      return wantFailure;
    }
  }

  private static boolean sameParts(PackageURL p, JsonNode want) {
    Map<String, String> q = p.getQualifiers() == null ? Map.of() : p.getQualifiers();
    Map<String, String> wantQ = qualifiers(want.path("qualifiers"));
    return Objects.equals(p.getType(), text(want, "type"))
        && Objects.equals(p.getNamespace(), text(want, "namespace"))
        && Objects.equals(p.getName(), text(want, "name"))
        && Objects.equals(p.getVersion(), text(want, "version"))
        && Objects.equals(new TreeMap<>(q), wantQ == null ? Map.of() : wantQ)
        && Objects.equals(p.getSubpath(), text(want, "subpath"));
  }

  private static String text(JsonNode node, String field) {
    JsonNode v = node.get(field);
    return v == null || v.isNull() ? null : v.asText();
  }

  private static TreeMap<String, String> qualifiers(JsonNode node) {
    if (node == null || !node.isObject()) {
      return null;
    }
    TreeMap<String, String> out = new TreeMap<>();
    node.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
    return out;
  }
}
