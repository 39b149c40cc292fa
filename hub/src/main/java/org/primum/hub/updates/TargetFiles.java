package org.primum.hub.updates;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.primum.core.files.SecureFiles;

/**
 * Target files (images, SBOMs, drug libraries) in {@code <data>/tuf/targets/}, each named by the
 * hex SHA-256 of its content. A file is written completely and forced to disk before it gets its
 * name, so a name always holds exactly the bytes it names; storing the same content twice is a
 * no-op.
 */
final class TargetFiles {
  private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

  /** A stored file: its length and hashes. */
  record Stored(long length, String sha256, String sha512) {
    Map<String, String> hashes() {
      return Map.of("sha256", sha256, "sha512", sha512);
    }
  }

  private final Path dir;

  TargetFiles(Path dir) {
    this.dir = dir;
  }

  /**
   * Copies {@code source} in, refusing more than {@code maxBytes}.
   *
   * @throws UpdateRefusal if the file is larger than {@code maxBytes}
   */
  Stored put(Path source, long maxBytes, String what) throws IOException, UpdateRefusal {
    long size = Files.size(source);
    if (size > maxBytes) {
      throw tooLarge(what, Long.toString(size), maxBytes);
    }
    try (InputStream in = Files.newInputStream(source)) {
      return put(in, maxBytes, what);
    }
  }

  /** Stores {@code content}. */
  Stored put(byte[] content) throws IOException {
    try {
      return put(new java.io.ByteArrayInputStream(content), Long.MAX_VALUE, "file");
    } catch (UpdateRefusal e) {
      throw new IllegalStateException(e);
    }
  }

  private Stored put(InputStream in, long maxBytes, String what) throws IOException, UpdateRefusal {
    Files.createDirectories(dir);
    MessageDigest sha256 = digest("SHA-256");
    MessageDigest sha512 = digest("SHA-512");
    Path temp = Files.createTempFile(dir, ".incoming.", ".tmp");
    try {
      long length = 0;
      try (FileChannel out = FileChannel.open(temp, StandardOpenOption.WRITE)) {
        byte[] buffer = new byte[64 * 1024];
        int read;
        while ((read = in.read(buffer)) > 0) {
          length += read;
          if (length > maxBytes) {
            throw tooLarge(what, "more", maxBytes);
          }
          sha256.update(buffer, 0, read);
          sha512.update(buffer, 0, read);
          ByteBuffer chunk = ByteBuffer.wrap(buffer, 0, read);
          while (chunk.hasRemaining()) {
            out.write(chunk);
          }
        }
        out.force(true);
      }
      String hex256 = HexFormat.of().formatHex(sha256.digest());
      Path target = dir.resolve(hex256);
      if (Files.exists(target)) {
        Files.delete(temp);
      } else {
        try {
          Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
          Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
        }
        SecureFiles.syncDirectory(dir);
      }
      return new Stored(length, hex256, HexFormat.of().formatHex(sha512.digest()));
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  /** The stored file with this SHA-256, if any. */
  Optional<Path> find(String sha256) {
    if (!SHA256.matcher(sha256).matches()) {
      return Optional.empty();
    }
    Path file = dir.resolve(sha256);
    return Files.isRegularFile(file) ? Optional.of(file) : Optional.empty();
  }

  private static UpdateRefusal tooLarge(String what, String found, long max) {
    return new UpdateRefusal(
        UpdateRefusal.Kind.TOO_LARGE,
        "too-large",
        String.format(Locale.ROOT, "%s: expected at most %d bytes, found %s", what, max, found));
  }

  private static MessageDigest digest(String algorithm) {
    try {
      return MessageDigest.getInstance(algorithm);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
