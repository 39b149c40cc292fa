package org.primum.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.primum.hub.Hub;
import org.primum.hub.HubConfig;
import org.primum.hub.web.Role;
import org.primum.pump.DemoOrders;
import org.primum.pump.DemoPharmacy;
import org.primum.pump.SimulatedPump;
import org.primum.testing.FreePorts;

/**
 * An EHR's order, end to end as typed: {@code primum order send} queues it on the hub, the pump
 * collects it over mutual TLS at its next report, validates it against its drug library and answers
 * with the HL7 acknowledgement — and does not start it (T1): it waits for a clinician.
 */
class OrderSendCommandTest {
  @TempDir Path dir;

  private static CliRun send(Path order, Path data, String... more) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "order",
                "send",
                "--pump",
                "PUMP-0007",
                order.toString(),
                "--data",
                data.toString()));
    args.addAll(List.of(more));
    return CliRun.of(args.toArray(String[]::new));
  }

  @Test
  void anOrder_isAcknowledgedByThePump_butWaitsForTheClinician_andARefusalNamesWhy()
      throws Exception {
    Path data = dir.resolve("hub");
    ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(1);
    SecureRandom random = new SecureRandom();
    try (Hub hub =
        Hub.start(HubConfig.defaults(data).withPort(FreePorts.find()), Clock.systemUTC(), random)) {
      var token = hub.fleet().createToken("test", "PUMP-0007", Duration.ofMinutes(5), "t").token();
      try (SimulatedPump pump =
          SimulatedPump.start(
              URI.create("https://localhost:" + hub.port()),
              dir.resolve("pump"),
              Optional.of(token),
              Optional.of(hub.pki().caCertificate()),
              Duration.ofSeconds(1),
              Clock.systemUTC(),
              random,
              scheduler,
              Optional.empty(),
              Optional.of(DemoPharmacy.loadOrCreate(dir.resolve("pharmacy"), random).demoSupply()),
              false)) {
        Path order = dir.resolve("order.hl7");
        Files.write(order, DemoOrders.heparin("PUMP-0007", "CTRL-1", Clock.systemUTC()));
        CliRun sent = send(order, data, "--wait", "30");
        assertThat(sent.exit()).as(sent.err()).isZero();
        assertThat(sent.out()).contains("MSA|AA|CTRL-1");
        assertThat(sent.err()).contains("does not start by itself");
        // T1: it waits at the pump; nothing runs.
        assertThat(pump.therapy().pump().state().token()).isEqualTo("IDLE");
        assertThat(pump.console(random, pins -> {}).handle("status")).startsWith("IDLE");

        // An order above the hard limit, and one for another pump: refused with the reason.
        String tooMuch =
            new String(
                    DemoOrders.heparin("PUMP-0007", "CTRL-2", Clock.systemUTC()),
                    StandardCharsets.UTF_8)
                .replace("|1000|units/h|", "|9000|units/h|");
        Files.writeString(order, tooMuch);
        CliRun refused = send(order, data, "--wait", "30");
        assertThat(refused.exit()).as(refused.out() + refused.err()).isEqualTo(1);
        assertThat(refused.out()).contains("MSA|AE|CTRL-2").contains("dose outside limits");

        Files.write(order, DemoOrders.heparin("PUMP-0099", "CTRL-3", Clock.systemUTC()));
        CliRun wrongPump = send(order, data, "--wait", "30");
        assertThat(wrongPump.exit()).isEqualTo(1);
        assertThat(wrongPump.out()).contains("unknown device");

        Files.writeString(order, "hello");
        CliRun garbage = send(order, data);
        assertThat(garbage.exit()).isEqualTo(2);
        assertThat(garbage.err()).contains("ER7");
        Files.write(order, DemoOrders.heparin("PUMP-4242", "CTRL-4", Clock.systemUTC()));
        CliRun noPump =
            CliRun.of(
                "order",
                "send",
                "--pump",
                "PUMP-4242",
                dir.resolve("order.hl7").toString(),
                "--data",
                data.toString());
        assertThat(noPump.err()).contains("no active pump PUMP-4242");
        // The hub keeps no order text once answered (it names a patient), only the answers.
        assertThat(hub.orders().order(1).orElseThrow().ack()).isPresent();

        // From another machine: --hub URL, pinned CA, an administrator's password.
        String password = hub.staff().createUser("test", "ehr-admin", Role.ADMINISTRATOR, "t");
        Path ca = dir.resolve("hub-ca.pem");
        Files.writeString(ca, org.primum.core.crypto.Pem.certificate(hub.pki().caCertificate()));
        Files.write(order, DemoOrders.heparin("PUMP-0007", "CTRL-5", Clock.systemUTC()));
        String url = "https://localhost:" + hub.port();
        Path secret = Files.writeString(dir.resolve("password"), password + "\n");
        CliRun remote =
            CliRun.of(
                "order",
                "send",
                "--pump",
                "PUMP-0007",
                order.toString(),
                "--hub",
                url,
                "--ca",
                ca.toString(),
                "--user",
                "ehr-admin",
                "--password-file",
                secret.toString(),
                "--wait",
                "30");
        assertThat(remote.exit()).as(remote.err()).isZero();
        assertThat(remote.out()).contains("MSA|AA|CTRL-5");
        Path wrong = Files.writeString(dir.resolve("wrong"), "not-the-password\n");
        CliRun wrongPassword =
            CliRun.of(
                "order",
                "send",
                "--pump",
                "PUMP-0007",
                order.toString(),
                "--hub",
                url,
                "--ca",
                ca.toString(),
                "--user",
                "ehr-admin",
                "--password-file",
                wrong.toString());
        assertThat(wrongPassword.exit()).isEqualTo(1);
        assertThat(wrongPassword.err()).contains("sign-in refused").doesNotContain("Exception");
      }
    } finally {
      scheduler.shutdownNow();
    }
  }
}
