package org.primum.pump;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BiConsumer;
import org.primum.pump.druglib.AmountUnit;
import org.primum.pump.druglib.Concentration;
import org.primum.pump.druglib.DoseUnit;
import org.primum.pump.druglib.PcaRequest;
import org.primum.pump.druglib.ProgramRequest;
import org.primum.pump.druglib.SoftLimitOverride;
import org.primum.pump.druglib.SoftLimitWarning;
import org.primum.pump.druglib.Verdict;
import org.primum.pump.druglib.VerifiedProgram;
import org.primum.pump.therapy.PumpMechanics;
import org.primum.pump.therapy.TherapyLoop;

/**
 * A scripted clinician for the demo fleet: each pump gets one of five bedside scenarios, acted out
 * through the same local actions a person would use (program, read the verdict, confirm at the
 * pump, start), so the dashboard and the evidence show real dose error reduction at work:
 *
 * <ol>
 *   <li>an ICU heparin order from the EHR (HL7, IHE PCD-03), reviewed and confirmed at the pump, or
 *       heparin programmed by hand if no order comes;
 *   <li>PCA morphine with a demand dose above a soft limit, confirmed with a reason (D2), the
 *       patient pressing the button every few minutes (P4);
 *   <li>insulin above the hard limit: rejected and logged (D1), then reprogrammed correctly;
 *   <li>norepinephrine with an occlusion after 45 s (D13), cleared by the nurse and resumed;
 *   <li>vancomycin by mL/h in med-surg.
 * </ol>
 */
final class DemoClinician {
  private static final String NURSE = "nurse:demo";

  /**
   * How many scripted scenarios there are: pumps beyond them (PUMP-0006 on) stand idle between
   * patients, which is where software updates install in the demo.
   */
  static final int SCENARIOS = 5;

  private DemoClinician() {}

  static void schedule(
      int scenario,
      TherapyLoop loop,
      PumpProgramming programming,
      PumpOrders orders,
      BiConsumer<Long, String> orderReports) {
    switch (Math.floorMod(scenario, 5)) {
      case 0 -> {
        // An order from the EHR, reviewed and confirmed by the nurse at the pump (T1), with the
        // settings in force reported back (T4); without one within 30 s, she programs by hand.
        long[] waited = {0};
        loop.every(
            Duration.ofSeconds(2),
            () -> {
              if (waited[0] < 0) {
                return;
              }
              waited[0] += 2;
              var waiting = orders.waiting();
              if (!waiting.isEmpty()) {
                waited[0] = -1;
                long id = waiting.get(0).getKey();
                var order = orders.take(id).orElseThrow();
                Optional<VerifiedProgram> program = run(programming, loop, order.request());
                program.ifPresent(p -> orderReports.accept(id, orders.report(p, order)));
              } else if (waited[0] >= 30) {
                waited[0] = -1;
                run(programming, loop, heparin());
              }
            });
      }
      case 1 -> {
        loop.schedule(() -> run(programming, loop, morphinePca()), Duration.ofSeconds(3));
        loop.every(Duration.ofMinutes(3), () -> loop.pump().requestBolus("patient (PCA button)"));
      }
      case 2 -> {
        loop.schedule(() -> programming.check(insulin(50), NURSE), Duration.ofSeconds(3));
        loop.schedule(() -> run(programming, loop, insulin(5)), Duration.ofSeconds(15));
      }
      case 3 -> {
        loop.schedule(() -> run(programming, loop, norepinephrine()), Duration.ofSeconds(3));
        PumpMechanics mechanics = loop.pump().mechanics();
        loop.schedule(() -> mechanics.setOccluded(true), Duration.ofSeconds(45));
        loop.schedule(() -> mechanics.setOccluded(false), Duration.ofSeconds(90));
        loop.schedule(
            () -> {
              loop.pump().conditionCleared("OCCLUSION");
              loop.pump().start(NURSE);
            },
            Duration.ofSeconds(100));
      }
      default ->
          loop.schedule(
              () ->
                  run(
                      programming,
                      loop,
                      ProgramRequest.of(
                          "med-surg", "SYN-VANCOMYCIN", conc(1, "g", 250), unit("mL/h"), 166, 250)),
              Duration.ofSeconds(3));
    }
  }

  static ProgramRequest heparin() {
    return ProgramRequest.of(
        "adult-icu", "SYN-HEPARIN", conc(25000, "units", 250), unit("units/h"), 1000, 250);
  }

  static ProgramRequest morphinePca() {
    // A PCA demand dose of 2.5 mg is above the soft maximum (2 mg): confirmed with a reason.
    return ProgramRequest.of(
            "adult-icu", "SYN-MORPHINE", conc(100, "mg", 100), unit("mg/h"), 1.5, 100)
        .withPca(new PcaRequest(2.5, 10, 8, 25));
  }

  static ProgramRequest insulin(double unitsPerHour) {
    return ProgramRequest.of(
        "adult-icu",
        "SYN-INSULIN-REG",
        conc(100, "units", 100),
        unit("units/h"),
        unitsPerHour,
        100);
  }

  static ProgramRequest norepinephrine() {
    return ProgramRequest.of(
        "adult-icu", "SYN-NOREPINEPHRINE", conc(4, "mg", 250), unit("mcg/min"), 8, 250);
  }

  static ProgramRequest vancomycin() {
    return ProgramRequest.of(
        "med-surg", "SYN-VANCOMYCIN", conc(1, "g", 250), unit("mL/h"), 166, 250);
  }

  /** Program, confirm soft limits with a reason as a clinician would, confirm, start. */
  static Optional<VerifiedProgram> run(
      PumpProgramming programming, TherapyLoop loop, ProgramRequest request) {
    Verdict verdict = programming.check(request, NURSE);
    if (verdict instanceof Verdict.NeedsConfirmation soft) {
      List<SoftLimitOverride> confirmations = new ArrayList<>();
      for (SoftLimitWarning warning : soft.warnings()) {
        confirmations.add(
            new SoftLimitOverride(
                warning.limit(), warning.value(), NURSE, "titrated per pain team order"));
      }
      verdict =
          programming.check(
              request.withOverrides(confirmations.toArray(SoftLimitOverride[]::new)), NURSE);
    }
    if (verdict instanceof Verdict.Accepted accepted
        && programming.confirm(accepted.program(), NURSE).accepted()
        && loop.pump().start(NURSE).accepted()) {
      return Optional.of(accepted.program());
    }
    return Optional.empty();
  }

  private static Concentration conc(double amount, String unit, double volumeMl) {
    return new Concentration(amount, AmountUnit.bySymbol(unit).orElseThrow(), volumeMl);
  }

  private static DoseUnit unit(String text) {
    return DoseUnit.parse(text).orElseThrow();
  }
}
