package org.primum.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.primum.hub.HubAdmin;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code primum evidence-export}: writes an evidence bundle from the hub's machine. */
@Command(
    name = "evidence-export",
    mixinStandardHelpOptions = true,
    description = {
      "Export a device's evidence bundle (entries, proofs, receipts, a signed custody record).",
      "Runs on the hub's machine against the hub's data directory or database."
    })
final class EvidenceExportCommand implements Callable<Integer> {
  @Mixin DataOptions data;

  @Option(names = "--serial", required = true, description = "The device.")
  String serial;

  @Option(names = "--reason", required = true, description = "Why (goes into the custody record).")
  String reason;

  @Option(names = "--from", description = "Window start, device time (ISO-8601).")
  String from;

  @Option(names = "--to", description = "Window end, device time (ISO-8601).")
  String to;

  @Option(names = "--out", description = "Where to write the bundle (default: the hub's exports).")
  Path out;

  @Override
  public Integer call() throws Exception {
    String actor = "cli:" + System.getProperty("user.name", "unknown");
    try (HubAdmin admin =
        HubAdmin.open(data.config(), Clock.systemUTC(), new SecureRandom(), actor)) {
      var exported =
          admin.exportEvidence(serial, Optional.ofNullable(from), Optional.ofNullable(to), reason);
      Path file = exported.file();
      if (out != null) {
        Files.copy(file, out, StandardCopyOption.REPLACE_EXISTING);
        file = out;
      }
      System.out.println(file);
      System.err.println(
          "Exported entries "
              + exported.from()
              + "-"
              + (exported.to() - 1)
              + " of "
              + serial
              + " (content sha256:"
              + exported.contentDigest()
              + ").");
      System.err.println("Hub key (give it to whoever verifies): " + admin.evidenceKey());
      System.err.println(
          "Verify with: ./primum verify " + file + " --hub-key '" + admin.evidenceKey() + "'");
    }
    return 0;
  }
}
