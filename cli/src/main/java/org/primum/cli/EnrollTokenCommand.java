package org.primum.cli;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.primum.hub.HubAdmin;
import org.primum.hub.fleet.FleetService;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code primum enroll-token}: creates a one-time enrollment token bound to a serial. */
@Command(
    name = "enroll-token",
    mixinStandardHelpOptions = true,
    description = {
      "Create a one-time, expiring enrollment token bound to a device serial number.",
      "Runs on the hub's machine against the hub's data directory or database."
    })
final class EnrollTokenCommand implements Callable<Integer> {
  @Mixin DataOptions data;

  @Option(names = "--serial", required = true, description = "The device's serial number.")
  String serial;

  @Option(
      names = "--valid-hours",
      defaultValue = "24",
      description = "How long the token stays valid (default: ${DEFAULT-VALUE}).")
  long validHours;

  @Option(
      names = "--hub",
      defaultValue = "https://localhost:8443",
      description = "The hub URL to print in the pump command (default: ${DEFAULT-VALUE}).")
  String hubUrl;

  @Override
  public Integer call() throws Exception {
    String actor = "cli:" + System.getProperty("user.name", "unknown");
    try (HubAdmin admin =
        HubAdmin.open(data.config(), Clock.systemUTC(), new SecureRandom(), actor)) {
      FleetService.IssuedToken issued = admin.createToken(serial, Duration.ofHours(validHours));
      System.out.println(issued.token().text());
      System.err.println();
      System.err.println(
          "One-time enrollment token for " + serial + ", valid until " + issued.expiresAt() + ".");
      System.err.println("Start the pump with:");
      System.err.println(
          "  ./primum pump --hub "
              + hubUrl
              + " --token "
              + issued.token().text()
              + " --ca "
              + admin.pki().caFile()
              + " --data pump-"
              + serial);
    }
    return 0;
  }
}
