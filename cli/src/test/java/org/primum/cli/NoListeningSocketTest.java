package org.primum.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.primum.core.crypto.Pem;
import org.primum.hub.Hub;
import org.primum.hub.HubConfig;
import org.primum.testing.FreePorts;

/**
 * MN1: a pump opens no listening socket. Runs {@code primum pump} as its own process against a real
 * hub, waits until the hub has its reports, then enumerates every socket the pump process owns
 * (/proc/PID/fd and /proc/PID/net) and checks that none listens, on TCP or UDP, v4 or v6.
 */
class NoListeningSocketTest {
  @TempDir Path dir;

  @Test
  void pumpProcess_listensOnNoSocket() throws Exception {
    Assumptions.assumeTrue(Files.isDirectory(Path.of("/proc/self/fd")), "needs Linux /proc");
    HubConfig config = HubConfig.defaults(dir.resolve("hub")).withPort(FreePorts.find());
    try (Hub hub = Hub.start(config, Clock.systemUTC(), new SecureRandom())) {
      String token =
          hub.fleet().createToken("test", "PUMP-MN1", Duration.ofMinutes(5), "test").token().text();
      Path ca = dir.resolve("hub-ca.pem");
      Files.writeString(ca, Pem.certificate(hub.pki().caCertificate()));
      String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
      Process pump =
          new ProcessBuilder(
                  java,
                  "-cp",
                  System.getProperty("java.class.path"),
                  Primum.class.getName(),
                  "pump",
                  "--hub",
                  "https://localhost:" + hub.port(),
                  "--token",
                  token,
                  "--ca",
                  ca.toString(),
                  "--data",
                  dir.resolve("pump").toString(),
                  "--report-interval",
                  "1")
              .redirectErrorStream(true)
              .redirectOutput(dir.resolve("pump.log").toFile())
              .start();
      try {
        Instant deadline = Instant.now().plusSeconds(60);
        while (hub.fleet().device("PUMP-MN1").map(d -> d.reports().size()).orElse(0) < 2) {
          assertThat(pump.isAlive()).as(() -> "pump exited: " + log()).isTrue();
          assertThat(Instant.now())
              .as(() -> "no reports from the pump: " + log())
              .isBefore(deadline);
          Thread.sleep(200);
        }
        Set<String> inodes = socketInodes(pump.pid());
        assertThat(inodes).as("the pump holds sockets (its hub connection)").isNotEmpty();
        List<String> listening = listeningSockets(pump.pid(), inodes);
        assertThat(listening).as("listening sockets owned by the pump").isEmpty();
      } finally {
        pump.destroy();
        pump.waitFor(10, TimeUnit.SECONDS);
      }
    }
  }

  private String log() {
    try {
      return Files.readString(dir.resolve("pump.log"));
    } catch (IOException e) {
      return "(no log)";
    }
  }

  private static Set<String> socketInodes(long pid) throws IOException {
    Set<String> inodes = new HashSet<>();
    File[] fds = new File("/proc/" + pid + "/fd").listFiles();
    if (fds != null) {
      for (File fd : fds) {
        try {
          String target = Files.readSymbolicLink(fd.toPath()).toString();
          if (target.startsWith("socket:[")) {
            inodes.add(target.substring(8, target.length() - 1));
          }
        } catch (IOException e) {
          // the descriptor closed while we looked
        }
      }
    }
    return inodes;
  }

  /**
   * Lines of /proc/PID/net/{tcp,tcp6,udp,udp6} owned by the process that are listening or bound.
   */
  private static List<String> listeningSockets(long pid, Set<String> inodes) throws IOException {
    List<String> found = new ArrayList<>();
    for (String table : List.of("tcp", "tcp6", "udp", "udp6")) {
      Path file = Path.of("/proc/" + pid + "/net/" + table);
      if (!Files.exists(file)) {
        continue;
      }
      for (String line : Files.readAllLines(file).subList(1, Files.readAllLines(file).size())) {
        String[] f = line.trim().split("\\s+");
        String state = f[3];
        String inode = f[9];
        boolean mine = inodes.contains(inode);
        // TCP state 0A is LISTEN; any UDP socket of ours would be a bound, receiving socket (07).
        boolean receiving = table.startsWith("tcp") ? state.equals("0A") : true;
        if (mine && receiving) {
          found.add(table + ": " + line.trim());
        }
      }
    }
    return found;
  }

  static Optional<String> nothing() {
    return Optional.empty();
  }
}
