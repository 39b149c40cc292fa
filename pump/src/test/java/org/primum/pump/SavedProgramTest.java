package org.primum.pump;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.primum.core.crypto.PasswordHashes;
import org.primum.pump.druglib.DrugLibrary;
import org.primum.pump.therapy.InfusionPump;
import org.primum.pump.therapy.PumpMechanics;
import org.primum.testing.FakeClock;

/**
 * PUMP-SAFETY S5 with S4: the confirmed program and the volume delivered survive a power cut; the
 * pump comes back idle (never resuming by itself), and a clinician may restore the program, which
 * is checked again with the remaining volume and confirmed anew.
 */
class SavedProgramTest {
  @TempDir Path dir;
  private final FakeClock clock = new FakeClock(Instant.parse("2026-11-22T08:00:00Z"));
  private final SecureRandom random = new SecureRandom();
  private final PasswordHashes hashes =
      new PasswordHashes(new PasswordHashes.Cost(1024, 1, 1), random);

  /** A pump as it powers up on the same storage. */
  private record Powered(InfusionPump pump, PumpProgramming programming, PumpConsole console) {}

  private Powered powerUp() throws Exception {
    DemoPharmacy pharmacy = DemoPharmacy.loadOrCreate(dir.resolve("pharmacy"), random);
    ActiveDrugLibrary library =
        ActiveDrugLibrary.open(dir.resolve("druglib"), pharmacy.verifierKeys(), 2);
    if (library.current().isEmpty()) {
      library.install(pharmacy.sign(DrugLibrary.demo(), 2));
    }
    InfusionPump pump =
        new InfusionPump(
            clock,
            InfusionPump.Settings.defaults(),
            new PumpMechanics(500),
            e -> {},
            JsonNodeFactory.instance.objectNode());
    pump.selfTest(List.of());
    PumpProgramming programming =
        new PumpProgramming(
            pump, library, e -> {}, Optional.of(new SavedProgram(dir.resolve("program.json"))));
    PumpConsole console =
        new PumpConsole(
            pump,
            programming,
            PumpConsole.hashPins(hashes, Optional.of("4711"), Optional.empty()),
            hashes,
            clock);
    console.handle("login clinician 4711");
    return new Powered(pump, programming, console);
  }

  @Test
  void s5_theProgramSurvivesAPowerCut_forReview_neverResumingByItself() throws Exception {
    Powered before = powerUp();
    assertThat(before.console().handle("restore")).contains("no program kept");
    before.console().handle("program adult-icu SYN-HEPARIN 25000 units 250 1000 units/h 250");
    before.console().handle("confirm");
    before.console().handle("start");
    for (int s = 0; s < 6 * 60; s++) {
      clock.advance(Duration.ofSeconds(1));
      before.pump().tick();
    }
    before.programming().checkpoint(); // what the therapy loop does every 10 s

    // Power cut: a new pump on the same storage.
    Powered after = powerUp();
    assertThat(after.pump().state().token()).isEqualTo("IDLE"); // S4: no resuming by itself
    String restored = after.console().handle("restore");
    assertThat(restored)
        .contains("RESTORED")
        .contains("1.00 mL were delivered")
        .contains("VTBI now 249.00 mL")
        .contains("REVIEW");
    assertThat(after.console().handle("confirm")).contains("confirmed");
    assertThat(after.console().handle("start")).startsWith("INFUSING");

    // Stopped and discarded: nothing is kept any more.
    after.console().handle("pause");
    after.console().handle("stop");
    assertThat(Files.exists(dir.resolve("program.json"))).isFalse();
    assertThat(powerUp().console().handle("restore")).contains("no program kept");
  }
}
