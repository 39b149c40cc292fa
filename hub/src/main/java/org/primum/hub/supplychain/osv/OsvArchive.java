package org.primum.hub.supplychain.osv;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import org.primum.core.formats.Texts;

/**
 * Reads an OSV export: the {@code all.zip} the OSV project publishes per ecosystem (or for all of
 * them), or a directory of {@code *.json} records. Every record is parsed before anything is handed
 * over, so an import is all or nothing: a caller gets the full list of fatal problems and can
 * refuse the import before committing a single record.
 *
 * <p>Per record the outcome is one of: <em>imported</em>; <em>flagged</em> with a reason
 * (withdrawn, only unsupported ecosystems, GIT-only ranges, no affected package), kept out of the
 * import but reported; or <em>fatal</em> (not JSON, not a valid OSV record, a duplicate id), which
 * makes {@link Import#handOver} refuse the whole import.
 *
 * <p>Security guarantees: the number of entries, the uncompressed size of each entry and of the
 * whole archive, and each entry's expansion ratio are bounded ({@link Limits}); sizes are counted
 * while inflating, never taken from headers, so a zip bomb is refused with a clear message after at
 * most the limit's worth of work. Entries are never written to disk; symbolic links in a directory
 * are not followed.
 */
public final class OsvArchive {
  private static final int CHUNK = 64 * 1024;
  private static final long RATIO_FLOOR = 1024 * 1024;
  private static final int MAX_DIRECTORY_DEPTH = 16;

  private OsvArchive() {}

  /**
   * Bounds on an archive.
   *
   * @param maxEntries most entries (files) in the archive
   * @param maxEntryBytes largest uncompressed entry
   * @param maxTotalBytes largest uncompressed total
   * @param maxExpansion largest uncompressed/compressed ratio of an entry past its first MiB
   */
  public record Limits(int maxEntries, long maxEntryBytes, long maxTotalBytes, int maxExpansion) {
    /** Room for the largest OSV export (all ecosystems, about a million records). */
    public static final Limits DEFAULT =
        new Limits(2_000_000, OsvRecord.MAX_BYTES, 16L * 1024 * 1024 * 1024, 200);

    public Limits {
      if (maxEntries < 1 || maxEntryBytes < 1 || maxTotalBytes < 1 || maxExpansion < 1) {
        throw new IllegalArgumentException("limits must be positive");
      }
    }
  }

  /**
   * A record that makes the import fatal.
   *
   * @param entry the archive entry (or relative file path)
   * @param code the rejection's stable code
   * @param message what was expected and what was found
   */
  public record Problem(String entry, String code, String message) {
    public Problem {
      Objects.requireNonNull(entry, "entry");
      Objects.requireNonNull(code, "code");
      Objects.requireNonNull(message, "message");
    }
  }

  /** One imported record with the exact bytes it was read from (what a store keeps). */
  public record Entry(OsvRecord record, byte[] json) {
    public Entry {
      java.util.Objects.requireNonNull(record, "record");
      json = json.clone();
    }

    @Override
    public byte[] json() {
      return json.clone();
    }
  }

  /** The outcome of reading a whole archive. */
  public static final class Import {
    private final List<OsvRecord> imported;
    private final List<Entry> entries;
    private final List<Flagged> flagged;
    private final List<Problem> fatal;
    private final int ignoredEntries;

    private Import(
        List<Entry> entries, List<Flagged> flagged, List<Problem> fatal, int ignoredEntries) {
      this.entries = List.copyOf(entries);
      this.imported = entries.stream().map(Entry::record).toList();
      this.flagged = List.copyOf(flagged);
      this.fatal = List.copyOf(fatal);
      this.ignoredEntries = ignoredEntries;
    }

    /** The records to import (none of them withdrawn or unevaluable). */
    public List<OsvRecord> imported() {
      return imported;
    }

    /** The records to import with their bytes, in archive order. */
    public List<Entry> entries() {
      return entries;
    }

    /** Records read but not imported, each with the reason. */
    public List<Flagged> flagged() {
      return flagged;
    }

    /** Problems that make the whole import refused; empty for a clean archive. */
    public List<Problem> fatal() {
      return fatal;
    }

    /** Entries that are not {@code .json} files (directories are not counted). */
    public int ignoredEntries() {
      return ignoredEntries;
    }

    public boolean isClean() {
      return fatal.isEmpty();
    }

    /**
     * Hands every imported record to {@code consumer}, in archive order, or none at all.
     *
     * @throws OsvRejection if any entry was fatal; the consumer is then never called
     */
    public void handOver(Consumer<? super OsvRecord> consumer) throws OsvRejection {
      if (!fatal.isEmpty()) {
        Problem first = fatal.get(0);
        throw new OsvRejection(
            "import-refused",
            String.format(
                Locale.ROOT,
                "expected every entry to be a valid OSV record, found %d that are not"
                    + " (first: %s: %s); nothing was imported",
                fatal.size(),
                Texts.printable(first.entry(), 120),
                first.message()));
      }
      imported.forEach(consumer);
    }
  }

  /** Reads {@code path} (a zip file or a directory) with {@link Limits#DEFAULT}. */
  public static Import read(Path path) throws OsvRejection, IOException {
    return read(path, Limits.DEFAULT);
  }

  /**
   * Reads {@code path}: a directory of {@code *.json} files (searched recursively), or else a zip
   * archive.
   *
   * @throws OsvRejection if the archive as a whole is refused: not a zip, too many entries, an
   *     entry or the total too large after inflating (zip bomb)
   * @throws IOException if the file system fails
   */
  public static Import read(Path path, Limits limits) throws OsvRejection, IOException {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(limits, "limits");
    if (Files.isDirectory(path)) {
      return readDirectory(path, limits);
    }
    return readZip(path, limits);
  }

  private static Import readZip(Path path, Limits limits) throws OsvRejection, IOException {
    Collector collector = new Collector();
    try (ZipFile zip = new ZipFile(path.toFile(), ZipFile.OPEN_READ, StandardCharsets.UTF_8)) {
      if (zip.size() > limits.maxEntries()) {
        throw tooManyEntries(limits, zip.size());
      }
      long total = 0;
      int count = 0;
      Enumeration<? extends ZipEntry> entries = zip.entries();
      while (entries.hasMoreElements()) {
        ZipEntry entry = entries.nextElement();
        if (++count > limits.maxEntries()) {
          throw tooManyEntries(limits, count);
        }
        if (entry.isDirectory()) {
          continue;
        }
        if (!entry.getName().endsWith(".json")) {
          collector.ignored++;
          continue;
        }
        byte[] bytes;
        try (InputStream in = zip.getInputStream(entry)) {
          bytes = readBounded(in, entry.getName(), limits, total, entry.getCompressedSize());
        }
        total += bytes.length;
        collector.accept(entry.getName(), bytes);
      }
    } catch (ZipException | EOFException | IllegalArgumentException e) {
      // EOFException: a truncated entry; IllegalArgumentException: an entry name that is not
      // valid UTF-8
      throw new OsvRejection(
          "archive-corrupt",
          "expected an OSV zip archive or a directory of .json records, found \""
              + Texts.printable(path.getFileName() == null ? "" : path.getFileName().toString(), 80)
              + "\" that is not a readable zip: "
              + e.getMessage(),
          e);
    }
    return collector.done();
  }

  private static Import readDirectory(Path directory, Limits limits)
      throws OsvRejection, IOException {
    List<Path> files;
    try (Stream<Path> walk = Files.walk(directory, MAX_DIRECTORY_DEPTH)) {
      files =
          walk.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS))
              .filter(p -> p.getFileName().toString().endsWith(".json"))
              .limit((long) limits.maxEntries() + 1)
              .sorted()
              .toList();
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
    if (files.size() > limits.maxEntries()) {
      throw tooManyEntries(limits, files.size());
    }
    Collector collector = new Collector();
    long total = 0;
    for (Path file : files) {
      String name = directory.relativize(file).toString();
      byte[] bytes;
      try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
        bytes = readBounded(in, name, limits, total, -1);
      }
      total += bytes.length;
      collector.accept(name, bytes);
    }
    return collector.done();
  }

  /** Reads one entry, counting what is actually inflated against every limit. */
  private static byte[] readBounded(
      InputStream in, String name, Limits limits, long totalSoFar, long compressedSize)
      throws IOException, OsvRejection {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buffer = new byte[CHUNK];
    long count = 0;
    for (int n; (n = in.read(buffer)) != -1; ) {
      count += n;
      if (count > limits.maxEntryBytes()) {
        throw new OsvRejection(
            "archive-entry-too-large",
            String.format(
                Locale.ROOT,
                "expected each OSV record to be at most %d bytes uncompressed, found entry \"%s\""
                    + " inflating beyond that; refusing the archive (a zip bomb?)",
                limits.maxEntryBytes(),
                Texts.printable(name, 120)));
      }
      if (totalSoFar + count > limits.maxTotalBytes()) {
        throw new OsvRejection(
            "archive-too-large",
            String.format(
                Locale.ROOT,
                "expected an archive of at most %d bytes uncompressed, found more by entry \"%s\";"
                    + " refusing the archive (a zip bomb?)",
                limits.maxTotalBytes(),
                Texts.printable(name, 120)));
      }
      if (compressedSize > 0
          && count > RATIO_FLOOR
          && count > compressedSize * limits.maxExpansion()) {
        throw new OsvRejection(
            "archive-expansion",
            String.format(
                Locale.ROOT,
                "expected entries to expand at most %d times, found entry \"%s\" of %d compressed"
                    + " bytes expanding past %d; refusing the archive (a zip bomb?)",
                limits.maxExpansion(),
                Texts.printable(name, 120),
                compressedSize,
                count));
      }
      out.write(buffer, 0, n);
    }
    return out.toByteArray();
  }

  private static OsvRejection tooManyEntries(Limits limits, int found) {
    return new OsvRejection(
        "archive-too-many-entries",
        String.format(
            Locale.ROOT,
            "expected an archive of at most %d entries, found %d",
            limits.maxEntries(),
            found));
  }

  /** Parses entries one by one and sorts each into imported, flagged or fatal. */
  private static final class Collector {
    private final List<Entry> imported = new ArrayList<>();
    private final List<Flagged> flagged = new ArrayList<>();
    private final List<Problem> fatal = new ArrayList<>();
    private final Map<String, String> entryById = new HashMap<>();
    private int ignored;

    void accept(String entry, byte[] bytes) {
      OsvRecord record;
      try {
        record = OsvRecord.parse(bytes);
      } catch (OsvRejection e) {
        fatal.add(new Problem(entry, e.code(), e.getMessage()));
        return;
      }
      String earlier = entryById.putIfAbsent(record.id(), entry);
      if (earlier != null) {
        fatal.add(
            new Problem(
                entry,
                "duplicate-id",
                "expected each record id once, found "
                    + record.id()
                    + " again (first in \""
                    + Texts.printable(earlier, 120)
                    + "\")"));
        return;
      }
      Optional<Flagged> unevaluable = record.unevaluable();
      if (unevaluable.isPresent()) {
        Flagged flag = unevaluable.get();
        flagged.add(
            new Flagged(
                flag.subject(),
                flag.flag(),
                flag.detail() + " (" + Texts.printable(entry, 120) + ")"));
      } else {
        imported.add(new Entry(record, bytes));
      }
    }

    Import done() {
      return new Import(imported, flagged, fatal, ignored);
    }
  }
}
