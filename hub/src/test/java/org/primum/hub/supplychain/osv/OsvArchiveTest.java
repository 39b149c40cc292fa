package org.primum.hub.supplychain.osv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.primum.hub.supplychain.osv.OsvFixtures.entry;
import static org.primum.hub.supplychain.osv.OsvFixtures.record;
import static org.primum.hub.supplychain.osv.OsvFixtures.utf8;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Archive reading: outcomes per record, all-or-nothing hand-over, and zip bombs refused. */
class OsvArchiveTest {
  @TempDir Path dir;

  private static Map<String, byte[]> cleanEntries() {
    Map<String, byte[]> entries = new LinkedHashMap<>();
    for (String file : OsvFixtures.ADVISORIES) {
      entries.put(file, OsvFixtures.advisoryBytes(file));
    }
    entries.put(
        "GHSA-with-draw-nnnn.json",
        utf8(
            """
            {"id": "GHSA-with-draw-nnnn", "modified": "2024-01-01T00:00:00Z",
             "withdrawn": "2024-02-01T00:00:00Z"}
            """));
    entries.put(
        "RUSTSEC-2099-0001.json",
        utf8(
            record(
                "RUSTSEC-2099-0001",
                entry("crates.io", "x", "SEMVER", "{\"introduced\": \"0\"}"))));
    entries.put(
        "OSV-2099-1.json",
        utf8(
            record(
                "OSV-2099-1",
                "{\"package\": {\"ecosystem\": \"OSS-Fuzz\", \"name\": \"x\"}, \"ranges\": [{\"type\":"
                    + " \"GIT\", \"repo\": \"https://example.org/x\", \"events\": [{\"introduced\":"
                    + " \"0\"}]}]}")));
    entries.put(
        "PYSEC-2099-9.json",
        utf8(
            record(
                "PYSEC-2099-9",
                "{\"package\": {\"ecosystem\": \"PyPI\", \"name\": \"x\"}, \"ranges\": [{\"type\":"
                    + " \"GIT\", \"repo\": \"https://example.org/x\", \"events\": [{\"introduced\":"
                    + " \"0\"}]}]}")));
    entries.put("README.txt", utf8("not a record"));
    return entries;
  }

  private Path zip(String name, Map<String, byte[]> entries) throws IOException {
    Path path = dir.resolve(name);
    try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(path))) {
      for (Map.Entry<String, byte[]> e : entries.entrySet()) {
        out.putNextEntry(new ZipEntry(e.getKey()));
        out.write(e.getValue());
        out.closeEntry();
      }
    }
    return path;
  }

  private static void assertCleanImport(OsvArchive.Import result) throws OsvRejection {
    assertThat(result.isClean()).isTrue();
    assertThat(result.imported()).extracting(OsvRecord::id).hasSize(5);
    assertThat(result.flagged())
        .extracting(f -> f.subject() + ":" + f.flag())
        .containsExactlyInAnyOrder(
            "GHSA-with-draw-nnnn:WITHDRAWN",
            "RUSTSEC-2099-0001:UNSUPPORTED_ECOSYSTEM",
            "OSV-2099-1:UNSUPPORTED_ECOSYSTEM",
            "PYSEC-2099-9:GIT_ONLY");
    List<OsvRecord> handed = new ArrayList<>();
    result.handOver(handed::add);
    assertThat(handed).isEqualTo(result.imported());
  }

  @Test
  void read_zipOfRecords_importedAndFlaggedSeparately() throws Exception {
    OsvArchive.Import result = OsvArchive.read(zip("all.zip", cleanEntries()));
    assertCleanImport(result);
    assertThat(result.ignoredEntries()).isEqualTo(1);
  }

  @Test
  void read_directoryOfRecords_sameOutcome() throws Exception {
    Path records = Files.createDirectories(dir.resolve("records/nested"));
    for (Map.Entry<String, byte[]> e : cleanEntries().entrySet()) {
      Files.write(records.resolve(e.getKey()), e.getValue());
    }
    assertCleanImport(OsvArchive.read(dir.resolve("records")));
  }

  @Test
  void read_oneMalformedRecord_wholeImportRefusedBeforeHandOver() throws Exception {
    Map<String, byte[]> entries = cleanEntries();
    entries.put("GHSA-brok-en00-json.json", utf8("{\"id\": \"GHSA-brok-en00-json\", "));
    entries.put(
        "GHSA-two0-keys-evnt.json",
        utf8(
            record(
                "GHSA-two0-keys-evnt",
                entry("npm", "x", "SEMVER", "{\"introduced\": \"0\", \"fixed\": \"1.0.0\"}"))));
    entries.put("dupe.json", OsvFixtures.advisoryBytes("GHSA-p6mc-m468-83gw.json"));
    OsvArchive.Import result = OsvArchive.read(zip("broken.zip", entries));
    assertThat(result.isClean()).isFalse();
    assertThat(result.fatal())
        .extracting(p -> p.entry() + ":" + p.code())
        .containsExactly(
            "GHSA-brok-en00-json.json:bad-json",
            "GHSA-two0-keys-evnt.json:event-keys",
            "dupe.json:duplicate-id");
    List<OsvRecord> handed = new ArrayList<>();
    assertThatThrownBy(() -> result.handOver(handed::add))
        .isInstanceOf(OsvRejection.class)
        .hasMessageContaining("found 3 that are not")
        .hasMessageContaining("GHSA-brok-en00-json.json")
        .hasMessageContaining("nothing was imported");
    assertThat(handed).isEmpty();
  }

  @Test
  void read_zipBombEntry_refusedAtTheEntryLimit() throws Exception {
    Path bomb = dir.resolve("bomb.zip");
    try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(bomb))) {
      out.putNextEntry(new ZipEntry("GHSA-bomb-bomb-bomb.json"));
      writeZeros(out, 64L * 1024 * 1024);
      out.closeEntry();
    }
    assertThat(Files.size(bomb)).isLessThan(1024 * 1024);
    assertThatThrownBy(() -> OsvArchive.read(bomb))
        .isInstanceOf(OsvRejection.class)
        .hasFieldOrPropertyWithValue("code", "archive-entry-too-large")
        .hasMessageContaining("GHSA-bomb-bomb-bomb.json")
        .hasMessageContaining("zip bomb");
  }

  @Test
  void read_highlyCompressedEntry_refusedByExpansionRatio() throws Exception {
    Path bomb = dir.resolve("ratio.zip");
    try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(bomb))) {
      out.putNextEntry(new ZipEntry("x.json"));
      writeZeros(out, 8L * 1024 * 1024);
      out.closeEntry();
    }
    OsvArchive.Limits limits = new OsvArchive.Limits(10, 64L * 1024 * 1024, 1L << 40, 100);
    assertThatThrownBy(() -> OsvArchive.read(bomb, limits))
        .isInstanceOf(OsvRejection.class)
        .hasFieldOrPropertyWithValue("code", "archive-expansion");
  }

  @Test
  void read_manyEntriesBeyondTheTotal_refused() throws Exception {
    Map<String, byte[]> entries = new LinkedHashMap<>();
    for (int i = 0; i < 5; i++) {
      entries.put(i + ".json", new byte[6 * 1024]);
    }
    Path path = zip("total.zip", entries);
    assertThatThrownBy(
            () -> OsvArchive.read(path, new OsvArchive.Limits(100, 1 << 20, 20_000, 1000)))
        .isInstanceOf(OsvRejection.class)
        .hasFieldOrPropertyWithValue("code", "archive-too-large");
    assertThatThrownBy(
            () -> OsvArchive.read(path, new OsvArchive.Limits(3, 1 << 20, 1 << 30, 1000)))
        .isInstanceOf(OsvRejection.class)
        .hasFieldOrPropertyWithValue("code", "archive-too-many-entries")
        .hasMessageContaining("at most 3 entries, found 5");
  }

  @Test
  void read_notAZip_refused() throws Exception {
    Path path = dir.resolve("all.zip");
    Files.write(path, utf8("this is not a zip archive"));
    assertThatThrownBy(() -> OsvArchive.read(path))
        .isInstanceOf(OsvRejection.class)
        .hasFieldOrPropertyWithValue("code", "archive-corrupt")
        .hasMessageContaining("expected an OSV zip archive");
  }

  @Test
  void read_directoryFileTooLarge_refused() throws Exception {
    Path records = Files.createDirectories(dir.resolve("big"));
    Files.write(records.resolve("x.json"), new byte[2048]);
    assertThatThrownBy(() -> OsvArchive.read(records, new OsvArchive.Limits(10, 1024, 1 << 20, 10)))
        .isInstanceOf(OsvRejection.class)
        .hasFieldOrPropertyWithValue("code", "archive-entry-too-large");
  }

  private static void writeZeros(OutputStream out, long count) throws IOException {
    byte[] zeros = new byte[1 << 20];
    for (long written = 0; written < count; written += zeros.length) {
      out.write(zeros);
    }
  }
}
