package org.primum.hub;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Optional;

/**
 * Runs a hub as its own operating-system process for tests: {@code <data dir> <jdbc url> <port>}.
 * Prints {@code ADMIN <password>} if it created the first administrator, then {@code READY}, and
 * stops when its standard input closes (so it never outlives the test that started it).
 */
public final class HubProcessMain {
  private HubProcessMain() {}

  public static void main(String[] args) throws Exception {
    HubConfig config =
        HubConfig.defaults(Path.of(args[0]))
            .withJdbcUrl(Optional.of(args[1]))
            .withPort(Integer.parseInt(args[2]));
    try (Hub hub = Hub.start(config, Clock.systemUTC(), new SecureRandom())) {
      hub.firstAdminPassword().ifPresent(p -> System.out.println("ADMIN " + p));
      System.out.println("READY");
      System.out.flush();
      while (System.in.read() != -1) {
        // wait for the parent to close our input
      }
    }
  }
}
