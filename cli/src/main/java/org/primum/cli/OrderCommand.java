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
    System.err.println("Use: primum order send --pump SERIAL FILE.hl7 --data DIR");
  }

  @Command(
      name = "send",
      mixinStandardHelpOptions = true,
      description = {
        "Queue an order for a pump on the hub (run on the hub's machine), wait for the pump to",
        "collect it at its next report, and print the pump's HL7 acknowledgement. The pump never",
        "starts an order by itself: a clinician confirms it at the pump. Exit 0 for AA, 1 for",
        "AE/AR, 3 if the pump did not answer in time."
      })
  static final class Send implements Callable<Integer> {
    @Mixin DataOptions data;

    @Option(names = "--pump", required = true, description = "The pump's serial.")
    String pump;

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
        if (view.isEmpty() || view.get().ack().isEmpty()) {
          System.err.println(
              "The pump has not answered yet (order " + id + " stays queued for it).");
          return 3;
        }
        String ack = view.get().ack().get();
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
}
