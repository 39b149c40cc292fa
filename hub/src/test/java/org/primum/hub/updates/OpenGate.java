package org.primum.hub.updates;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/**
 * A release gate that lets everything through, for tests of the image repository itself (the
 * supply-chain gate has its own tests, and the hub wires the real one).
 */
final class OpenGate implements ReleaseGate {
  static final ReleaseGate INSTANCE = new OpenGate();

  private record Passed() implements Decision {
    @Override
    public List<String> overridden() {
      return List.of();
    }

    @Override
    public Optional<String> justification() {
      return Optional.empty();
    }
  }

  @Override
  public Decision check(Candidate candidate) {
    return new Passed();
  }

  @Override
  public void record(Handle handle, long releaseId, Decision decision, String actor, Instant now) {}
}
