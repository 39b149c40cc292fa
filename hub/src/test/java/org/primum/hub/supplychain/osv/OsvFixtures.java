package org.primum.hub.supplychain.osv;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Test records: the real advisories in the resources, and small hand-written ones. */
final class OsvFixtures {
  static final List<String> ADVISORIES =
      List.of(
          "GHSA-jfh8-c2jp-5v3q.json",
          "GHSA-p6mc-m468-83gw.json",
          "GHSA-q2q7-5pp4-w6pg.json",
          "DEBIAN-CVE-2023-48795.json",
          "GHSA-w73w-5m7g-f7qc.json");

  private OsvFixtures() {}

  static byte[] advisoryBytes(String file) {
    try (InputStream in = OsvFixtures.class.getResourceAsStream("advisories/" + file)) {
      if (in == null) {
        throw new IllegalStateException("missing test resource advisories/" + file);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static OsvRecord advisory(String file) {
    try {
      return OsvRecord.parse(advisoryBytes(file));
    } catch (OsvRejection e) {
      throw new AssertionError(file + " must parse: " + e.getMessage(), e);
    }
  }

  static List<OsvRecord> advisories() {
    List<OsvRecord> records = new ArrayList<>();
    for (String file : ADVISORIES) {
      records.add(advisory(file));
    }
    return records;
  }

  static byte[] utf8(String json) {
    return json.getBytes(StandardCharsets.UTF_8);
  }

  /** A minimal valid record with {@code affected} spliced in (a JSON array body). */
  static String record(String id, String affected) {
    return """
        {"id": "%s", "modified": "2024-01-01T00:00:00Z", "affected": [%s]}
        """
        .formatted(id, affected);
  }

  /** One affected entry of {@code ecosystem}/{@code name} with one range of {@code events}. */
  static String entry(String ecosystem, String name, String type, String events) {
    return """
        {"package": {"ecosystem": "%s", "name": "%s"},
         "ranges": [{"type": "%s", "events": [%s]}]}
        """
        .formatted(ecosystem, name, type, events);
  }

  static OsvRecord parse(String json) {
    try {
      return OsvRecord.parse(utf8(json));
    } catch (OsvRejection e) {
      throw new AssertionError("must parse: " + e.getMessage() + "\n" + json, e);
    }
  }
}
