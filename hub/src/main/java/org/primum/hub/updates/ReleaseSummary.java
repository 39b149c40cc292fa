package org.primum.hub.updates;

/** A published release, as rollouts and pages see it. */
public record ReleaseSummary(
    long id,
    String version,
    String hardwareId,
    long releaseCounter,
    String targetPath,
    String notes,
    java.time.Instant publishedAt) {}
