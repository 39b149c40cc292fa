package org.primum.device.update;

import java.time.Duration;
import java.util.Objects;

/**
 * The bounds on every download the update client makes (TUF §5.3.3 "W", §5.4.1 "X", §5.5.1 "Y",
 * §5.6.1 "Z", §5.6.7.1 the maximum number of delegated roles, §5.3.3 the number of root rotations),
 * and the minimum speed below which a download is aborted (slow retrieval).
 *
 * @param maxRootBytes largest root metadata file read
 * @param maxTimestampBytes largest timestamp metadata file read
 * @param maxSnapshotBytes largest snapshot file read when the timestamp gives no length
 * @param maxTargetsBytes largest targets (or delegated targets) file read when the snapshot gives
 *     no length
 * @param minBytesPerSecond a download that averages less than this over any {@code speedWindow} is
 *     aborted
 * @param speedWindow the window over which the minimum speed is measured
 * @param maxDelegations most targets roles visited in one delegation search
 * @param maxRootRotations most new root versions accepted in one update cycle
 */
public record UpdateLimits(
    long maxRootBytes,
    long maxTimestampBytes,
    long maxSnapshotBytes,
    long maxTargetsBytes,
    long minBytesPerSecond,
    Duration speedWindow,
    int maxDelegations,
    int maxRootRotations) {
  public UpdateLimits {
    Objects.requireNonNull(speedWindow, "speedWindow");
    if (maxRootBytes < 1 || maxTimestampBytes < 1 || maxSnapshotBytes < 1 || maxTargetsBytes < 1) {
      throw new IllegalArgumentException("every metadata bound must be at least one byte");
    }
    if (minBytesPerSecond < 0 || speedWindow.isNegative() || speedWindow.isZero()) {
      throw new IllegalArgumentException("the speed window must be positive");
    }
    if (maxDelegations < 1 || maxRootRotations < 1) {
      throw new IllegalArgumentException("maxDelegations and maxRootRotations must be positive");
    }
  }

  /**
   * Bounds for a pump on a hospital network: root 512 KiB, timestamp 16 KiB, snapshot 2 MiB,
   * targets 4 MiB, at least 1 KiB/s over every 30 s, 32 delegated roles, 256 root rotations.
   */
  public static UpdateLimits defaults() {
    return new UpdateLimits(
        512 * 1024,
        16 * 1024,
        2 * 1024 * 1024,
        4 * 1024 * 1024,
        1024,
        Duration.ofSeconds(30),
        32,
        256);
  }

  /** The same limits with another minimum speed and window. */
  public UpdateLimits withMinimumSpeed(long bytesPerSecond, Duration window) {
    return new UpdateLimits(
        maxRootBytes,
        maxTimestampBytes,
        maxSnapshotBytes,
        maxTargetsBytes,
        bytesPerSecond,
        window,
        maxDelegations,
        maxRootRotations);
  }
}
