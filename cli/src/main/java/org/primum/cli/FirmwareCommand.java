package org.primum.cli;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.primum.core.crypto.Hashes;
import org.primum.core.files.SecureFiles;
import org.primum.core.json.Json;
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
  /** Where {@code firmware build} writes an image's SBOM: beside it, {@code IMAGE.cdx.json}. */
  static Path sbomBeside(Path image) {
    return image.resolveSibling(image.getFileName() + ".cdx.json");
  }

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

    @Option(
        names = "--with",
        split = ",",
        paramLabel = "PURL",
        description = "Extra components the build carries (package URLs), listed in its SBOM.")
    List<String> with = new ArrayList<>();

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
      SecureRandom random = new SecureRandom();
      byte[] image = FirmwareImage.build(version, revisions, size, random).toBytes();
      SecureFiles.writePublic(out, image);
      Path sbom = sbomBeside(out);
      byte[] sbomBytes =
          Json.mapper()
              .writerWithDefaultPrettyPrinter()
              .writeValueAsBytes(
                  FirmwareSbom.build(
                      version,
                      Hashes.sha256Hex(image),
                      with,
                      Clock.systemUTC().instant(),
                      new UUID(random.nextLong(), random.nextLong())));
      SecureFiles.writePublic(sbom, sbomBytes);
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
      System.out.println("Wrote its SBOM (CycloneDX 1.6) to " + sbom);
      return 0;
    }
  }
}
