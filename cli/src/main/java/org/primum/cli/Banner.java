package org.primum.cli;

import java.io.PrintStream;
import org.primum.core.crypto.Certificates;
import org.primum.hub.Hub;
import org.primum.hub.staff.StaffService;

/** What the hub prints for a person at start-up. */
final class Banner {
  private Banner() {}

  static void hub(PrintStream out, Hub hub, java.nio.file.Path dataDir) {
    out.println();
    out.println("Primum hub is running.");
    out.println("  Dashboard:   " + hub.publicUrl() + "/");
    out.println("  Hub CA:      " + hub.pki().caFile().toAbsolutePath());
    out.println("               sha256 " + Certificates.fingerprint(hub.pki().caCertificate()));
    out.println(
        "               (devices pin this CA; import it in your browser to avoid the warning)");
    if (hub.firstAdminPassword().isPresent()) {
      out.println(
          "  Sign in:     user '"
              + StaffService.FIRST_ADMIN
              + "', password "
              + hub.firstAdminPassword().get());
      out.println("               This password is shown once. Change it under Account.");
    } else {
      out.println(
          "  Sign in:     with your account. Lost the admin password? Stop the hub and run:");
      out.println("               ./primum user reset-password admin --data " + dataDir);
    }
  }
}
