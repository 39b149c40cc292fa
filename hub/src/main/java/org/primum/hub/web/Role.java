package org.primum.hub.web;

import java.util.Locale;

/** Staff roles. Each route names the roles that may call it; no role implies another. */
public enum Role {
  /** Manages staff accounts, enrollment and devices. */
  ADMINISTRATOR("Administrator"),
  /** Investigates devices and evidence, revokes compromised devices, handles disclosures. */
  SECURITY_ANALYST("Security analyst"),
  /** Signs, publishes and rolls out releases. */
  RELEASE_MANAGER("Release manager"),
  /** Hospital clinician or biomedical engineer: sees the fleet, changes nothing. */
  CLINICAL_VIEWER("Clinician / biomed viewer");

  private final String title;

  Role(String title) {
    this.title = title;
  }

  /** A human title for pages. */
  public String title() {
    return title;
  }

  /**
   * Parses a role name case-insensitively.
   *
   * @throws IllegalArgumentException naming the valid roles
   */
  public static Role parse(String name) {
    try {
      return valueOf(name.strip().toUpperCase(Locale.ROOT).replace('-', '_'));
    } catch (IllegalArgumentException | NullPointerException e) {
      throw new IllegalArgumentException(
          "unknown role \""
              + name
              + "\"; expected one of administrator, security_analyst,"
              + " release_manager, clinical_viewer");
    }
  }
}
