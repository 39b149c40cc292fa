package org.primum.bench.supplychain;

import java.time.Instant;
import org.jdbi.v3.core.Handle;

/**
 * Inserts bare release rows for the supply-chain load test, so 1,000 releases with SBOMs exist
 * without 1,000 TUF publications (the image repository has its own benchmark).
 */
final class BenchReleaseStore {
  private BenchReleaseStore() {}

  static long insertRelease(
      Handle h, String hardwareId, String version, long counter, Instant now) {
    return h.createUpdate(
            "INSERT INTO releases (hardware_id, version, release_counter, target_path, length,"
                + " sha256, sha512, notes, notes_sha256, targets_version, published_by,"
                + " published_at) VALUES (:h, :v, :c, :p, 0, '', '', 'bench', '', 1, 'bench', :at)")
        .bind("h", hardwareId)
        .bind("v", version)
        .bind("c", counter)
        .bind("p", "firmware/" + hardwareId + "/bench-" + version + ".fw")
        .bind("at", now.toEpochMilli())
        .executeAndReturnGeneratedKeys("id")
        .mapTo(Long.class)
        .one();
  }
}
