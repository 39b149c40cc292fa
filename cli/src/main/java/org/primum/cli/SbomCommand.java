package org.primum.cli;

import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.primum.core.Rejection;
import org.primum.hub.supplychain.Finding;
import org.primum.hub.supplychain.SbomCheck;
import org.primum.hub.supplychain.sbom.SbomComponent;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code primum sbom check}: the hub's release gate for anyone's pipeline, offline.
 *
 * <p>Exit codes: 0 the SBOM passes, 1 the gate refuses it (the report says why), 2 bad input (an
 * SBOM, OSV or VEX file that does not parse, with the exact reason).
 */
@Command(
    name = "sbom",
    mixinStandardHelpOptions = true,
    description = "Software bills of materials (CycloneDX).",
    subcommands = {SbomCommand.Check.class})
final class SbomCommand implements Runnable {
  @Override
  public void run() {
    System.err.println("Use: primum sbom check FILE --osv DATA [--vex FILE] (see --help)");
  }

  @Command(
      name = "check",
      mixinStandardHelpOptions = true,
      description = {
        "Validate a CycloneDX SBOM (JSON or XML, 1.2-1.6) against its schema and judge it as the",
        "hub's release gate does, offline: known vulnerabilities of high, critical or unknown",
        "severity in the OSV data given (all.zip files or directories of OSV JSON) that no VEX",
        "statement clears, and components past their end of support, refuse it.",
        "Exit 0 pass, 1 refused, 2 bad input."
      })
  static final class Check implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "FILE", description = "The SBOM.")
    Path file;

    @Option(
        names = "--osv",
        arity = "1..*",
        paramLabel = "DATA",
        description = "OSV data: an all.zip or a directory of OSV JSON files (repeatable).")
    List<Path> osv = new ArrayList<>();

    @Option(
        names = "--vex",
        arity = "1..*",
        paramLabel = "FILE",
        description = "VEX documents about this product version (CycloneDX, CSAF or OpenVEX).")
    List<Path> vex = new ArrayList<>();

    @Option(
        names = "--today",
        paramLabel = "YYYY-MM-DD",
        description = "The day to judge end of support on (default: today, UTC).")
    LocalDate today;

    @Option(names = "--components", description = "Also list every component.")
    boolean listComponents;

    @Override
    public Integer call() throws Exception {
      try {
        List<byte[]> vexDocs = new ArrayList<>();
        for (Path p : vex) {
          vexDocs.add(Files.readAllBytes(p));
        }
        LocalDate day = today != null ? today : LocalDate.now(ZoneOffset.UTC);
        SbomCheck.Result r = SbomCheck.run(Files.readAllBytes(file), osv, vexDocs, day);
        print(r);
        return r.verdict().passes() ? 0 : 1;
      } catch (Rejection e) {
        // Exit 2, not 1, so a pipeline can tell "this file is broken" from "known flaws".
        System.err.println("Bad input (" + e.code() + "): " + e.getMessage());
        return 2;
      } catch (NoSuchFileException e) {
        System.err.println("No such file: " + e.getFile());
        return 2;
      }
    }

    private void print(SbomCheck.Result r) {
      System.out.println(
          file
              + ": "
              + r.sbom().format()
              + ", "
              + r.sbom().components().size()
              + " components"
              + r.sbom().subject().map(s -> ", for " + s.name() + " " + s.version()).orElse(""));
      if (osv.isEmpty()) {
        System.out.println("No OSV data given (--osv): known vulnerabilities were not checked.");
      }
      for (String s : r.sources()) {
        System.out.println("Data: " + s);
      }
      r.sbom().warnings().forEach(w -> System.out.println("Warning: " + w));
      if (listComponents) {
        for (SbomComponent c : r.sbom().components()) {
          System.out.println(
              "  "
                  + c.displayName()
                  + " "
                  + c.version()
                  + "  "
                  + c.purl().orElse("(no purl)")
                  + "  support "
                  + c.support().label()
                  + c.endOfSupport().map(d -> " until " + d).orElse(""));
        }
      }
      for (Finding f : r.findings()) {
        System.out.println("Found: " + f.describe() + " [" + f.score() + "]");
      }
      System.out.print(r.verdict().report());
    }
  }
}
