package org.primum.cli;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.concurrent.Callable;
import org.primum.hub.LocalRepository;
import org.primum.hub.supplychain.SupplyChain;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code primum vuln import}: loads OSV vulnerability data into the hub, offline, and re-matches
 * every release. Exit codes: 0 imported, 1 refused (nothing imported), 2 usage error.
 */
@Command(
    name = "vuln",
    mixinStandardHelpOptions = true,
    description = "Known-vulnerability data (OSV) for the hub's offline matching.",
    subcommands = {VulnCommand.Import.class})
final class VulnCommand implements Runnable {
  @Override
  public void run() {
    System.err.println("Use: primum vuln import --data DIR [--name N] FILE.zip|DIR (see --help)");
  }

  @Command(
      name = "import",
      mixinStandardHelpOptions = true,
      description = {
        "Import OSV data: an ecosystem's all.zip as downloaded from osv.dev, or a directory of OSV",
        "JSON files. All or nothing: a malformed record refuses the whole import. A data set of",
        "the same --name is superseded. Every release's SBOM is then re-matched and newly",
        "affected releases are listed."
      })
  static final class Import implements Callable<Integer> {
    @Mixin DataOptions data;

    @Parameters(index = "0", paramLabel = "DATA", description = "all.zip or a directory.")
    Path source;

    @Option(
        names = "--name",
        paramLabel = "NAME",
        description = "Data set name (default: the file name without .zip), e.g. osv-maven.")
    String name;

    @Override
    public Integer call() throws Exception {
      return ReleaseCommand.guarded(
          () -> {
            String setName = name;
            if (setName == null) {
              String file = source.getFileName().toString();
              setName = file.endsWith(".zip") ? file.substring(0, file.length() - 4) : file;
            }
            try (LocalRepository local =
                LocalRepository.open(data.config(), Clock.systemUTC(), new SecureRandom())) {
              SupplyChain.ImportResult r =
                  local.supplyChain().importOsv(source, setName, ReleaseCommand.actor());
              System.out.println(
                  "Imported "
                      + r.records()
                      + " OSV records as data set '"
                      + setName
                      + "'"
                      + (r.flagged().isEmpty() ? "" : "; " + r.flagged().size() + " flagged:"));
              r.flagged().stream().limit(20).forEach(f -> System.out.println("  " + f));
              SupplyChain.Rematch m = r.rematch();
              System.out.println(
                  "Re-matched "
                      + m.releases()
                      + " releases ("
                      + m.components()
                      + " components) in "
                      + m.took().toMillis()
                      + " ms: "
                      + m.matches()
                      + " matches.");
              if (m.newlyAffected().isEmpty()) {
                System.out.println("No release is newly affected.");
              }
              for (String line : m.newlyAffected()) {
                System.out.println("Newly affected: " + line);
              }
              for (SupplyChain.Exposure e : local.supplyChain().exposure()) {
                System.out.println(
                    "Exposure: "
                        + e.severity()
                        + " "
                        + e.osvId()
                        + " in "
                        + String.join(", ", e.releases())
                        + " — "
                        + e.devices()
                        + " device(s)"
                        + (e.devicesBySite().isEmpty() ? "" : " " + e.devicesBySite()));
              }
            }
            return 0;
          });
    }
  }
}
