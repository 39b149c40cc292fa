package org.primum.cli;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.concurrent.Callable;
import org.primum.hub.HubAdmin;
import org.primum.hub.web.Role;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code primum user}: staff accounts from the hub's machine. */
@Command(
    name = "user",
    mixinStandardHelpOptions = true,
    description = "Manage staff accounts from the hub's machine.",
    subcommands = {UserCommand.Create.class, UserCommand.ResetPassword.class})
final class UserCommand implements Runnable {
  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  static String actor() {
    return "cli:" + System.getProperty("user.name", "unknown");
  }

  @Command(
      name = "create",
      mixinStandardHelpOptions = true,
      description = "Create an account; prints its generated password once.")
  static final class Create implements Callable<Integer> {
    @Mixin DataOptions data;

    @Parameters(paramLabel = "USERNAME")
    String username;

    @Option(
        names = "--role",
        required = true,
        description = "administrator, security_analyst, release_manager or clinical_viewer")
    String role;

    @Override
    public Integer call() throws Exception {
      Role parsed = Role.parse(role);
      try (HubAdmin admin =
          HubAdmin.open(data.config(), Clock.systemUTC(), new SecureRandom(), actor())) {
        String password = admin.createUser(username, parsed);
        System.out.println(
            "Created "
                + username
                + " ("
                + parsed.title()
                + "). Password (shown once): "
                + password);
      }
      return 0;
    }
  }

  @Command(
      name = "reset-password",
      mixinStandardHelpOptions = true,
      description = "Replace a password with a generated one; ends the user's sessions.")
  static final class ResetPassword implements Callable<Integer> {
    @Mixin DataOptions data;

    @Parameters(paramLabel = "USERNAME")
    String username;

    @Override
    public Integer call() throws Exception {
      try (HubAdmin admin =
          HubAdmin.open(data.config(), Clock.systemUTC(), new SecureRandom(), actor())) {
        String password = admin.resetPassword(username);
        System.out.println("New password for " + username + " (shown once): " + password);
      }
      return 0;
    }
  }
}
