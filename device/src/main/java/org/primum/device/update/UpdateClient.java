package org.primum.device.update;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import org.primum.core.tuf.TufMetadata;
import org.primum.core.tuf.TufRejection;

/**
 * The device's update client: the TUF client workflow (TUF 1.0 §5) against the hub's image
 * repository, and the Uptane-style director check that decides what this device installs.
 *
 * <p>Security guarantees: a {@link VerifiedTarget} exists only when (1) the director's targets
 * metadata, signed by a threshold of its root's targets keys and never older than the trusted one,
 * assigns it to this serial and hardware id with a release counter not below the installed one; and
 * (2) the image repository, through its full root/timestamp/snapshot/targets chain and delegation
 * search, lists the same path with the same length and hashes, for this hardware id, at the same
 * release counter. {@link #download} writes only bytes whose length and hashes match; every
 * transfer is bounded in size and aborted when slower than {@link
 * UpdateLimits#minBytesPerSecond()}.
 *
 * <p>State: {@code stateDir/image/} and {@code stateDir/director/} hold the trusted metadata (each
 * provisioned with {@code root.json} or {@code 1.root.json}); writes are atomic and durable.
 */
public final class UpdateClient {
  private final TufRepository image;
  private final DirectorRepository director;
  private final String serial;
  private final String hardwareId;
  private final Clock clock;

  /**
   * stateDir keeps trusted metadata (image/ and director/ subdirs, durable atomic writes); both
   * must hold a provisioned 1.root.json or root.json before the first check.
   */
  public UpdateClient(
      Path stateDir,
      Fetcher imageRepository,
      Fetcher director,
      String serial,
      String hardwareId,
      Clock clock,
      UpdateLimits limits) {
    this(
        stateDir,
        imageRepository,
        director,
        serial,
        hardwareId,
        clock,
        new Transfers(limits),
        Optional.empty());
  }

  UpdateClient(
      Path stateDir,
      Fetcher imageRepository,
      Fetcher director,
      String serial,
      String hardwareId,
      Clock clock,
      Transfers transfers,
      Optional<Duration> freshnessWindow) {
    Objects.requireNonNull(imageRepository, "imageRepository");
    this.serial = Objects.requireNonNull(serial, "serial");
    this.hardwareId = Objects.requireNonNull(hardwareId, "hardwareId");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.image =
        TufRepository.create(
            new MetadataStore(stateDir.resolve("image")),
            imageRepository,
            (path, offset) -> imageRepository.open("targets/" + path, offset),
            clock,
            transfers,
            freshnessWindow);
    this.director =
        new DirectorRepository(
            new MetadataStore(stateDir.resolve("director")),
            Objects.requireNonNull(director, "director"),
            transfers);
  }

  /**
   * An update client for an offline (directory or USB) bundle laid out as the hub serves it: {@code
   * bundle/tuf/} (the image repository) and {@code bundle/director/} (this device's director
   * metadata). Besides normal expiry, the bundle's timestamp must expire no later than {@code
   * freshnessWindow} after the device's time, so no bundle stays usable for longer than the window
   * (docs/tuf-client.md, "Offline updates").
   */
  public static UpdateClient offline(
      Path stateDir,
      Path bundle,
      String serial,
      String hardwareId,
      Clock clock,
      UpdateLimits limits,
      Duration freshnessWindow) {
    return new UpdateClient(
        stateDir,
        new DirectoryFetcher(bundle.resolve("tuf")),
        new DirectoryFetcher(bundle.resolve("director")),
        serial,
        hardwareId,
        clock,
        new Transfers(limits),
        Optional.of(freshnessWindow));
  }

  /**
   * Runs the TUF workflow against the director and the image repository; returns the assigned
   * target when there is one, empty when nothing is assigned or the assignment is what is installed
   * (its release counter equals {@code installedReleaseCounter}).
   *
   * @throws TufRejection.ReleaseRollback if the assigned release counter is below the installed one
   * @throws TufRejection.WrongHardware if the target is for another hardware id
   * @throws TufRejection.DirectorMismatch if the image repository does not vouch for the assignment
   * @throws TufRejection for any refused metadata
   */
  public synchronized Optional<VerifiedTarget> check(long installedReleaseCounter)
      throws TufRejection, IOException {
    // TUF §5.1: one fixed start time for the director's checks (the image repository fixes its own
    // at the start of its cycle, moments later).
    Instant now = clock.instant();
    TufMetadata.Targets assignment = director.refresh(now, this::checkAssignedToThisDevice);
    if (assignment.targets().isEmpty()) {
      return Optional.empty();
    }
    Map.Entry<String, TufMetadata.TargetFile> entry =
        assignment.targets().entrySet().iterator().next();
    String path = entry.getKey();
    TufMetadata.TargetFile assigned = entry.getValue();
    // Present: checkAssignedToThisDevice refused an assignment without custom data.
    JsonNode custom = assigned.custom().orElseThrow();
    long counter = counter(custom, path);
    // Anti-rollback: never a release counter below the installed one.
    if (counter < installedReleaseCounter) {
      throw new TufRejection.ReleaseRollback(path, installedReleaseCounter, counter);
    }
    // Uptane: the image repository must vouch for exactly what the director assigned.
    image.refresh();
    TufMetadata.TargetFile vouched =
        image
            .findTarget(path)
            .orElseThrow(
                () ->
                    new TufRejection.DirectorMismatch(
                        path, describe(assigned), "no such target (after the delegation search)"));
    if (vouched.length() != assigned.length() || !sameHashes(assigned, vouched)) {
      throw new TufRejection.DirectorMismatch(path, describe(assigned), describe(vouched));
    }
    JsonNode imageCustom =
        vouched
            .custom()
            .orElseThrow(
                () ->
                    new TufRejection.DirectorMismatch(
                        path, "release custom data", "a target without custom data"));
    JsonNode hardwareIds = imageCustom.get("hardwareIds");
    boolean forThisHardware = false;
    if (hardwareIds != null && hardwareIds.isArray()) {
      for (JsonNode id : hardwareIds) {
        forThisHardware |= id.isTextual() && id.textValue().equals(hardwareId);
      }
    }
    if (!forThisHardware) {
      throw new TufRejection.WrongHardware(
          path, hardwareId, hardwareIds == null ? "no hardwareIds" : hardwareIds.toString());
    }
    long imageCounter = counter(imageCustom, path);
    if (imageCounter != counter) {
      throw new TufRejection.DirectorMismatch(
          path, "release counter " + counter, "release counter " + imageCounter);
    }
    if (counter == installedReleaseCounter) {
      return Optional.empty();
    }
    JsonNode version = imageCustom.get("version");
    return Optional.of(
        new VerifiedTarget(
            path,
            vouched,
            version != null && version.isTextual() ? version.textValue() : "",
            counter,
            hardwareId));
  }

  /**
   * Uptane: the director's assignment holds at most one target, naming this device's hardware id
   * and serial. Checked before the assignment is persisted, so one for another device (an offline
   * bundle written for another serial) leaves the trusted director state as it was.
   */
  private void checkAssignedToThisDevice(TufMetadata.Targets assignment) throws TufRejection {
    if (assignment.targets().isEmpty()) {
      return;
    }
    if (assignment.targets().size() > 1) {
      throw new TufRejection.TargetRefused(
          "the director assigned "
              + assignment.targets().size()
              + " targets "
              + new TreeMap<>(assignment.targets()).keySet()
              + "; expected at most one");
    }
    Map.Entry<String, TufMetadata.TargetFile> entry =
        assignment.targets().entrySet().iterator().next();
    String path = entry.getKey();
    JsonNode custom =
        entry
            .getValue()
            .custom()
            .orElseThrow(
                () ->
                    new TufRejection.TargetRefused(
                        path + ": the director's assignment has no custom data"));
    String assignedHardware = text(custom, "hardwareId", path);
    if (!hardwareId.equals(assignedHardware)) {
      throw new TufRejection.WrongHardware(path, hardwareId, assignedHardware);
    }
    String assignedSerial = text(custom, "serial", path);
    if (!serial.equals(assignedSerial)) {
      throw new TufRejection.TargetRefused(
          path + ": assigned to device " + assignedSerial + ", this device is " + serial);
    }
  }

  /**
   * Streams the target into {@code file}, resuming from the file's current length when it already
   * holds a prefix; verifies total length and all supported hashes (sha256, sha512) over the whole
   * file while streaming; enforces the length bound (endless data) and the minimum speed (slow
   * retrieval); on mismatch deletes the file and throws.
   */
  public void download(VerifiedTarget target, Path file) throws TufRejection, IOException {
    image.download(target.path(), target.file(), file);
  }

  /**
   * Image repository only (no director): finds a target by path through the delegation graph (e.g.
   * {@code druglib/...}), for trusted input such as drug libraries.
   */
  public synchronized Optional<TufMetadata.TargetFile> findImageTarget(String path)
      throws TufRejection, IOException {
    image.refresh();
    return image.findTarget(path);
  }

  /** Downloads an image-repository target found by {@link #findImageTarget}. */
  public void downloadImageTarget(String path, TufMetadata.TargetFile file, Path destination)
      throws TufRejection, IOException {
    image.download(path, file, destination);
  }

  /** Same length already checked; every hash the director gives must match, one supported. */
  private static boolean sameHashes(TufMetadata.TargetFile director, TufMetadata.TargetFile image) {
    boolean supported = false;
    for (Map.Entry<String, String> hash : director.hashes().entrySet()) {
      String theirs = image.hashes().get(hash.getKey());
      if (theirs == null || !theirs.equalsIgnoreCase(hash.getValue())) {
        return false;
      }
      supported |= Transfers.ALGORITHMS.containsKey(hash.getKey());
    }
    return supported;
  }

  private static String describe(TufMetadata.TargetFile file) {
    return String.format(
        Locale.ROOT, "length %d, hashes %s", file.length(), new TreeMap<>(file.hashes()));
  }

  private static String text(JsonNode custom, String field, String path)
      throws TufRejection.TargetRefused {
    JsonNode node = custom.get(field);
    if (node == null || !node.isTextual()) {
      throw new TufRejection.TargetRefused(path + ": custom." + field + " must be a string");
    }
    return node.textValue();
  }

  private static long counter(JsonNode custom, String path) throws TufRejection.TargetRefused {
    JsonNode node = custom.get("releaseCounter");
    if (node == null
        || !node.isIntegralNumber()
        || !node.canConvertToLong()
        || node.longValue() < 0) {
      throw new TufRejection.TargetRefused(
          path + ": custom.releaseCounter must be a non-negative integer");
    }
    return node.longValue();
  }
}
