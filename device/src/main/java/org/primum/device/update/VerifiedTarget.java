package org.primum.device.update;

/** A target that both the director assigned to this device and the image repository vouches for. */
public record VerifiedTarget(
    String path,
    org.primum.core.tuf.TufMetadata.TargetFile file,
    String version,
    long releaseCounter,
    String hardwareId) {}
