package org.primum.hub.web;

import io.javalin.security.RouteRole;
import java.util.EnumSet;
import java.util.Set;

/**
 * Who may call a route. Every route states exactly one; a route without one is refused (deny by
 * default).
 */
public sealed interface Access extends RouteRole {
  /** Anyone, signed in or not (health, login page, CA certificates, assets). */
  record Public() implements Access {}

  /**
   * A device enrolling for the first time; the handler itself checks the one-time token, because no
   * certificate exists yet.
   */
  record Enrolling() implements Access {}

  /** A device presenting a valid client certificate of an active enrollment. */
  record Device() implements Access {}

  /** Signed-in staff holding one of {@code roles}. */
  record Staff(Set<Role> roles) implements Access {
    public Staff {
      if (roles.isEmpty()) {
        throw new IllegalArgumentException("a staff route must allow at least one role");
      }
      roles = Set.copyOf(roles);
    }
  }

  static Access anyone() {
    return new Public();
  }

  static Access enrolling() {
    return new Enrolling();
  }

  static Access device() {
    return new Device();
  }

  /** Any signed-in staff member. */
  static Access anyStaff() {
    return new Staff(EnumSet.allOf(Role.class));
  }

  /** Staff holding one of {@code roles}. */
  static Access staff(Role first, Role... rest) {
    return new Staff(EnumSet.of(first, rest));
  }
}
