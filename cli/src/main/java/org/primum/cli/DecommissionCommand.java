package org.primum.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.concurrent.Callable;
import org.primum.pump.Decommissioning;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code primum decommission}: erase a pump's keys, credentials, patient data and library. */
@Command(
    name = "decommission",
    mixinStandardHelpOptions = true,
    description = {
      "Decommission a pump (stopped): crypto-shred every patient record, overwrite and delete every",
      "key, credential, the drug library, the console PINs and the kept program; write a report",
      "signed by the pump's evidence key listing what was erased. The evidence log stays.",
      "Revoke the pump on the hub as well."
    })
final class DecommissionCommand implements Callable<Integer> {
  @Option(names = "--data", required = true, description = "The pump's data directory.")
  Path dataDir;

  @Option(names = "--yes", description = "Do it (without this, nothing is erased).")
  boolean yes;

  @Override
  public Integer call() throws Exception {
    if (!Files.isDirectory(dataDir)) {
      System.err.println("No such pump data directory: " + dataDir);
      return 2;
    }
    if (!yes) {
      System.err.println(
          "This erases the pump's keys, credentials, patient data and drug library for good."
              + " Run again with --yes.");
      return 2;
    }
    Decommissioning.Result result =
        Decommissioning.run(dataDir, Clock.systemUTC(), new SecureRandom());
    System.out.println(
        "DECOMMISSIONED "
            + dataDir
            + ": "
            + result.patientsShredded()
            + " patient record(s) crypto-shredded, "
            + result.erased().size()
            + " file(s) overwritten and deleted.");
    for (String file : result.erased()) {
      System.out.println("  erased " + file);
    }
    System.out.println(
        "Report: "
            + result.report()
            + (result.signed()
                ? " (signed by the pump's evidence key)"
                : " (unsigned: no evidence key was left)"));
    return 0;
  }
}
