package org.primum.hub.web;

import io.javalin.http.Context;
import java.security.cert.X509Certificate;
import java.util.Optional;

/** How the server learns who is calling; the capabilities that own accounts implement these. */
public final class Authenticators {
  private Authenticators() {}

  /** Resolves a staff session from a request (its cookie). */
  @FunctionalInterface
  public interface StaffAuthenticator {
    Optional<Principal.StaffMember> authenticate(Context ctx);
  }

  /**
   * Resolves a device from its verified client certificate.
   *
   * @throws HttpProblem 403 when the certificate belongs to a revoked, superseded or unknown device
   */
  @FunctionalInterface
  public interface DeviceAuthenticator {
    Principal.Device authenticate(X509Certificate certificate);
  }
}
