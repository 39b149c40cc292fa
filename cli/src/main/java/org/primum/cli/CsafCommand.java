package org.primum.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.primum.hub.advisories.csaf.CsafFailure;
import org.primum.hub.advisories.csaf.CsafRejection;
import org.primum.hub.advisories.csaf.CsafReport;
import org.primum.hub.advisories.csaf.CsafValidator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code primum csaf validate FILE...}: checks CSAF 2.0 advisories offline against the official
 * schema and the mandatory tests of CSAF 2.0 6.1 (docs/csaf.md).
 */
@Command(
    name = "csaf",
    mixinStandardHelpOptions = true,
    description = {
      "CSAF 2.0 security advisories and VEX documents.",
      "Example: primum csaf validate advisory.json"
    },
    subcommands = {CsafCommand.Validate.class})
final class CsafCommand implements Runnable {
  @Override
  public void run() {
    System.err.println("Use: primum csaf validate FILE... (see --help).");
  }

  @Command(
      name = "validate",
      mixinStandardHelpOptions = true,
      description = {
        "Validate CSAF 2.0 documents: the JSON schema and the mandatory tests (section 6.1).",
        "Prints 'FILE: valid', or 'FILE: invalid' and one line per failure: test, JSON pointer,"
            + " message.",
        "Exit code 0 if all are valid, 1 if any is invalid, 2 if any cannot be read as JSON."
      })
  static final class Validate implements Callable<Integer> {
    @Parameters(arity = "1..*", paramLabel = "FILE", description = "CSAF documents (.json).")
    List<Path> files;

    @Override
    public Integer call() {
      CsafValidator validator = CsafValidator.create();
      int exit = 0;
      for (Path file : files) {
        exit = Math.max(exit, validate(validator, file));
      }
      return exit;
    }

    private static int validate(CsafValidator validator, Path file) {
      byte[] json;
      try {
        json = read(file);
      } catch (NoSuchFileException e) {
        System.out.println(file + ": unreadable: no such file");
        return 2;
      } catch (IOException e) {
        System.out.println(file + ": unreadable: " + e.getMessage());
        return 2;
      }
      try {
        CsafReport report = validator.validate(json);
        if (report.valid()) {
          System.out.println(file + ": valid");
          return 0;
        }
        System.out.println(file + ": invalid");
        for (CsafFailure failure : report.failures()) {
          System.out.println("  " + failure);
        }
        return 1;
      } catch (CsafRejection e) {
        System.out.println(file + ": rejected (" + e.code() + "): " + e.getMessage());
        return 2;
      }
    }

    /** At most one byte more than the validator accepts, so a huge file is refused, not read. */
    private static byte[] read(Path file) throws IOException {
      try (InputStream in = Files.newInputStream(file)) {
        return in.readNBytes(CsafValidator.MAX_BYTES + 1);
      }
    }
  }
}
