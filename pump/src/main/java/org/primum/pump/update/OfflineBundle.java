package org.primum.pump.update;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.primum.core.Rejection;
import org.primum.core.tuf.SignedMetadata;
import org.primum.core.tuf.TufRejection;
import org.primum.device.update.UpdateClient;
import org.primum.device.update.UpdateLimits;
import org.primum.device.update.ab.Updater;

/**
 * An offline update bundle (written by {@code primum release bundle}) staged in the pump's own
 * storage: copied from the technician's directory or USB stick, so the stick can be removed while
 * the update waits for therapy to end and cannot change between verification and install.
 *
 * <p>Security guarantees: staging trusts nothing in the bundle. It refuses early, with the reason,
 * a pump without provisioned roots of trust, a directory that is not a bundle, links and special
 * files, more than {@link Settings#maxFiles()} files or {@link Settings#maxBytes()} bytes, and a
 * bundle whose root chain does not start at the roots the pump trusts (its {@code N.root.json} for
 * the pump's trusted version N is not that root): a root that arrives in a bundle is never trusted
 * on its own. Everything else is the kit's offline client ({@link #client}), which runs the full
 * TUF and director verification against the pump's trusted state at every update cycle until the
 * release is installed, with the bounded {@link Settings#freshnessWindow()}.
 */
public final class OfflineBundle {
  /**
   * How long a bundle may stay usable on this pump: the bundle's timestamp may expire at most this
   * long after the pump's time (docs/tuf-client.md, "Offline updates"), so a bundle found in a
   * drawer a week later is refused as stale.
   */
  public static final Duration DEFAULT_FRESHNESS_WINDOW = Duration.ofDays(7);

  /** Bundles above this are refused before copying: one slot image and room for its metadata. */
  public static final long DEFAULT_MAX_BYTES = Updater.DEFAULT_MAX_IMAGE_BYTES + 128L * 1024 * 1024;

  /** At most this many files in a bundle. */
  public static final int DEFAULT_MAX_FILES = 10_000;

  private static final int MAX_DEPTH = 32;

  /**
   * The pump's settings for offline bundles.
   *
   * @param freshnessWindow see {@link #DEFAULT_FRESHNESS_WINDOW}
   * @param maxBytes largest bundle copied into the pump
   * @param maxFiles most files in a bundle
   */
  public record Settings(Duration freshnessWindow, long maxBytes, int maxFiles) {
    public Settings {
      Objects.requireNonNull(freshnessWindow, "freshnessWindow");
      if (freshnessWindow.isNegative() || freshnessWindow.isZero()) {
        throw new IllegalArgumentException(
            "the freshness window must be positive, found " + freshnessWindow);
      }
      if (maxBytes < 1 || maxFiles < 1) {
        throw new IllegalArgumentException("maxBytes and maxFiles must be positive");
      }
    }

    /** A 7-day freshness window, one slot image plus 128 MiB, 10,000 files. */
    public static Settings defaults() {
      return new Settings(DEFAULT_FRESHNESS_WINDOW, DEFAULT_MAX_BYTES, DEFAULT_MAX_FILES);
    }

    /** The same settings with another freshness window. */
    public Settings withFreshnessWindow(Duration window) {
      return new Settings(window, maxBytes, maxFiles);
    }
  }

  /** A bundle was refused before verification; nothing on the pump changed. */
  public static final class BundleRejection extends Rejection {
    public BundleRejection(String code, String message) {
      super(code, message);
    }
  }

  private final Path dir;

  private OfflineBundle(Path dir) {
    this.dir = dir;
  }

  /** Where the staged copy lives. */
  public Path dir() {
    return dir;
  }

  /**
   * Checks {@code from} against the pump's roots of trust in {@code trustDir} ({@code image/},
   * {@code director/}) and copies it to {@code staging} (replacing a bundle staged before).
   *
   * @throws BundleRejection naming the first problem; nothing is staged then
   * @throws IOException if the bundle or the pump's storage cannot be read or written
   */
  public static OfflineBundle stage(Path from, Path trustDir, Path staging, Settings settings)
      throws BundleRejection, IOException {
    Path trustedImage = trustedRoot(trustDir.resolve("image"), "image repository");
    Path trustedDirector = trustedRoot(trustDir.resolve("director"), "director");
    if (!Files.isDirectory(from)) {
      throw new BundleRejection("bundle-layout", "no such directory: " + from);
    }
    Path source = from.toRealPath();
    if (!Files.isRegularFile(source.resolve("tuf").resolve("timestamp.json"), NOFOLLOW)
        || !Files.isRegularFile(source.resolve("director").resolve("targets.json"), NOFOLLOW)) {
      throw new BundleRejection(
          "bundle-layout",
          from
              + " is not an offline update bundle: expected tuf/timestamp.json and"
              + " director/targets.json (as primum release bundle writes them)");
    }
    // A root that arrives in a bundle is never trusted on its own: its chain must start at ours.
    chainsFrom(trustedImage, source.resolve("tuf"), "image repository");
    chainsFrom(trustedDirector, source.resolve("director"), "director");

    Path incoming = staging.resolveSibling(staging.getFileName() + ".incoming");
    deleteTree(incoming);
    Files.createDirectories(incoming);
    try {
      copyBounded(source, incoming, settings);
      deleteTree(staging);
      Files.move(incoming, staging, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      deleteTree(incoming);
    }
    return new OfflineBundle(staging);
  }

  /** The bundle staged before a restart, if there is one. */
  public static Optional<OfflineBundle> staged(Path staging) {
    return Files.isDirectory(staging, NOFOLLOW)
        ? Optional.of(new OfflineBundle(staging))
        : Optional.empty();
  }

  /**
   * The kit's offline client over the staged copy, verifying against the pump's trusted state in
   * {@code trustDir} (which it also keeps up to date, so an older bundle is a rollback).
   */
  public UpdateClient client(
      Path trustDir, String serial, String hardwareId, Clock clock, Settings settings) {
    return UpdateClient.offline(
        trustDir,
        dir,
        serial,
        hardwareId,
        clock,
        UpdateLimits.defaults(),
        settings.freshnessWindow());
  }

  /** Deletes the staged copy (after the release installed, or the bundle was refused). */
  public void discard() throws IOException {
    deleteTree(dir);
  }

  private static final LinkOption NOFOLLOW = LinkOption.NOFOLLOW_LINKS;

  /** The root the pump trusts for one repository (as the kit loads it: root.json, else 1.root). */
  private static Path trustedRoot(Path dir, String what) throws BundleRejection {
    for (String name : new String[] {"root.json", "1.root.json"}) {
      if (Files.isRegularFile(dir.resolve(name))) {
        return dir.resolve(name);
      }
    }
    throw new BundleRejection(
        "bundle-no-trust",
        "this pump has no provisioned "
            + what
            + " root of trust, so it cannot verify a bundle (a root that arrives in a bundle is"
            + " never trusted on its own)");
  }

  /**
   * The bundle must carry, under the version this pump trusts, exactly the root this pump trusts;
   * newer versions are then verified by the kit one step at a time (TUF 5.3).
   */
  private static void chainsFrom(Path trustedFile, Path bundleDir, String what)
      throws BundleRejection, IOException {
    JsonNode trusted;
    try {
      trusted = SignedMetadata.parse(Files.readAllBytes(trustedFile)).signed();
    } catch (TufRejection e) {
      throw new IOException(
          "the pump's trusted " + what + " root does not parse: " + e.getMessage());
    }
    long version = trusted.path("version").asLong();
    Path theirs = bundleDir.resolve(version + ".root.json");
    if (!Files.isRegularFile(theirs, NOFOLLOW)) {
      throw new BundleRejection(
          "bundle-root-chain",
          String.format(
              Locale.ROOT,
              "the bundle's %s root chain does not start from this pump's trusted root: it has no"
                  + " root version %d (written by another repository, or before a root rotation"
                  + " this pump has seen?)",
              what,
              version));
    }
    JsonNode offered;
    try {
      if (Files.size(theirs) > SignedMetadata.MAX_BYTES) {
        throw new TufRejection.Malformed("larger than " + SignedMetadata.MAX_BYTES + " bytes");
      }
      offered = SignedMetadata.parse(Files.readAllBytes(theirs)).signed();
    } catch (TufRejection e) {
      throw new BundleRejection(
          "bundle-root-chain",
          "the bundle's " + what + " root v" + version + " does not parse: " + e.getMessage());
    }
    if (!trusted.equals(offered)) {
      throw new BundleRejection(
          "bundle-root-chain",
          String.format(
              Locale.ROOT,
              "the bundle's %s root chain does not start from this pump's trusted root: its root"
                  + " version %d is a different root (a bundle from another repository)",
              what,
              version));
    }
  }

  /** Thrown out of the file visitor and unwrapped. */
  private static final class Refused extends IOException {
    final BundleRejection rejection;

    Refused(BundleRejection rejection) {
      super(rejection.getMessage());
      this.rejection = rejection;
    }
  }

  private static void copyBounded(Path from, Path to, Settings settings)
      throws BundleRejection, IOException {
    long[] bytes = {0};
    int[] files = {0};
    try {
      Files.walkFileTree(
          from,
          EnumSet.noneOf(java.nio.file.FileVisitOption.class),
          MAX_DEPTH,
          new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs)
                throws IOException {
              Files.createDirectories(to.resolve(from.relativize(dir).toString()));
              return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
                throws IOException {
              String name = from.relativize(file).toString();
              if (!attrs.isRegularFile()) {
                throw new Refused(
                    new BundleRejection(
                        "bundle-layout",
                        "the bundle holds "
                            + (attrs.isSymbolicLink() ? "a link" : "something not a plain file")
                            + " at "
                            + name
                            + "; a bundle holds plain files only"));
              }
              if (++files[0] > settings.maxFiles()) {
                throw new Refused(
                    new BundleRejection(
                        "bundle-too-large",
                        "the bundle holds more than " + settings.maxFiles() + " files"));
              }
              bytes[0] +=
                  copy(file, to.resolve(name), settings.maxBytes() - bytes[0], settings.maxBytes());
              return FileVisitResult.CONTINUE;
            }
          });
    } catch (Refused e) {
      throw e.rejection;
    }
  }

  private static long copy(Path from, Path to, long budget, long max) throws IOException {
    byte[] buffer = new byte[64 * 1024];
    long copied = 0;
    try (InputStream in = Files.newInputStream(from, NOFOLLOW);
        OutputStream out =
            Files.newOutputStream(to, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
        copied += n;
        if (copied > budget) {
          throw new Refused(
              new BundleRejection(
                  "bundle-too-large", "the bundle is larger than " + max + " bytes"));
        }
        out.write(buffer, 0, n);
      }
    }
    return copied;
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir, NOFOLLOW)) {
      return;
    }
    try (var paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
