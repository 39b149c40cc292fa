package org.primum.pump;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.primum.pump.druglib.LimitName;
import org.primum.pump.druglib.SoftLimitOverride;
import org.primum.pump.druglib.Verdict;
import org.primum.pump.therapy.InfusionPump;
import org.primum.pump.therapy.PumpMechanics;
import org.primum.testing.FakeClock;

/**
 * Programming at the pump against a library the pharmacy signed: D1 rejections and D2 overrides go
 * into the evidence with user, value and limit; only a confirmed verified program reaches therapy;
 * a library without the threshold of signatures is never installed.
 */
class PumpProgrammingTest {
  @TempDir Path dir;
  private final FakeClock clock = new FakeClock(Instant.parse("2026-11-22T08:00:00Z"));
  private final List<InfusionPump.Event> events = new ArrayList<>();
  private final InfusionPump pump =
      new InfusionPump(
          clock,
          InfusionPump.Settings.defaults(),
          new PumpMechanics(500),
          events::add,
          JsonNodeFactory.instance.objectNode());

  private PumpProgramming programming(int signatures) throws Exception {
    DemoPharmacy pharmacy = DemoPharmacy.loadOrCreate(dir.resolve("pharmacy"), new SecureRandom());
    ActiveDrugLibrary library =
        ActiveDrugLibrary.open(
            dir.resolve("druglib"), pharmacy.verifierKeys(), DemoPharmacy.THRESHOLD);
    try {
      library.install(pharmacy.sign(org.primum.pump.druglib.DrugLibrary.demo(), signatures));
    } catch (org.primum.pump.druglib.DrugLibraryRejection e) {
      events.add(
          new InfusionPump.Event(
              "input.druglib.rejected",
              org.primum.core.evidence.Severity.WARNING,
              JsonNodeFactory.instance.objectNode().put("code", e.code())));
    }
    pump.selfTest(List.of());
    return new PumpProgramming(pump, library, events::add);
  }

  @Test
  void d1_aHardLimitRejection_isLogged_andNothingStarts() throws Exception {
    PumpProgramming programming = programming(2);
    Verdict verdict = programming.check(DemoClinician.insulin(50), "nurse:ana");
    assertThat(verdict).isInstanceOf(Verdict.Rejected.class);
    assertThat(events)
        .filteredOn(e -> e.type().equals("therapy.program.rejected"))
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.payload().get("user").asText()).isEqualTo("nurse:ana");
              assertThat(e.payload().get("message").asText()).contains("hard max");
            });
    assertThat(pump.state().token()).isEqualTo("IDLE");
  }

  @Test
  void d2_aSoftLimitOverride_isLoggedWithUserValueLimitAndReason() throws Exception {
    PumpProgramming programming = programming(2);
    Verdict soft = programming.check(DemoClinician.morphinePca(), "nurse:ana");
    assertThat(soft).isInstanceOf(Verdict.NeedsConfirmation.class);
    Verdict accepted =
        programming.check(
            DemoClinician.morphinePca()
                .withOverrides(
                    new SoftLimitOverride(
                        LimitName.PCA_BOLUS_MAX, 2.5, "nurse:ana", "pain team order 7")),
            "nurse:ana");
    assertThat(accepted).isInstanceOf(Verdict.Accepted.class);
    assertThat(programming.confirm(((Verdict.Accepted) accepted).program(), "nurse:ana").accepted())
        .isTrue();
    assertThat(events)
        .filteredOn(e -> e.type().equals("therapy.program.override"))
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.payload().get("user").asText()).isEqualTo("nurse:ana");
              assertThat(e.payload().get("limit").asText()).isEqualTo("PCA_BOLUS_MAX");
              assertThat(e.payload().get("value").asDouble()).isEqualTo(2.5);
              assertThat(e.payload().get("softLimit").asDouble()).isEqualTo(2.0);
              assertThat(e.payload().get("reason").asText()).isEqualTo("pain team order 7");
            });
    assertThat(pump.state().token()).isEqualTo("CONFIRMED");
  }

  @Test
  void aLibraryBelowTheThreshold_isNeverInstalled_soNothingCanBeProgrammed() throws Exception {
    PumpProgramming programming = programming(1);
    assertThat(events).extracting(InfusionPump.Event::type).contains("input.druglib.rejected");
    assertThat(programming.library()).isEmpty();
    Verdict verdict = programming.check(DemoClinician.heparin(), "nurse:ana");
    assertThat(verdict).isInstanceOf(Verdict.Rejected.class);
    assertThat(((Verdict.Rejected) verdict).reasons().get(0).toString()).contains("no-library");
  }
}
