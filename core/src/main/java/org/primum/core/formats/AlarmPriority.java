package org.primum.core.formats;

/** Alarm priorities of IEC 60601-1-8, highest first. */
public enum AlarmPriority {
  HIGH,
  MEDIUM,
  LOW;

  /** Whether this priority is more urgent than {@code other}. */
  public boolean outranks(AlarmPriority other) {
    return compareTo(other) < 0;
  }
}
