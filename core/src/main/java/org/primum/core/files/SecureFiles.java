package org.primum.core.files;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;

/**
 * Crash-safe, permission-aware file writes: a reader sees the old content or the new, never a
 * mixture, and secret files are created owner-only from the first byte.
 */
public final class SecureFiles {
  private static final boolean POSIX =
      FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
  private static final Set<PosixFilePermission> OWNER_ONLY_FILE =
      PosixFilePermissions.fromString("rw-------");
  private static final Set<PosixFilePermission> OWNER_ONLY_DIR =
      PosixFilePermissions.fromString("rwx------");

  private SecureFiles() {}

  /** Creates {@code dir} (and parents) readable only by its owner, or tightens it if it exists. */
  public static Path ownerOnlyDirectory(Path dir) throws IOException {
    Files.createDirectories(dir);
    if (POSIX) {
      Files.setPosixFilePermissions(dir, OWNER_ONLY_DIR);
    }
    return dir;
  }

  /** Writes a secret atomically with mode 0600 (the file never exists with wider permissions). */
  public static void writeSecret(Path file, byte[] content) throws IOException {
    write(file, content, true);
  }

  /** Writes public content atomically (default permissions). */
  public static void writePublic(Path file, byte[] content) throws IOException {
    write(file, content, false);
  }

  /**
   * Reads a secret file, refusing one that group or others can read.
   *
   * @throws IOException if the file cannot be read or its permissions are too open
   */
  public static byte[] readSecret(Path file) throws IOException {
    if (POSIX) {
      Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
      Set<PosixFilePermission> open = EnumSet.copyOf(permissions);
      open.removeAll(OWNER_ONLY_FILE);
      if (!open.isEmpty()) {
        throw new IOException(
            "refusing to use "
                + file
                + ": it is readable or writable by others ("
                + PosixFilePermissions.toString(permissions)
                + "); expected rw------- (chmod 600)");
      }
    }
    return Files.readAllBytes(file);
  }

  /** Whether {@code file} is owner-only (always true where POSIX permissions do not exist). */
  public static boolean isOwnerOnly(Path file) throws IOException {
    return !POSIX || OWNER_ONLY_FILE.containsAll(Files.getPosixFilePermissions(file));
  }

  private static void write(Path file, byte[] content, boolean secret) throws IOException {
    Path dir = file.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    FileAttribute<?>[] attributes =
        secret && POSIX
            ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(OWNER_ONLY_FILE)}
            : new FileAttribute<?>[0];
    // A unique temporary name: concurrent writers (two processes on one data directory) must not
    // share one.
    Path temp = Files.createTempFile(dir, "." + file.getFileName() + ".", ".tmp", attributes);
    if (!secret && POSIX) {
      Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rw-r--r--"));
    }
    try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
      ByteBuffer buffer = ByteBuffer.wrap(content);
      while (buffer.hasRemaining()) {
        channel.write(buffer);
      }
      channel.force(true);
    }
    try {
      Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
    }
    syncDirectory(dir);
  }

  /**
   * Runs {@code action} while holding an exclusive lock on {@code lockFile}, so that processes
   * sharing a directory do not create the same thing twice.
   */
  public static <T> T withLock(Path lockFile, IoAction<T> action) throws IOException {
    Path key = lockFile.toAbsolutePath().normalize();
    Files.createDirectories(key.getParent());
    // File locks are per process; threads of one process queue on a lock object first.
    java.util.concurrent.locks.ReentrantLock local =
        LOCAL_LOCKS.computeIfAbsent(key, k -> new java.util.concurrent.locks.ReentrantLock());
    local.lock();
    try (FileChannel channel =
            FileChannel.open(key, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        java.nio.channels.FileLock ignored = channel.lock()) {
      return action.run();
    } finally {
      local.unlock();
    }
  }

  private static final java.util.concurrent.ConcurrentMap<
          Path, java.util.concurrent.locks.ReentrantLock>
      LOCAL_LOCKS = new java.util.concurrent.ConcurrentHashMap<>();

  /** An action that may fail with an I/O error. */
  @FunctionalInterface
  public interface IoAction<T> {
    T run() throws IOException;
  }

  /**
   * Forces a directory's entries (new, renamed or deleted files) to disk, where the platform allows
   * a directory to be opened for it (best effort elsewhere).
   */
  public static void syncDirectory(Path dir) {
    // Makes the rename durable; not every platform lets a directory be opened for this.
    try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
      channel.force(true);
    } catch (IOException | UnsupportedOperationException e) {
      // best effort: the content itself was forced above
    }
  }
}
