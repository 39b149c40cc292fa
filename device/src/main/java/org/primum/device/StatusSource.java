package org.primum.device;

/**
 * Supplies the device's current status to the reporter. Implementations must answer quickly and
 * never block on the network: the reporter calls this from its own thread, and therapy must never
 * wait for it.
 */
@FunctionalInterface
public interface StatusSource {
  DeviceStatus currentStatus();
}
