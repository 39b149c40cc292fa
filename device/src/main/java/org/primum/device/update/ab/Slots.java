package org.primum.device.update.ab;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import org.primum.core.crypto.Hashes;
import org.primum.core.files.SecureFiles;
import org.primum.core.json.Json;

/**
 * The two software slots on disk ({@code <dir>/a/image}, {@code <dir>/b/image}, downloads in
 * progress as {@code image.part}) and their {@link SlotState} in {@code <dir>/slots.json}.
 *
 * <p>Security guarantees: every state change is an atomic, fsynced replacement of {@code
 * slots.json}; an image file is only ever named {@code image} after its length and hashes were
 * verified against trusted metadata, and {@link #verifiedImage} checks its SHA-256 again before it
 * is booted, so a slot damaged on disk is never run.
 */
public final class Slots {
  private final Path dir;
  private SlotState state;

  private Slots(Path dir, SlotState state) {
    this.dir = dir;
    this.state = state;
  }

  /**
   * Opens the slots in {@code dir}; on first use puts the factory image into slot {@code a}
   * (release counter 0) and makes it active.
   *
   * @throws IOException if the directory cannot be used or the state file is damaged
   */
  public static Slots open(Path dir, byte[] factoryImage, String factoryVersion)
      throws IOException {
    Files.createDirectories(dir);
    Path stateFile = dir.resolve("slots.json");
    if (Files.exists(stateFile)) {
      try {
        return new Slots(dir, Json.read(Files.readAllBytes(stateFile), SlotState.class));
      } catch (Json.JsonRejection | IllegalArgumentException e) {
        throw new IOException("the slot state in " + stateFile + " is damaged: " + e.getMessage());
      }
    }
    SecureFiles.writePublic(dir.resolve("a").resolve("image"), factoryImage);
    SlotState initial =
        new SlotState(
            "a",
            Map.of(
                "a",
                new SlotState.SlotImage(
                    factoryVersion, 0, Hashes.sha256Hex(factoryImage), "factory")),
            0,
            Optional.empty(),
            Optional.empty(),
            Optional.empty());
    Slots slots = new Slots(dir, initial);
    slots.save(initial);
    return slots;
  }

  public synchronized SlotState state() {
    return state;
  }

  synchronized void save(SlotState next) throws IOException {
    SecureFiles.writePublic(dir.resolve("slots.json"), Json.write(next));
    state = next;
  }

  /** Where a slot's verified image lives. */
  public Path imageFile(String slot) {
    SlotState.requireSlot(slot);
    return dir.resolve(slot).resolve("image");
  }

  /**
   * Where a download of the image with {@code sha256} into a slot accumulates (resumable): named by
   * the image, so a prefix of one release is never resumed as another.
   */
  public Path partialFile(String slot, String sha256) {
    SlotState.requireSlot(slot);
    if (!sha256.matches("[0-9a-f]{64}")) {
      throw new IllegalArgumentException("not a sha256 hex digest: " + sha256);
    }
    return dir.resolve(slot).resolve("image." + sha256.substring(0, 16) + ".part");
  }

  /** Deletes every partial download in {@code slot} except {@code keep}. */
  void discardPartials(String slot, Path keep) throws IOException {
    try (var files = Files.list(dir.resolve(slot))) {
      for (Path file : files.toList()) {
        String name = file.getFileName().toString();
        if (name.endsWith(".part") && !file.equals(keep)) {
          Files.deleteIfExists(file);
        }
      }
    }
  }

  /**
   * The bytes of a slot's image after checking them against the hash recorded for it.
   *
   * @throws IOException if the slot is empty, unreadable, or its image no longer matches
   */
  public byte[] verifiedImage(String slot) throws IOException {
    SlotState.SlotImage image = state().images().get(slot);
    if (image == null) {
      throw new IOException("slot " + slot + " holds no image");
    }
    byte[] bytes = Files.readAllBytes(imageFile(slot));
    String found = Hashes.sha256Hex(bytes);
    if (!found.equals(image.sha256())) {
      throw new IOException(
          "slot " + slot + " is damaged: expected sha256 " + image.sha256() + ", found " + found);
    }
    return bytes;
  }

  /** The SHA-256 of a file, streaming, or empty if it does not exist. */
  static Optional<String> sha256Of(Path file) throws IOException {
    if (!Files.exists(file)) {
      return Optional.empty();
    }
    MessageDigest digest = Hashes.newSha256();
    byte[] buffer = new byte[64 * 1024];
    try (InputStream in = Files.newInputStream(file)) {
      for (int n; (n = in.read(buffer)) > 0; ) {
        digest.update(buffer, 0, n);
      }
    }
    return Optional.of(HexFormat.of().formatHex(digest.digest()));
  }
}
