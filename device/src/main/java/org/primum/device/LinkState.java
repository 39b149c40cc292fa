package org.primum.device;

/** How the device's link to the hub is doing, as the device itself sees it. */
public enum LinkState {
  /** Not enrolled yet, or not started. */
  NOT_CONNECTED,
  /** The last report reached the hub and was accepted. */
  ONLINE,
  /** The last report did not reach the hub (network or server trouble); retrying. */
  DEGRADED,
  /** The hub refused this device's credentials (revoked or unknown); retrying slowly. */
  REFUSED
}
