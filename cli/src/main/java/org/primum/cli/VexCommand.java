package org.primum.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.primum.core.files.SecureFiles;
import org.primum.hub.LocalRepository;
import org.primum.hub.supplychain.vex.VexDocuments;
import org.primum.hub.supplychain.vex.VexExport;
import org.primum.hub.supplychain.vex.VexJustification;
import org.primum.hub.supplychain.vex.VexStatement;
import org.primum.hub.supplychain.vex.VexStatus;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code primum vex add|import|export}: VEX statements scoped to a product version and component.
 * Exit codes: 0 done, 1 refused (nothing stored), 2 usage error.
 */
@Command(
    name = "vex",
    mixinStandardHelpOptions = true,
    description = "VEX statements: is a product version affected by a known vulnerability?",
    subcommands = {VexCommand.Add.class, VexCommand.Import.class, VexCommand.Export.class})
final class VexCommand implements Runnable {
  @Override
  public void run() {
    System.err.println("Use: primum vex add | import | export (see --help)");
  }

  /** The product version a statement is about. */
  static final class Product {
    @Option(names = "--hardware", required = true, paramLabel = "H", description = "e.g. rp-1")
    String hardware;

    @Option(names = "--version", required = true, paramLabel = "V", description = "e.g. 0.3.2")
    String version;
  }

  @Command(
      name = "add",
      mixinStandardHelpOptions = true,
      description = {
        "Record one VEX statement. A not_affected status needs --justification (or --detail as",
        "an impact statement). The product version need not be published yet: a statement made",
        "before publishing lets the release gate pass."
      })
  static final class Add implements Callable<Integer> {
    @Mixin DataOptions data;
    @Mixin Product product;

    @Option(names = "--vulnerability", required = true, paramLabel = "ID")
    String vulnerability;

    @Option(
        names = "--component",
        defaultValue = "*",
        paramLabel = "PURL",
        description = "The component's package URL (default: * = the whole product version).")
    String component;

    @Option(
        names = "--status",
        required = true,
        description = "not_affected, affected, fixed or under_investigation.")
    String status;

    @Option(
        names = "--justification",
        description =
            "component_not_present, vulnerable_code_not_present,"
                + " vulnerable_code_not_in_execute_path,"
                + " vulnerable_code_cannot_be_controlled_by_adversary,"
                + " inline_mitigations_already_exist.")
    String justification;

    @Option(names = "--detail", defaultValue = "", description = "Impact or action statement.")
    String detail;

    @Override
    public Integer call() throws Exception {
      return ReleaseCommand.guarded(
          () -> {
            VexStatus s =
                VexStatus.fromLabel(status)
                    .orElseThrow(
                        () ->
                            new IllegalArgumentException(
                                "--status: expected not_affected, affected, fixed or"
                                    + " under_investigation, found "
                                    + status));
            Optional<VexJustification> j = Optional.empty();
            if (justification != null) {
              j =
                  Optional.of(
                      VexJustification.fromLabel(justification)
                          .orElseThrow(
                              () ->
                                  new IllegalArgumentException(
                                      "--justification: unknown value " + justification)));
            }
            VexStatement statement = new VexStatement(vulnerability, component, s, j, detail);
            try (LocalRepository local =
                LocalRepository.open(data.config(), Clock.systemUTC(), new SecureRandom())) {
              local
                  .supplyChain()
                  .addVex(product.hardware, product.version, statement, ReleaseCommand.actor());
            }
            System.out.println(
                "Recorded: "
                    + vulnerability
                    + " "
                    + s.label()
                    + j.map(x -> " (" + x.label() + ")").orElse("")
                    + " for "
                    + component
                    + " in "
                    + product.hardware
                    + " "
                    + product.version
                    + ".");
            return 0;
          });
    }
  }

  @Command(
      name = "import",
      mixinStandardHelpOptions = true,
      description = "Import a VEX document (CycloneDX, CSAF 2.0 csaf_vex, or OpenVEX).")
  static final class Import implements Callable<Integer> {
    @Mixin DataOptions data;
    @Mixin Product product;

    @Parameters(index = "0", paramLabel = "FILE")
    Path file;

    @Override
    public Integer call() throws Exception {
      return ReleaseCommand.guarded(
          () -> {
            byte[] doc = Files.readAllBytes(file);
            try (LocalRepository local =
                LocalRepository.open(data.config(), Clock.systemUTC(), new SecureRandom())) {
              int n =
                  local
                      .supplyChain()
                      .importVex(product.hardware, product.version, doc, ReleaseCommand.actor());
              System.out.println(
                  "Imported "
                      + n
                      + " VEX statements for "
                      + product.hardware
                      + " "
                      + product.version
                      + ".");
            }
            return 0;
          });
    }
  }

  @Command(
      name = "export",
      mixinStandardHelpOptions = true,
      description =
          "Write a product version's VEX statements as CycloneDX VEX, CSAF VEX or OpenVEX.")
  static final class Export implements Callable<Integer> {
    @Mixin DataOptions data;
    @Mixin Product product;

    @Option(
        names = "--format",
        defaultValue = "cyclonedx",
        description = "cyclonedx, csaf or openvex (default: ${DEFAULT-VALUE}).")
    String format;

    @Option(names = "--vendor", defaultValue = "Primum", description = "Publisher name.")
    String vendor;

    @Option(
        names = "--namespace",
        defaultValue = "https://primum.example",
        description = "Publisher URL (CSAF publisher namespace).")
    String namespace;

    @Option(names = "--out", required = true, paramLabel = "FILE")
    Path out;

    @Override
    public Integer call() throws Exception {
      return ReleaseCommand.guarded(
          () -> {
            VexDocuments.Format f =
                switch (format) {
                  case "cyclonedx" -> VexDocuments.Format.CYCLONEDX;
                  case "csaf" -> VexDocuments.Format.CSAF;
                  case "openvex" -> VexDocuments.Format.OPENVEX;
                  default ->
                      throw new IllegalArgumentException(
                          "--format: expected cyclonedx, csaf or openvex, found " + format);
                };
            try (LocalRepository local =
                LocalRepository.open(data.config(), Clock.systemUTC(), new SecureRandom())) {
              byte[] doc =
                  local
                      .supplyChain()
                      .exportVex(
                          product.hardware,
                          product.version,
                          f,
                          new VexExport.Product(
                              vendor, namespace, product.hardware, product.version));
              SecureFiles.writePublic(out, doc);
            }
            System.out.println("Wrote " + out);
            return 0;
          });
    }
  }
}
