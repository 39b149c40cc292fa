package org.primum.hub.updates;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/** Published releases held in memory. */
final class FakeReleaseLookup implements ReleaseLookup {
  private final List<ReleaseSummary> releases = new CopyOnWriteArrayList<>();

  ReleaseSummary publish(String version, long counter, String notes) {
    ReleaseSummary release =
        new ReleaseSummary(
            releases.size() + 1L,
            version,
            "rp-1",
            counter,
            "firmware/rp-1/primum-rp1-" + version + ".fw",
            notes,
            Instant.parse("2026-11-20T10:00:00Z"));
    releases.add(release);
    return release;
  }

  @Override
  public Optional<ReleaseSummary> release(long id) {
    return releases.stream().filter(r -> r.id() == id).findFirst();
  }

  @Override
  public Optional<ReleaseSummary> releaseByVersion(String hardwareId, String version) {
    return releases.stream()
        .filter(r -> r.hardwareId().equals(hardwareId) && r.version().equals(version))
        .findFirst();
  }

  @Override
  public List<ReleaseSummary> releases() {
    return List.copyOf(releases);
  }
}
