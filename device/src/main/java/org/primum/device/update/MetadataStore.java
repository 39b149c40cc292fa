package org.primum.device.update;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;
import org.primum.core.files.SecureFiles;
import org.primum.core.tuf.SignedMetadata;

/**
 * The trusted metadata of one repository on the device's disk, under non-versioned names ({@code
 * root.json}, {@code timestamp.json}, {@code snapshot.json}, {@code targets.json}, {@code
 * <role>.json}); every write is atomic and durable (TUF §5.3.8, §5.4.5, §5.5.7, §5.6.6).
 */
final class MetadataStore {
  private final Path dir;

  MetadataStore(Path dir) {
    this.dir = dir;
  }

  Path dir() {
    return dir;
  }

  /** The file's bytes, or empty when it does not exist (or is larger than any metadata may be). */
  Optional<byte[]> read(String fileName) throws IOException {
    Path file = dir.resolve(fileName);
    try {
      if (Files.size(file) > SignedMetadata.MAX_BYTES) {
        return Optional.empty();
      }
      return Optional.of(Files.readAllBytes(file));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    }
  }

  void write(String fileName, byte[] content) throws IOException {
    SecureFiles.writePublic(dir.resolve(fileName), content);
  }

  void delete(String fileName) throws IOException {
    if (Files.deleteIfExists(dir.resolve(fileName))) {
      SecureFiles.syncDirectory(dir);
    }
  }
}
