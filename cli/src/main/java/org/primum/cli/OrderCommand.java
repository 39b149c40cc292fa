package org.primum.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.primum.hub.HubAdmin;
import org.primum.hub.orders.OrderRelay;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code primum order}: relay an HL7 infusion order to a pump and print its acknowledgement. */
@Command(
    name = "order",
    mixinStandardHelpOptions = true,
    description = "Relay infusion orders (HL7 v2, IHE PCD-03) to pumps.",
    subcommands = {OrderCommand.Send.class})
final class OrderCommand implements Runnable {
  @Override
  public void run() {
    System.err.println(
        "Use: primum order send --pump SERIAL FILE.hl7 (--data DIR | --hub URL --ca FILE --user NAME)");
  }

  @Command(
      name = "send",
      mixinStandardHelpOptions = true,
      description = {
        "Queue an order for a pump on the hub, wait for the pump to collect it at its next report,",
        "and print the pump's HL7 acknowledgement. Either on the hub's machine (--data) or from",
        "anywhere as an administrator (--hub URL --ca FILE --user NAME; the password comes from",
        "--password-file, PRIMUM_PASSWORD, or is asked for). The pump never",
        "starts an order by itself: a clinician confirms it at the pump. Exit 0 for AA, 1 for",
        "AE/AR, 3 if the pump did not answer in time."
      })
  static final class Send implements Callable<Integer> {
    @Mixin DataOptions data;

    @Option(names = "--pump", required = true, description = "The pump's serial.")
    String pump;

    @Option(
        names = "--hub",
        paramLabel = "URL",
        description = "A remote hub, e.g. https://hub.example.org:8443 (instead of --data).")
    java.net.URI hub;

    @Option(
        names = "--ca",
        paramLabel = "FILE",
        description = "The hub CA certificate to pin (with --hub).")
    Path ca;

    @Option(
        names = "--user",
        defaultValue = "admin",
        description = "Administrator to sign in as, with --hub (default: ${DEFAULT-VALUE}).")
    String user;

    @Option(
        names = "--password-file",
        paramLabel = "FILE",
        description =
            "Read the password from FILE's first line (else PRIMUM_PASSWORD, else asked).")
    Path passwordFile;

    @Parameters(index = "0", description = "The order: an HL7 v2 message, ER7 (pipe) encoding.")
    Path file;

    @Option(
        names = "--wait",
        defaultValue = "60",
        description = "Seconds to wait for the pump's answer (default: ${DEFAULT-VALUE}).")
    int waitSeconds;

    @Override
    public Integer call() throws Exception {
      if (!Files.isRegularFile(file)) {
        System.err.println("No such file: " + file);
        return 2;
      }
      // HL7 v2 separates segments with carriage returns; files edited on a desk often have
      // newlines.
      byte[] message =
          Files.readString(file)
              .strip()
              .replace("\r\n", "\r")
              .replace('\n', '\r')
              .concat("\r")
              .getBytes(java.nio.charset.StandardCharsets.UTF_8);
      if (hub != null) {
        return sendRemote(message);
      }
      String actor = "cli:" + System.getProperty("user.name", "unknown");
      try (HubAdmin admin =
          HubAdmin.open(data.config(), Clock.systemUTC(), new SecureRandom(), actor)) {
        long id;
        try {
          id = admin.submitOrder(pump, message);
        } catch (IllegalArgumentException e) {
          System.err.println("Not queued: " + e.getMessage());
          return 2;
        }
        System.err.println("Order " + id + " queued for " + pump + "; waiting for the pump…");
        long end = System.nanoTime() + waitSeconds * 1_000_000_000L;
        Optional<OrderRelay.OrderView> view = admin.order(id);
        while (System.nanoTime() < end && view.map(v -> v.ack().isEmpty()).orElse(true)) {
          Thread.sleep(500);
          view = admin.order(id);
        }
        return answer(id, view.flatMap(OrderRelay.OrderView::ack).orElse(""));
      }
    }

    /** The same over HTTPS to a remote hub, signed in as an administrator. */
    private int sendRemote(byte[] message) throws Exception {
      if (ca == null) {
        System.err.println("--hub needs --ca FILE: the hub CA certificate to pin");
        return 2;
      }
      java.security.cert.X509Certificate pinned =
          org.primum.core.crypto.Pem.parseCertificate(Files.readString(ca));
      String password =
          passwordFile != null
              ? Files.readAllLines(passwordFile).stream().findFirst().orElse("").strip()
              : System.getenv("PRIMUM_PASSWORD");
      if (password == null) {
        java.io.Console console = System.console();
        if (console == null) {
          System.err.println("Set PRIMUM_PASSWORD (no terminal to ask for the password).");
          return 2;
        }
        char[] typed = console.readPassword("Password for %s: ", user);
        password = typed == null ? "" : new String(typed);
      }
      try {
        StaffClient session = StaffClient.signIn(hub, pinned, user, password);
        long id =
            session
                .post(
                    "/api/v1/devices/"
                        + java.net.URLEncoder.encode(pump, java.nio.charset.StandardCharsets.UTF_8)
                        + "/orders",
                    "application/hl7-v2",
                    message)
                .path("order")
                .asLong();
        System.err.println("Order " + id + " queued for " + pump + "; waiting for the pump…");
        long end = System.nanoTime() + waitSeconds * 1_000_000_000L;
        String ack = "";
        while (ack.isEmpty() && System.nanoTime() < end) {
          ack = session.get("/api/v1/orders/" + id).path("ack").asText("");
          if (ack.isEmpty()) {
            Thread.sleep(500);
          }
        }
        return answer(id, ack);
      } catch (StaffClient.Refused e) {
        System.err.println("Not queued: " + e.getMessage());
        return e.status == 400 || e.status == 404 ? 2 : 1;
      }
    }

    private static int answer(long id, String ack) {
      if (ack.isEmpty()) {
        System.err.println("The pump has not answered yet (order " + id + " stays queued for it).");
        return 3;
      }
      System.out.println(ack.replace('\r', '\n').strip());
      boolean accepted = ack.contains("\rMSA|AA|") || ack.contains("\nMSA|AA|");
      System.err.println(
          accepted
              ? "Accepted for confirmation at the pump (it does not start by itself)."
              : "Refused by the pump.");
      return accepted ? 0 : 1;
    }
  }
}
