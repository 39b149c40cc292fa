package org.primum.cli;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import java.util.concurrent.Callable;
import org.primum.core.crypto.Hashes;
import org.primum.core.files.SecureFiles;
import org.primum.pump.update.FirmwareImage;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code primum firmware build}: makes a software image for the simulated reference pump, the file
 * a release manager then signs and publishes ({@code primum release publish --image}).
 */
@Command(
    name = "firmware",
    mixinStandardHelpOptions = true,
    description = "Software images for the simulated reference pump.",
    subcommands = {FirmwareCommand.Build.class})
final class FirmwareCommand {

  @Command(
      name = "build",
      mixinStandardHelpOptions = true,
      description = {
        "Build a reference-pump software image.",
        "Leave out a hardware revision (--revisions r1) to make a faulty release that fails its",
        "health check on the other revision's pumps, which then roll back by themselves."
      })
  static final class Build implements Callable<Integer> {
    @Option(names = "--version", required = true, description = "Version, e.g. 0.2.0.")
    String version;

    @Option(
        names = "--revisions",
        split = ",",
        defaultValue = "r1,r2",
        description = "Hardware revisions it drives (default: ${DEFAULT-VALUE}).")
    List<String> revisions;

    @Option(
        names = "--size",
        defaultValue = "65536",
        paramLabel = "BYTES",
        description = "Payload size (default: ${DEFAULT-VALUE}).")
    int size;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "Image file.")
    Path out;

    @Override
    public Integer call() throws Exception {
      if (size < 0 || size > 512 * 1024 * 1024) {
        throw new IllegalArgumentException("--size must be between 0 and 536870912 bytes");
      }
      for (String revision : revisions) {
        if (!FirmwareImage.REVISIONS.contains(revision)) {
          throw new IllegalArgumentException(
              "--revisions: unknown hardware revision '"
                  + revision
                  + "'; the reference pump has "
                  + String.join(", ", FirmwareImage.REVISIONS));
        }
      }
      byte[] image = FirmwareImage.build(version, revisions, size, new SecureRandom()).toBytes();
      SecureFiles.writePublic(out, image);
      System.out.println(
          "Built "
              + out
              + ": reference pump software "
              + version
              + " for hardware revisions "
              + String.join(", ", revisions)
              + ", "
              + image.length
              + " bytes, sha256 "
              + Hashes.sha256Hex(image));
      return 0;
    }
  }
}
