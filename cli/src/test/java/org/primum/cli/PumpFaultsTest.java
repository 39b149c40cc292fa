package org.primum.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.primum.device.DeviceStatus;
import org.primum.device.evidence.EvidenceLog;
import org.primum.hub.Hub;
import org.primum.hub.HubConfig;
import org.primum.pump.DemoPharmacy;
import org.primum.pump.Fault;
import org.primum.pump.PumpConsole;
import org.primum.pump.SimulatedPump;
import org.primum.testing.FreePorts;

/**
 * Every injectable fault, on real pumps talking to a real hub: each produces its specified alarm or
 * state, visibly (status, hub) and in the pump's evidence log, and none makes the pump deliver more
 * than programmed. (Sensor disagreement needs 30 s of disagreement and is shown on the simulated
 * clock in {@code InfusionPumpTest}.)
 */
class PumpFaultsTest {
  @TempDir Path dir;

  private static boolean waitFor(Duration timeout, java.util.function.BooleanSupplier condition)
      throws InterruptedException {
    long end = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < end) {
      if (condition.getAsBoolean()) {
        return true;
      }
      Thread.sleep(100);
    }
    return condition.getAsBoolean();
  }

  private static DeviceStatus status(SimulatedPump pump) {
    return pump.therapy().pump().currentStatus();
  }

  private static Predicate<SimulatedPump> alarm(String state, String code) {
    return p ->
        status(p).operatingState().equals(state)
            && status(p).alarms().stream().anyMatch(a -> a.code().equals(code));
  }

  private static List<String> evidenceTypes(SimulatedPump pump) throws Exception {
    EvidenceLog log = pump.agent().evidence().orElseThrow().log().orElseThrow();
    List<String> types = new ArrayList<>();
    for (long i = log.firstHeld(); i < log.size(); i++) {
      types.add(log.entry(i).type());
    }
    return types;
  }

  @Test
  void everyFault_showsItsAlarmOrState_isRecorded_andNeverRaisesDelivery() throws Exception {
    Path data = dir.resolve("hub");
    ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2);
    SecureRandom random = new SecureRandom();
    Map<Fault, Predicate<SimulatedPump>> expected = new EnumMap<>(Fault.class);
    expected.put(Fault.OCCLUSION, alarm("ALARM", "OCCLUSION"));
    expected.put(Fault.AIR, alarm("ALARM", "AIR_IN_LINE"));
    expected.put(Fault.BATTERY_LOW, alarm("INFUSING", "BATTERY_LOW"));
    expected.put(Fault.WATCHDOG, alarm("SAFE_MODE", "WATCHDOG"));
    expected.put(Fault.CLOCK_JUMP, alarm("SAFE_MODE", "CLOCK"));
    expected.put(Fault.LIBRARY_CORRUPT, alarm("SAFE_MODE", "LIBRARY_INTEGRITY"));
    expected.put(Fault.LIBRARY_TAMPER, p -> status(p).operatingState().equals("INFUSING"));
    expected.put(Fault.NETWORK_LOSS, p -> status(p).operatingState().equals("INFUSING"));
    expected.put(Fault.HUB_FLOOD, p -> status(p).operatingState().equals("INFUSING"));
    Map<Fault, SimulatedPump> pumps = new EnumMap<>(Fault.class);
    try (Hub hub =
        Hub.start(HubConfig.defaults(data).withPort(FreePorts.find()), Clock.systemUTC(), random)) {
      SimulatedPump.LibrarySupply library =
          DemoPharmacy.loadOrCreate(dir.resolve("pharmacy"), random).demoSupply();
      int n = 0;
      for (Fault fault : expected.keySet()) {
        String serial = String.format(Locale.ROOT, "PUMP-%04d", 1 + n++);
        var token = hub.fleet().createToken("test", serial, Duration.ofMinutes(5), "test").token();
        pumps.put(
            fault,
            SimulatedPump.start(
                URI.create("https://localhost:" + hub.port()),
                dir.resolve(serial),
                Optional.of(token),
                Optional.of(hub.pki().caCertificate()),
                Duration.ofHours(1),
                Clock.systemUTC(),
                random,
                scheduler,
                Optional.empty(),
                Optional.of(library),
                false));
      }
      for (SimulatedPump pump : pumps.values()) {
        // A clinician programs heparin, 1000 units/h = 10 mL/h, at the pump's console.
        String[] pins = {""};
        PumpConsole console = pump.console(random, shown -> pins[0] = shown);
        String clinicianPin = pins[0].replaceAll(".*clinician PIN (\\d+).*", "$1");
        assertThat(console.handle("login clinician " + clinicianPin)).contains("signed in");
        assertThat(console.handle("program adult-icu SYN-HEPARIN 25000 units 250 1000 units/h 250"))
            .contains("REVIEW");
        assertThat(console.handle("confirm")).contains("confirmed");
        console.handle("start");
      }
      for (SimulatedPump pump : pumps.values()) {
        assertThat(
                waitFor(
                    Duration.ofSeconds(20), () -> status(pump).operatingState().equals("INFUSING")))
            .as(pump.serial() + " starts infusing")
            .isTrue();
      }
      pumps.forEach((fault, pump) -> pump.inject(fault));
      List<String> failures = new ArrayList<>();
      for (var e : pumps.entrySet()) {
        Fault fault = e.getKey();
        SimulatedPump pump = e.getValue();
        if (!waitFor(Duration.ofSeconds(45), () -> expected.get(fault).test(pump))) {
          failures.add(fault + ": " + status(pump));
        }
      }
      Thread.sleep(3_000); // the steady-state faults must hold, not just pass through
      for (var e : pumps.entrySet()) {
        SimulatedPump pump = e.getValue();
        if (!expected.get(e.getKey()).test(pump)) {
          failures.add(e.getKey() + " did not hold: " + status(pump));
        }
        // Never more than programmed: 10 mL/h since the start, with slack for scheduling.
        double delivered = pump.therapy().pump().deliveredForProgramMl();
        if (delivered > 10.0 / 3600 * 120) {
          failures.add(e.getKey() + ": delivered " + delivered + " mL in under 2 minutes");
        }
        if (!evidenceTypes(pump).contains("test.fault.injected")) {
          failures.add(e.getKey() + ": the injection is not in the evidence log");
        }
      }
      assertThat(failures).isEmpty();

      // Alarms and safe mode are in the evidence and, at the next report, on the hub.
      SimulatedPump corrupt = pumps.get(Fault.LIBRARY_CORRUPT);
      assertThat(evidenceTypes(corrupt)).contains("safety.safe-mode.entered");
      corrupt.agent().reportNow();
      var row = hub.fleet().device(corrupt.serial()).orElseThrow().device();
      assertThat(row.operatingState()).isEqualTo("SAFE_MODE");
      assertThat(row.highestAlarm())
          .get()
          .satisfies(a -> assertThat(a.code()).isEqualTo("LIBRARY_INTEGRITY"));
      assertThat(evidenceTypes(pumps.get(Fault.OCCLUSION))).contains("safety.alarm.raised");
      assertThat(evidenceTypes(pumps.get(Fault.LIBRARY_TAMPER))).contains("input.druglib.rejected");
      assertThat(pumps.get(Fault.LIBRARY_TAMPER).therapy().pump().program()).isPresent();
      // The unplugged pump says so itself, and keeps infusing.
      SimulatedPump unplugged = pumps.get(Fault.NETWORK_LOSS);
      unplugged.agent().reportNow();
      assertThat(unplugged.linkState().name()).isEqualTo("DEGRADED");
      assertThat(unplugged.therapy().pump().mechanics().read().motorRateMlH()).isEqualTo(10.0);
    } finally {
      pumps.values().forEach(SimulatedPump::close);
      scheduler.shutdownNow();
    }
  }
}
