package org.primum.hub.advisories.csaf;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * MITRE's CWE catalogue (weaknesses, categories and views: id, status and name), bundled as {@code
 * cwe-catalogue.tsv} beside this class and generated from the CWE list by {@code
 * tools/cwe_catalogue.py}. Read once, on first use; see NOTICE.md for its origin and terms.
 */
final class CweCatalogue {
  /** One entry of the catalogue. */
  record Entry(int id, String kind, String status, String name) {}

  private static final String RESOURCE = "cwe-catalogue.tsv";

  private final String version;
  private final Map<Integer, Entry> entries;

  private CweCatalogue(String version, Map<Integer, Entry> entries) {
    this.version = version;
    this.entries = Map.copyOf(entries);
  }

  private static final class Holder {
    static final CweCatalogue BUNDLED = load();
  }

  /** The bundled catalogue. */
  static CweCatalogue bundled() {
    return Holder.BUNDLED;
  }

  /** The catalogue's version, e.g. {@code 4.15}. */
  String version() {
    return version;
  }

  /** The entry {@code CWE-id}, if the catalogue has it. */
  Optional<Entry> find(int id) {
    return Optional.ofNullable(entries.get(id));
  }

  int size() {
    return entries.size();
  }

  private static CweCatalogue load() {
    InputStream in = CweCatalogue.class.getResourceAsStream(RESOURCE);
    if (in == null) {
      throw new IllegalStateException(RESOURCE + " is missing from the hub's classpath");
    }
    String version = null;
    Map<Integer, Entry> entries = new HashMap<>();
    try (BufferedReader reader =
        new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      String line;
      while ((line = reader.readLine()) != null) {
        if (line.startsWith("# CWE catalogue, version ")) {
          version = line.substring("# CWE catalogue, version ".length()).split(" ", 2)[0];
        }
        if (line.isEmpty() || line.startsWith("#")) {
          continue;
        }
        String[] fields = line.split("\t", -1);
        if (fields.length != 4) {
          throw new IllegalStateException(RESOURCE + ": expected 4 fields, found: " + line);
        }
        int id = Integer.parseInt(fields[0]);
        entries.put(id, new Entry(id, fields[1], fields[2], fields[3]));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + RESOURCE, e);
    }
    if (version == null || entries.isEmpty()) {
      throw new IllegalStateException(RESOURCE + " has no version line or no entries");
    }
    return new CweCatalogue(version, entries);
  }
}
