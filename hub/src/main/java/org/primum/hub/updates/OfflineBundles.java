package org.primum.hub.updates;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Objects;
import java.util.Optional;
import org.primum.core.json.Json;
import org.primum.core.tuf.SignedMetadata;
import org.primum.core.tuf.TufMetadata;
import org.primum.core.tuf.TufRejection;

/**
 * Writes an offline update bundle for one device: the image repository's metadata (every root
 * version, so a device can walk the root chain; the current timestamp, snapshot, targets and
 * delegated roles), the device's director metadata, and the assigned image, laid out exactly as the
 * hub serves them ({@code tuf/…}, {@code director/…}), for a directory or a USB stick carried to a
 * device that cannot reach the hub. The device verifies it as if online, with a bounded freshness
 * window (docs/tuf-client.md, "Offline updates").
 */
public final class OfflineBundles {
  private OfflineBundles() {}

  /** What a bundle holds. */
  public record Written(Path dir, Optional<String> target, long rootVersions) {}

  /**
   * Writes the bundle for {@code serial} into {@code out} (created; must be empty or absent).
   *
   * @throws IOException if {@code out} is not empty or cannot be written
   * @throws IllegalStateException if the image repository is not initialized
   */
  public static Written write(UpdateRepository repository, String serial, Path out)
      throws IOException {
    Objects.requireNonNull(serial, "serial");
    if (Files.exists(out)) {
      try (var entries = Files.list(out)) {
        if (entries.findAny().isPresent()) {
          throw new IOException(out + " is not empty; give a new directory for the bundle");
        }
      }
    }
    Path parent = out.toAbsolutePath().getParent();
    Files.createDirectories(parent);
    // Written beside the destination and renamed at the end: never a half-written bundle.
    Path work = Files.createTempDirectory(parent, "." + out.getFileName() + ".");
    try {
      Written written = writeInto(repository, serial, work);
      Files.deleteIfExists(out);
      Files.move(work, out, StandardCopyOption.ATOMIC_MOVE);
      return new Written(out, written.target(), written.rootVersions());
    } finally {
      if (Files.exists(work)) {
        try (var files = Files.walk(work)) {
          for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
            Files.deleteIfExists(p);
          }
        }
      }
    }
  }

  private static Written writeInto(UpdateRepository repository, String serial, Path out)
      throws IOException {
    Path tuf = Files.createDirectories(out.resolve("tuf"));
    Path director = Files.createDirectories(out.resolve("director"));
    // One consistent set: the timestamp names the snapshot, the snapshot names every targets role
    // (TUF 5.4-5.6), so a re-signing while the bundle is written cannot mix versions.
    byte[] timestamp =
        repository
            .metadata("timestamp.json")
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "the image repository is not initialized (release init-repo)"));
    Files.write(tuf.resolve("timestamp.json"), timestamp);
    try {
      long snapshotVersion =
          TufMetadata.Timestamp.parse(SignedMetadata.parse(timestamp).signed())
              .snapshot()
              .version();
      byte[] snapshot = stored(repository, snapshotVersion + ".snapshot.json");
      Files.write(tuf.resolve(snapshotVersion + ".snapshot.json"), snapshot);
      var meta = TufMetadata.Snapshot.parse(SignedMetadata.parse(snapshot).signed()).meta();
      for (var entry : meta.entrySet()) {
        String role = entry.getKey().substring(0, entry.getKey().length() - ".json".length());
        String name = entry.getValue().version() + "." + role + ".json";
        byte[] content = stored(repository, name);
        Files.write(tuf.resolve(name), content);
        if (!role.equals("targets")) {
          // Trusted input (e.g. the pharmacy's drug libraries) travels with the bundle too.
          for (var target : delegatedTargets(content).entrySet()) {
            copyTarget(repository, target.getKey(), target.getValue().hashes().get("sha256"), tuf);
          }
        }
      }
    } catch (TufRejection e) {
      throw new IOException("stored metadata does not parse: " + e.getMessage(), e);
    }
    long roots = 0;
    for (long v = 1; ; v++) {
      Optional<byte[]> root = repository.metadata(v + ".root.json");
      if (root.isEmpty()) {
        break;
      }
      Files.write(tuf.resolve(v + ".root.json"), root.get());
      roots = v;
    }
    for (long v = 1; ; v++) {
      Optional<byte[]> root = repository.director().root(v);
      if (root.isEmpty()) {
        break;
      }
      Files.write(director.resolve(v + ".root.json"), root.get());
    }
    byte[] assigned = repository.director().targets(serial);
    Files.write(director.resolve("targets.json"), assigned);
    Optional<String> target = assignedTarget(assigned);
    if (target.isPresent()) {
      copyTarget(repository, target.get(), sha256Of(target.get(), assigned), tuf);
    }
    return new Written(out, target, roots);
  }

  private static byte[] stored(UpdateRepository repository, String name) {
    return repository
        .metadata(name)
        .orElseThrow(() -> new IllegalStateException("the hub holds no " + name));
  }

  private static Optional<String> assignedTarget(byte[] directorTargets) throws IOException {
    try {
      TufMetadata.Targets targets =
          TufMetadata.Targets.parse(SignedMetadata.parse(directorTargets).signed());
      return targets.targets().keySet().stream().findFirst();
    } catch (TufRejection e) {
      throw new IOException("the director's own targets do not parse: " + e.getMessage(), e);
    }
  }

  private static java.util.Map<String, TufMetadata.TargetFile> delegatedTargets(byte[] content)
      throws IOException {
    try {
      return TufMetadata.Targets.parse(SignedMetadata.parse(content).signed()).targets();
    } catch (TufRejection e) {
      throw new IOException("stored delegated metadata does not parse: " + e.getMessage(), e);
    }
  }

  private static String sha256Of(String path, byte[] directorTargets) throws IOException {
    try {
      return Json.readTree(directorTargets)
          .path("signed")
          .path("targets")
          .path(path)
          .path("hashes")
          .path("sha256")
          .asText();
    } catch (Json.JsonRejection e) {
      throw new IOException(e.getMessage(), e);
    }
  }

  private static void copyTarget(UpdateRepository repository, String path, String sha256, Path tuf)
      throws IOException {
    int slash = path.lastIndexOf('/');
    // TUF 5.7.3: consistent target names are DIRS/HASH.BASENAME.
    String consistent =
        (slash < 0 ? "" : path.substring(0, slash + 1)) + sha256 + "." + path.substring(slash + 1);
    Path source =
        repository
            .targetFile(consistent)
            .orElseThrow(() -> new IOException("the hub holds no file for " + path));
    Path destination = tuf.resolve("targets").resolve(consistent);
    Files.createDirectories(destination.getParent());
    Files.copy(source, destination, StandardCopyOption.REPLACE_EXISTING);
  }
}
