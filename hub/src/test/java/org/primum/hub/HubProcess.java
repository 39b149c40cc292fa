package org.primum.hub;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** A hub in a separate JVM process, started from the test classpath. */
final class HubProcess implements AutoCloseable {
  private final Process process;
  private final int port;
  private final Optional<String> adminPassword;

  private HubProcess(Process process, int port, Optional<String> adminPassword) {
    this.process = process;
    this.port = port;
    this.adminPassword = adminPassword;
  }

  static HubProcess start(Path dataDir, String jdbcUrl, int port, Path log) throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process process =
        new ProcessBuilder(
                java,
                "-Xmx512m",
                "-cp",
                System.getProperty("java.class.path"),
                HubProcessMain.class.getName(),
                dataDir.toString(),
                jdbcUrl,
                Integer.toString(port))
            .redirectError(log.toFile())
            .start();
    BufferedReader out =
        new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    Optional<String> admin = Optional.empty();
    String line;
    while ((line = out.readLine()) != null) {
      if (line.startsWith("ADMIN ")) {
        admin = Optional.of(line.substring(6));
      } else if (line.equals("READY")) {
        return new HubProcess(process, port, admin);
      }
    }
    process.destroyForcibly();
    throw new IOException("the hub process exited before it was ready; see " + log);
  }

  URI uri() {
    return URI.create("https://localhost:" + port);
  }

  Optional<String> adminPassword() {
    return adminPassword;
  }

  long pid() {
    return process.pid();
  }

  @Override
  public void close() {
    try {
      process.getOutputStream().close();
      if (!process.waitFor(15, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (IOException | InterruptedException e) {
      process.destroyForcibly();
    }
  }
}
