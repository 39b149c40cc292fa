package org.primum.hub.web;

import java.security.cert.X509Certificate;
import java.util.Objects;

/** Who is calling: a signed-in staff member or an enrolled device. */
public sealed interface Principal {
  /** A name for the audit trail: {@code staff:alice} or {@code device:PUMP-0001}. */
  String auditName();

  /** A signed-in staff member. */
  record StaffMember(String username, Role role, String csrfToken) implements Principal {
    public StaffMember {
      Objects.requireNonNull(username, "username");
      Objects.requireNonNull(role, "role");
      Objects.requireNonNull(csrfToken, "csrfToken");
    }

    @Override
    public String auditName() {
      return "staff:" + username;
    }

    @Override
    public String toString() {
      return "StaffMember[" + username + ", " + role + "]";
    }
  }

  /** A device authenticated by its client certificate. */
  record Device(String serial, String certificateFingerprint, X509Certificate certificate)
      implements Principal {
    public Device {
      Objects.requireNonNull(serial, "serial");
      Objects.requireNonNull(certificateFingerprint, "certificateFingerprint");
      Objects.requireNonNull(certificate, "certificate");
    }

    @Override
    public String auditName() {
      return "device:" + serial;
    }
  }
}
