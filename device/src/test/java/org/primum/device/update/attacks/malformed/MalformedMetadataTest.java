package org.primum.device.update.attacks.malformed;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.primum.core.tuf.TufRejection;
import org.primum.device.update.UpdateClient;
import org.primum.device.update.UpdateScenario;

/**
 * Corrupt, truncated, oversized and mistyped metadata: each is refused with a {@link TufRejection},
 * and once the repository serves good metadata again the device updates (TUF §5: "errors ... should
 * not leave clients in an unrecoverable state").
 */
class MalformedMetadataTest {
  @TempDir Path dir;

  record Case(String name, String file, Function<UpdateScenario, byte[]> bytes) {}

  private static List<Case> cases() {
    return List.of(
        new Case(
            "truncated timestamp",
            "timestamp.json",
            s -> half(s.image.files.get("timestamp.json"))),
        new Case("empty timestamp", "timestamp.json", s -> new byte[0]),
        new Case(
            "not JSON",
            "timestamp.json",
            s -> "<html>hello</html>".getBytes(StandardCharsets.UTF_8)),
        new Case("a JSON array", "timestamp.json", s -> "[]".getBytes(StandardCharsets.UTF_8)),
        new Case(
            "oversized timestamp",
            "timestamp.json",
            s -> Arrays.copyOf(s.image.files.get("timestamp.json"), 20_000)),
        new Case(
            "snapshot served as timestamp",
            "timestamp.json",
            s -> s.image.files.get(s.image.versions.get("snapshot") + ".snapshot.json")),
        new Case(
            "signatures not an array",
            "timestamp.json",
            s ->
                new String(s.image.files.get("timestamp.json"), StandardCharsets.UTF_8)
                    .replaceFirst("\"signatures\":\\[", "\"signatures\":{\"x\":[")
                    .replaceFirst("\\],\"signed\"", "]},\"signed\"")
                    .getBytes(StandardCharsets.UTF_8)),
        new Case("truncated root", "2.root.json", s -> half(s.image.root(1))),
        new Case(
            "truncated snapshot",
            "snapshot",
            s -> half(s.image.files.get(s.image.versions.get("snapshot") + ".snapshot.json"))),
        new Case(
            "truncated targets",
            "targets",
            s -> half(s.image.files.get(s.image.versions.get("targets") + ".targets.json"))),
        new Case(
            "truncated director targets",
            "director",
            s -> half(s.director.files.get("targets.json"))),
        new Case(
            "director targets with a float",
            "director",
            s ->
                new String(s.director.files.get("targets.json"), StandardCharsets.UTF_8)
                    .replace("\"rollout\":17", "\"rollout\":1.5")
                    .getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void check_malformedMetadata_isRefusedAndTheDeviceRecovers() throws Exception {
    List<String> failures = new ArrayList<>();
    int i = 0;
    for (Case c : cases()) {
      UpdateScenario s = new UpdateScenario(dir.resolve("case-" + i++));
      s.release("0.2.0", 2);
      String file =
          switch (c.file()) {
            case "snapshot" -> s.image.versions.get("snapshot") + ".snapshot.json";
            case "targets" -> s.image.versions.get("targets") + ".targets.json";
            default -> c.file();
          };
      boolean director = c.file().equals("director");
      String served = director ? "targets.json" : file;
      byte[] bad = c.bytes().apply(s);
      byte[] good = (director ? s.director.files : s.image.files).get(served);
      (director ? s.director.files : s.image.files).put(served, bad);
      UpdateClient client = s.client();
      try {
        client.check(1);
        failures.add(c.name() + ": accepted");
      } catch (TufRejection expected) {
        // refused with a reason
      } catch (Exception e) {
        failures.add(c.name() + ": " + e);
      }
      if (good != null) {
        (director ? s.director.files : s.image.files).put(served, good);
      } else {
        s.image.files.remove(served);
      }
      try {
        if (client.check(1).isEmpty()) {
          failures.add(c.name() + ": no target after recovery");
        }
      } catch (Exception e) {
        failures.add(c.name() + ": did not recover: " + e);
      }
    }
    assertThat(failures).isEmpty();
  }

  private static byte[] half(byte[] bytes) {
    return Arrays.copyOf(bytes, bytes.length / 2);
  }
}
