package org.primum.hub.updates;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** A director that records what it was asked to sign. */
final class FakeAssignments implements Assignments {
  /** One assignment: which release, in which rollout. */
  record Assigned(long releaseId, long rolloutId) {}

  final Map<String, Assigned> current = new ConcurrentHashMap<>();
  final List<String> assignedInOrder = new ArrayList<>();
  final List<String> withdrawn = new ArrayList<>();
  volatile boolean failing;

  @Override
  public synchronized void assign(String serial, long releaseId, long rolloutId) {
    if (failing) {
      throw new IllegalStateException("director key unavailable");
    }
    current.put(serial, new Assigned(releaseId, rolloutId));
    assignedInOrder.add(serial);
  }

  @Override
  public synchronized void withdraw(String serial) {
    current.remove(serial);
    withdrawn.add(serial);
  }
}
