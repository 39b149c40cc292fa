package org.primum.device.update.ab;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What the device's two software slots hold and which one boots: the persisted state of the A/B
 * updater, written atomically and durably after every step so a power cut at any point leaves a
 * state that {@link Updater#recover()} can finish or undo.
 *
 * @param active the confirmed slot that boots normally ({@code a} or {@code b})
 * @param images what each slot holds (absent: empty slot)
 * @param floor anti-rollback floor: the highest release counter ever confirmed healthy; it never
 *     goes down, not even when a trial rolls back
 * @param pending a slot whose image is downloaded and verified, waiting to be installed
 * @param trial a slot being booted for the first time and not yet confirmed healthy
 * @param refusedSha256 the image hash that last failed its health check (not installed again)
 */
public record SlotState(
    String active,
    Map<String, SlotImage> images,
    long floor,
    Optional<String> pending,
    Optional<Trial> trial,
    Optional<String> refusedSha256) {
  /** Most boots of an unconfirmed slot before it counts as a crash loop and is rolled back. */
  public static final int MAX_BOOT_ATTEMPTS = 3;

  public SlotState {
    requireSlot(active);
    images = Map.copyOf(new TreeMap<>(images));
    Objects.requireNonNull(pending);
    Objects.requireNonNull(trial);
    Objects.requireNonNull(refusedSha256);
    if (!images.containsKey(active)) {
      throw new IllegalArgumentException("the active slot " + active + " holds no image");
    }
    if (floor < 0) {
      throw new IllegalArgumentException("floor must not be negative");
    }
  }

  /** One slot's image: what it is and the hash it must still have when booted. */
  public record SlotImage(String version, long releaseCounter, String sha256, String target) {
    public SlotImage {
      Objects.requireNonNull(version);
      Objects.requireNonNull(sha256);
      Objects.requireNonNull(target);
    }
  }

  /** A slot on trial and how many times it has been booted without being confirmed. */
  public record Trial(String slot, int bootAttempts) {
    public Trial {
      requireSlot(slot);
    }
  }

  static void requireSlot(String slot) {
    if (!"a".equals(slot) && !"b".equals(slot)) {
      throw new IllegalArgumentException("a slot is a or b, found " + slot);
    }
  }

  /** The slot that is not active: where downloads go. */
  public String inactive() {
    return "a".equals(active) ? "b" : "a";
  }

  public SlotImage activeImage() {
    return images.get(active);
  }

  SlotState with(
      String active,
      Map<String, SlotImage> images,
      long floor,
      Optional<String> pending,
      Optional<Trial> trial,
      Optional<String> refused) {
    return new SlotState(active, images, floor, pending, trial, refused);
  }

  SlotState withImage(String slot, SlotImage image) {
    Map<String, SlotImage> next = new TreeMap<>(images);
    if (image == null) {
      next.remove(slot);
    } else {
      next.put(slot, image);
    }
    return with(active, next, floor, pending, trial, refusedSha256);
  }

  SlotState withPending(Optional<String> slot) {
    return with(active, images, floor, slot, trial, refusedSha256);
  }

  SlotState withTrial(Optional<Trial> next) {
    return with(active, images, floor, pending, next, refusedSha256);
  }
}
