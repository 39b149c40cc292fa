package org.primum.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code primum} command: one entry point for the hub, pumps, the demo and administration. */
@Command(
    name = "primum",
    mixinStandardHelpOptions = true,
    versionProvider = Primum.Version.class,
    description = {
      "Primum: the Hippocratic Oath for Connected Medical Devices, as software.",
      "Run a hub for a device fleet, run reference pumps, or try everything at once with 'demo'."
    },
    subcommands = {
      DemoCommand.class,
      HubCommand.class,
      EnrollTokenCommand.class,
      PumpCommand.class,
      UserCommand.class,
      VerifyCommand.class,
      EvidenceExportCommand.class,
      EvidenceCustodyCommand.class,
      DrugLibCommand.class,
      OrderCommand.class,
      DecommissionCommand.class,
      FirmwareCommand.class,
      KeysCommand.class,
      ReleaseCommand.class,
      RolloutCommand.class,
      TufClientCommand.class,
      CsafCommand.class,
      SbomCommand.class,
      VulnCommand.class,
      VexCommand.class,
      CommandLine.HelpCommand.class
    })
public final class Primum implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs the command line and returns the exit code (0 ok, 1 failure, 2 usage error). */
  public static int run(String... args) {
    CommandLine line = new CommandLine(new Primum());
    line.setExecutionExceptionHandler(
        (e, cmd, parsed) -> {
          PrintWriter err = cmd.getErr();
          err.println("primum: " + describe(e));
          if (System.getenv("PRIMUM_DEBUG") != null) {
            e.printStackTrace(err);
          }
          err.flush();
          return 1;
        });
    return line.execute(args);
  }

  private static String describe(Throwable e) {
    String message = e.getMessage();
    if (message == null || message.isBlank()) {
      return e.getClass().getSimpleName();
    }
    return message;
  }

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** Reads the version from the jar manifest when packaged. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String version = Primum.class.getPackage().getImplementationVersion();
      return new String[] {"primum " + (version == null ? "(development build)" : version)};
    }
  }
}
