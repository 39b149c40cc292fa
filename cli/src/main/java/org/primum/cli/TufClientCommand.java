package org.primum.cli;

import java.io.IOException;
import java.net.URI;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.primum.core.files.SecureFiles;
import org.primum.core.tuf.TufMetadata;
import org.primum.core.tuf.TufRejection;
import org.primum.device.update.Fetcher;
import org.primum.device.update.HttpFetcher;
import org.primum.device.update.TufRepository;
import org.primum.device.update.UpdateLimits;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code primum tuf-client}: the command-line contract of the public TUF conformance suite
 * (theupdateframework/tuf-conformance, CLIENT-CLI.md), so that suite can drive the device's TUF
 * client ({@link TufRepository}). Exit code 0 on success, 1 on any failure. Plain HTTP is allowed
 * here only, because the suite serves {@code http://localhost}. Known gaps:
 * docs/tuf-conformance-known-failures.txt.
 */
@Command(
    name = "tuf-client",
    mixinStandardHelpOptions = true,
    description = {
      "The TUF conformance-suite client: init, refresh, download (CLIENT-CLI.md).",
      "Example: primum tuf-client --metadata-dir D --metadata-url U refresh"
    },
    subcommands = {
      TufClientCommand.Init.class,
      TufClientCommand.Refresh.class,
      TufClientCommand.Download.class
    })
final class TufClientCommand implements Runnable {
  @Option(
      names = "--metadata-dir",
      required = true,
      paramLabel = "DIR",
      description = "Where the client keeps the metadata it trusts (root.json, timestamp.json, …).")
  Path metadataDir;

  @Option(names = "--metadata-url", paramLabel = "URL", description = "The repository's metadata.")
  URI metadataUrl;

  @Option(names = "--target-name", paramLabel = "PATH", description = "The TUF target path.")
  String targetName;

  @Option(names = "--target-base-url", paramLabel = "URL", description = "The target store.")
  URI targetBaseUrl;

  @Option(names = "--target-dir", paramLabel = "DIR", description = "Where verified targets go.")
  Path targetDir;

  @Override
  public void run() {
    System.err.println("Use one of: tuf-client … init ROOT | refresh | download (see --help).");
  }

  private TufRepository repository() {
    if (metadataUrl == null) {
      throw new CommandLine.ParameterException(
          new CommandLine(this), "--metadata-url is required for this command");
    }
    Duration timeout = Duration.ofSeconds(30);
    Fetcher metadata = HttpFetcher.plainHttpForConformance(metadataUrl, timeout);
    Fetcher targets =
        targetBaseUrl == null
            ? (path, offset) -> {
              throw new java.io.FileNotFoundException("no --target-base-url given");
            }
            : HttpFetcher.plainHttpForConformance(targetBaseUrl, timeout);
    return TufRepository.open(
        metadataDir, metadata, targets, Clock.systemUTC(), UpdateLimits.defaults());
  }

  private static int fail(String what, Exception e) {
    System.err.println("primum tuf-client " + what + ": " + e.getMessage());
    return 1;
  }

  @Command(name = "init", description = "Trust ROOT (copied to root.json); no network.")
  static final class Init implements Callable<Integer> {
    @CommandLine.ParentCommand TufClientCommand parent;

    @Parameters(paramLabel = "ROOT", description = "The initial trusted root.json.")
    Path root;

    @Override
    public Integer call() {
      try {
        Files.createDirectories(parent.metadataDir);
        SecureFiles.writePublic(parent.metadataDir.resolve("root.json"), Files.readAllBytes(root));
        return 0;
      } catch (IOException e) {
        return fail("init", e);
      }
    }
  }

  @Command(name = "refresh", description = "Update the top-level metadata (TUF §5.1–§5.6).")
  static final class Refresh implements Callable<Integer> {
    @CommandLine.ParentCommand TufClientCommand parent;

    @Override
    public Integer call() {
      try {
        parent.repository().refresh();
        return 0;
      } catch (TufRejection | IOException | RuntimeException e) {
        return fail("refresh", e);
      }
    }
  }

  @Command(name = "download", description = "Refresh, find the target, download and verify it.")
  static final class Download implements Callable<Integer> {
    @CommandLine.ParentCommand TufClientCommand parent;

    @Override
    public Integer call() {
      if (parent.targetName == null || parent.targetDir == null || parent.targetBaseUrl == null) {
        System.err.println(
            "primum tuf-client download: --target-name, --target-dir and --target-base-url are"
                + " required");
        return 1;
      }
      try {
        TufRepository repository = parent.repository();
        repository.refresh();
        Optional<TufMetadata.TargetFile> file = repository.findTarget(parent.targetName);
        if (file.isEmpty()) {
          System.err.println(
              "primum tuf-client download: no trusted role lists " + parent.targetName);
          return 1;
        }
        Files.createDirectories(parent.targetDir);
        Path destination = parent.targetDir.resolve(TufRepository.localName(parent.targetName));
        if (TufRepository.holds(destination, file.get())) {
          return 0;
        }
        Path partial = parent.targetDir.resolve("." + destination.getFileName() + ".partial");
        Files.deleteIfExists(partial);
        try {
          repository.download(parent.targetName, file.get(), partial);
        } catch (TufRejection | IOException | RuntimeException e) {
          // Nothing unverified stays in the target directory.
          Files.deleteIfExists(partial);
          throw e;
        }
        try {
          Files.move(
              partial,
              destination,
              StandardCopyOption.REPLACE_EXISTING,
              StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
          Files.move(partial, destination, StandardCopyOption.REPLACE_EXISTING);
        }
        return 0;
      } catch (TufRejection | IOException | RuntimeException e) {
        return fail("download", e);
      }
    }
  }
}
