package org.primum.pump;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.primum.core.crypto.PasswordHashes;
import org.primum.pump.druglib.DrugLibrary;
import org.primum.pump.therapy.InfusionPump;
import org.primum.pump.therapy.PumpMechanics;
import org.primum.testing.FakeClock;

/**
 * The pump's local console as the three roles use it: the patient has the PCA button only; the
 * clinician programs, reviews, overrides soft limits with a reason, confirms and starts; only
 * biomed resets safe mode; PINs are checked and guessing is locked out.
 */
class PumpConsoleTest {
  @TempDir Path dir;
  private final FakeClock clock = new FakeClock(Instant.parse("2026-11-22T08:00:00Z"));
  private final PumpMechanics mechanics = new PumpMechanics(500);
  private final InfusionPump pump =
      new InfusionPump(
          clock,
          InfusionPump.Settings.defaults(),
          mechanics,
          e -> {},
          JsonNodeFactory.instance.objectNode());
  private PumpConsole console;

  private static final String HEPARIN =
      "program adult-icu SYN-HEPARIN 25000 units 250 1000 units/h 250";
  private static final String MORPHINE_PCA =
      "program adult-icu SYN-MORPHINE 100 mg 100 1.5 mg/h 100 pca=2.5,10,8,25";

  @BeforeEach
  void setUp() throws Exception {
    SecureRandom random = new SecureRandom();
    DemoPharmacy pharmacy = DemoPharmacy.loadOrCreate(dir.resolve("pharmacy"), random);
    ActiveDrugLibrary library =
        ActiveDrugLibrary.open(dir.resolve("druglib"), pharmacy.verifierKeys(), 2);
    library.install(pharmacy.sign(DrugLibrary.demo(), 2));
    pump.selfTest(List.of());
    PasswordHashes hashes = new PasswordHashes(new PasswordHashes.Cost(1024, 1, 1), random);
    console =
        new PumpConsole(
            pump,
            new PumpProgramming(pump, library, e -> {}),
            PumpConsole.hashPins(hashes, Optional.of("4711"), Optional.of("9000")),
            hashes,
            clock);
  }

  private void tick(Duration d) {
    for (long s = 0; s < d.toSeconds(); s++) {
      clock.advance(Duration.ofSeconds(1));
      pump.tick();
    }
  }

  @Test
  void thePatient_hasThePcaButtonOnly() {
    assertThat(console.handle(HEPARIN)).contains("sign in first");
    assertThat(console.handle("start")).contains("sign in first");
    assertThat(console.handle("pca")).contains("no program");
    assertThat(console.handle("help")).doesNotContain("program");
    assertThat(pump.state().token()).isEqualTo("IDLE");
  }

  @Test
  void theClinician_programsReviewsConfirmsAndStarts_andTheScreenShowsTheVerifiedProgram() {
    assertThat(console.handle("login clinician 4711")).contains("signed in as clinician");
    String review = console.handle(HEPARIN);
    assertThat(review).contains("REVIEW").contains("Heparin");
    assertThat(console.handle("start")).startsWith("?"); // nothing confirmed yet
    assertThat(console.handle("confirm")).contains("confirmed");
    String screen = console.handle("start");
    assertThat(screen).startsWith("INFUSING");
    for (String line : pump.program().orElseThrow().displayLines()) {
      assertThat(screen).contains(line); // MN10: the screen shows the verified program's lines
    }
    tick(Duration.ofMinutes(6));
    assertThat(console.handle("status")).contains("infused 1.00 mL");
  }

  @Test
  void aSoftLimit_needsAnOverrideWithAReason_thenThePatientsPcaButtonWorks_withItsLockout() {
    console.handle("login clinician 4711");
    String soft = console.handle(MORPHINE_PCA);
    assertThat(soft).contains("SOFT LIMIT").contains("override PCA_BOLUS_MAX 2.5");
    assertThat(console.handle("confirm")).startsWith("?");
    assertThat(console.handle("override PCA_BOLUS_MAX 2.5 pain team order 7")).contains("REVIEW");
    console.handle("confirm");
    console.handle("start");
    console.handle("logout");
    assertThat(console.handle("pca")).isEqualTo("dose started");
    tick(Duration.ofMinutes(2));
    assertThat(console.handle("pca")).contains("lockout");
  }

  @Test
  void d8_startingToReprogram_pauses_andCancellingKeepsTheProgram() {
    console.handle("login clinician 4711");
    console.handle(HEPARIN);
    console.handle("confirm");
    console.handle("start");
    assertThat(console.handle("program adult-icu SYN-INSULIN-REG 100 units 100 50 units/h 100"))
        .contains("REJECTED");
    assertThat(pump.state().token()).isEqualTo("PROGRAMMING");
    assertThat(console.handle("cancel")).startsWith("PAUSED").contains("Heparin");
    assertThat(console.handle("start")).startsWith("INFUSING");
  }

  @Test
  void aHardLimit_isRejected_withTheReason() {
    console.handle("login clinician 4711");
    assertThat(console.handle("program adult-icu SYN-INSULIN-REG 100 units 100 50 units/h 100"))
        .contains("REJECTED")
        .contains("hard max");
    assertThat(console.handle("confirm")).startsWith("?");
  }

  @Test
  void onlyBiomed_resetsSafeMode_andWrongPinsAreLockedOut() {
    pump.criticalFault("SENSOR_DISAGREE", "flow sensor disagrees");
    pump.criticalFaultCleared("SENSOR_DISAGREE");
    console.handle("login clinician 4711");
    assertThat(console.handle("reset")).contains("biomed");
    console.handle("logout");
    for (int i = 0; i < 5; i++) {
      assertThat(console.handle("login biomed 0000")).contains("wrong PIN");
    }
    assertThat(console.handle("login biomed 9000")).contains("locked");
    clock.advance(Duration.ofMinutes(6));
    assertThat(console.handle("login biomed 9000")).contains("signed in as biomed");
    assertThat(console.handle("reset")).startsWith("IDLE");
  }

  @Test
  void anOfflineBundle_isForBiomedOnly_andAPumpWithoutAnUpdaterSaysItCannotVerifyOne() {
    assertThat(console.handle("bundle /media/usb/primum-bundle")).contains("sign in first");
    console.handle("login clinician 4711");
    assertThat(console.handle("bundle /media/usb/primum-bundle")).contains("biomed/service only");
    console.handle("logout");
    console.handle("login biomed 9000");
    assertThat(console.handle("bundle")).startsWith("?").contains("bundle DIR");
    assertThat(console.handle("bundle /media/usb/primum-bundle"))
        .startsWith("?")
        .contains("cannot verify a bundle; nothing changed");

    console.attachBundles((bundle, user) -> "applied " + bundle + " as " + user, () -> "done");
    assertThat(console.handle("bundle /media/usb/my bundle"))
        .isEqualTo("applied /media/usb/my bundle as biomed@pump");
    assertThat(console.screen()).contains("offline bundle: done");
  }

  @Test
  void signInExpires_afterTenIdleMinutes() {
    console.handle("login clinician 4711");
    clock.advance(Duration.ofMinutes(11));
    assertThat(console.handle(HEPARIN)).contains("sign in first");
    assertThat(console.role()).isEqualTo(PumpConsole.Role.PATIENT);
  }

  @Test
  void garbage_getsAClearAnswer_neverAnException() {
    console.handle("login clinician 4711");
    for (String line :
        List.of(
            "program",
            "program adult-icu SYN-HEPARIN lots units 250 1000 units/h 250",
            "program adult-icu SYN-HEPARIN 25000 parsecs 250 1000 units/h 250",
            "override NOPE 1 why",
            "clear",
            "login wizard 1",
            "frobnicate",
            "program adult-icu SYN-HEPARIN 25000 units 250 NaN units/h 250")) {
      assertThat(console.handle(line))
          .as(line)
          .matches(answer -> answer.startsWith("?") || answer.startsWith("REJECTED"))
          .doesNotContain("Exception");
    }
  }
}
