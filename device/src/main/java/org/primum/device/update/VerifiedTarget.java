package org.primum.device.update;

import java.util.Objects;
import org.primum.core.tuf.TufMetadata;

/**
 * A target that both the director assigned to this device and the image repository vouches for,
 * with the same length and hashes, for this hardware id, at a release counter not below the
 * installed one. Only {@link UpdateClient#check} creates one from verified metadata.
 *
 * @param path the TUF target path, e.g. {@code firmware/rp-1/primum-rp1-0.2.0.fw}
 * @param file the image repository's length, hashes and custom data (what downloads verify)
 * @param version the release's version string from the image repository's custom data
 * @param releaseCounter the anti-rollback counter
 * @param hardwareId this device's hardware id, which the target is for
 */
public record VerifiedTarget(
    String path,
    TufMetadata.TargetFile file,
    String version,
    long releaseCounter,
    String hardwareId) {
  public VerifiedTarget {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(hardwareId, "hardwareId");
  }
}
