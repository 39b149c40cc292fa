package org.primum.hub.updates;

/** Finds published releases. */
public interface ReleaseLookup {
  java.util.Optional<ReleaseSummary> release(long id);

  java.util.Optional<ReleaseSummary> releaseByVersion(String hardwareId, String version);

  java.util.List<ReleaseSummary> releases();
}
