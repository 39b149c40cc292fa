package org.primum.core.evidence;

/** How much an evidence entry matters, lowest first. */
public enum Severity {
  INFO,
  NOTICE,
  WARNING,
  CRITICAL
}
