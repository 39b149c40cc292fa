package org.primum.device.evidence;

import java.io.IOException;

/**
 * The evidence log had no room for an entry because its space holds entries the hub has not
 * witnessed yet. The entry was not stored but counted in the signed gap record the log writes as
 * soon as there is room again; {@link EvidenceLog#storageFull()} stays true until then.
 */
public final class EvidenceStorageFull extends IOException {
  public EvidenceStorageFull(String message) {
    super(message);
  }
}
