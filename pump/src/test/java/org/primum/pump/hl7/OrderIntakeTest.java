package org.primum.pump.hl7;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.within;
import static org.primum.pump.hl7.Hl7Samples.CARE_AREA;
import static org.primum.pump.hl7.Hl7Samples.LIBRARY;
import static org.primum.pump.hl7.Hl7Samples.PATIENT_ID;
import static org.primum.pump.hl7.Hl7Samples.PUMP_SERIAL;
import static org.primum.pump.hl7.Hl7Samples.bytes;
import static org.primum.pump.hl7.Hl7Samples.text;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.primum.pump.druglib.AmountUnit;
import org.primum.pump.druglib.Concentration;
import org.primum.pump.druglib.DoseErrorReduction;
import org.primum.pump.druglib.LimitName;
import org.primum.pump.druglib.ProgramProblem;
import org.primum.pump.druglib.SoftLimitOverride;
import org.primum.pump.druglib.SoftLimitWarning;
import org.primum.pump.druglib.Verdict;
import org.primum.pump.druglib.VerifiedProgram;

/** {@link OrderIntake}: PUMP-SAFETY.md T1 (never auto-start), T2 (specific reasons), T3 (codes). */
class OrderIntakeTest {
  private final OrderParser parser = new OrderParser();
  private final OrderIntake intake = new OrderIntake(PUMP_SERIAL);

  // ---- T1: accepted orders wait for the clinician

  @Test
  void t1_validOrder_isPendingWithAnAcceptedVerdict_forTheClinicianToConfirm() throws Exception {
    IntakeResult result = review("valid/heparin-adult-icu.hl7");

    assertThat(result).isInstanceOf(PendingOrder.class);
    PendingOrder pending = (PendingOrder) result;
    assertThat(pending.verdict()).isInstanceOf(Verdict.Accepted.class);
    assertThat(pending.placerOrderNumber()).isEqualTo("ORD-2026-0815");
    assertThat(pending.concentrationFromLibrary()).isFalse();
    assertThat(pending.warnings()).isEmpty();
    VerifiedProgram program = pending.program().orElseThrow();
    assertThat(program.rateMlPerHour()).isCloseTo(10, within(1e-9)); // 1000 units/h at 100/mL
    assertThat(program.vtbiMl()).isEqualTo(250);
    VerifiedProgram.Dosing dosing = program.dosing().orElseThrow();
    assertThat(dosing.drugCode()).isEqualTo("SYN-HEPARIN");
    assertThat(dosing.careAreaId()).isEqualTo(CARE_AREA);
    assertThat(dosing.dose()).isEqualTo(1000);
    assertThat(dosing.weightKg()).hasValue(80);
    assertThat(pending.toString()).doesNotContain(PATIENT_ID);
  }

  @Test
  void t1_softLimitOrder_needsConfirmation_whichOnlyTheClinicianGivesAtThePump() throws Exception {
    PendingOrder pending = (PendingOrder) review("limits/soft-limit-rate.hl7");

    assertThat(pending.verdict()).isInstanceOf(Verdict.NeedsConfirmation.class);
    assertThat(pending.program()).isEmpty();
    assertThat(pending.warnings())
        .containsExactly(new SoftLimitWarning(LimitName.RATE_MAX, 2500, 2000, "units/h"));

    // The clinician confirms at the pump, with a reason (D2); only then is there a program.
    Verdict confirmed =
        new DoseErrorReduction(LIBRARY)
            .check(
                pending
                    .request()
                    .withOverrides(
                        new SoftLimitOverride(
                            LimitName.RATE_MAX, 2500, "nurse.kim", "High-dose nomogram")));
    assertThat(confirmed).isInstanceOf(Verdict.Accepted.class);
  }

  @Test
  void t1_pendingOrder_cannotHoldARejectedVerdict() throws Exception {
    PendingOrder pending = (PendingOrder) review("valid/heparin-adult-icu.hl7");

    assertThat(
            catchThrowable(
                () ->
                    new PendingOrder(
                        pending.order(),
                        pending.request(),
                        new Verdict.Rejected(List.of(new ProgramProblem("x", "y"))),
                        false)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  // ---- T2: orders for this pump only, with a library, within limits

  @Test
  void t2_hardLimitOrder_isRejected_doseOutsideLimits() throws Exception {
    IntakeResult.Rejected rejected = rejected(review("limits/hard-limit-rate.hl7"));

    assertThat(rejected.error()).isEqualTo(OrderError.DOSE_OUTSIDE_LIMITS);
    assertThat(rejected.problems().get(0).userMessage())
        .isEqualTo("dose outside limits: dose rate 3500 units/h exceeds the hard max 3000 units/h");
  }

  @Test
  void t2_orderForAnotherPump_isRejected_unknownDevice_beforeAnythingElse() throws Exception {
    IntakeResult.Rejected rejected =
        rejected(
            intake.review(
                parser.parse(bytes("device/other-pump-serial.hl7")), Optional.empty(), "none"));

    assertThat(rejected.error()).isEqualTo(OrderError.UNKNOWN_DEVICE);
    assertThat(rejected.problems().get(0).userMessage())
        .isEqualTo("unknown device: OBX-18 names a different pump than this one (RP1-TEST-0001)");
  }

  @Test
  void t2_noDrugLibrary_rejectsEveryOrder() throws Exception {
    InfusionOrder order = parser.parse(bytes("valid/heparin-adult-icu.hl7"));

    IntakeResult.Rejected rejected = rejected(intake.review(order, Optional.empty(), CARE_AREA));

    assertThat(rejected.error()).isEqualTo(OrderError.NO_DRUG_LIBRARY);
    assertThat(rejected.problems().get(0).userMessage()).startsWith("no drug library: ");
  }

  @Test
  void t2_careAreaNotInLibrary_isRejected() throws Exception {
    InfusionOrder order = parser.parse(bytes("valid/heparin-adult-icu.hl7"));

    IntakeResult.Rejected rejected = rejected(intake.review(order, Optional.of(LIBRARY), "nicu"));

    assertThat(rejected.error()).isEqualTo(OrderError.CARE_AREA);
    assertThat(rejected.problems().get(0).message())
        .isEqualTo("the pump's care area \"nicu\" is not in drug library v1");
  }

  @Test
  void t2_weightOutsideTheCareArea_isRejected() throws Exception {
    IntakeResult.Rejected rejected =
        rejected(reviewText(text("valid/heparin-adult-icu.hl7").replace("|80|", "|300|")));

    assertThat(rejected.error()).isEqualTo(OrderError.PARAMETER_OUT_OF_RANGE);
    assertThat(rejected.problems().get(0).message()).contains("weight 300 kg is outside 30-250 kg");
  }

  @Test
  void t2_perKgDoseWithoutWeight_isRejected_missingParameter() throws Exception {
    String valid = text("valid/heparin-adult-icu.hl7");
    String noWeight =
        valid
            .replace("|1000|units/h|", "|18|units/kg/h|")
            .replace(
                "OBX|1|NM|68063^MDC_ATTR_PT_WEIGHT^MDC|1.0.0.0|80|263875^MDC_DIM_KILO_G^MDC|||||F\n",
                "");

    IntakeResult.Rejected rejected = rejected(reviewText(noWeight));

    assertThat(rejected.error()).isEqualTo(OrderError.MISSING_PARAMETER);
  }

  @Test
  void t2_rateBeyondHardLimitAndPumpRange_reportsEveryReason() throws Exception {
    String fast = text("valid/vancomycin-ml-per-hour.hl7").replace("|200|265266", "|1200|265266");

    IntakeResult.Rejected rejected = rejected(reviewText(fast));

    assertThat(rejected.problems())
        .extracting(OrderProblem::error)
        .containsOnly(OrderError.DOSE_OUTSIDE_LIMITS);
    assertThat(rejected.problems()).hasSizeGreaterThanOrEqualTo(2);
  }

  // ---- T3: the drug resolves by library code only

  @Test
  void t3_unknownDrugCode_isRejected_drugNotInLibrary() throws Exception {
    IntakeResult.Rejected rejected = rejected(review("library/unknown-drug-code.hl7"));

    assertThat(rejected.error()).isEqualTo(OrderError.DRUG_NOT_IN_LIBRARY);
    assertThat(rejected.problems().get(0).userMessage())
        .isEqualTo("drug not in library: code \"SYN-UNOBTAINIUM\" is not in drug library v1");
  }

  @Test
  void t3_drugGivenOnlyByName_isRejected_drugNotInLibrary() throws Exception {
    IntakeResult.Rejected rejected = rejected(review("library/drug-by-name-only.hl7"));

    assertThat(rejected.error()).isEqualTo(OrderError.DRUG_NOT_IN_LIBRARY);
    assertThat(rejected.problems().get(0).message())
        .startsWith("RXG-4 has no drug code (RXG-4.1); the pump resolves drugs by library code");
  }

  @Test
  void t3_aliasOrNameInTheCodeField_isNeverResolved() throws Exception {
    String valid = text("valid/heparin-adult-icu.hl7");
    for (String notACode : new String[] {"HEParin", "Heparin", "heparin sodium", "syn-heparin"}) {
      IntakeResult result = reviewText(valid.replace("SYN-HEPARIN^Heparin", notACode + "^Heparin"));

      assertThat(rejected(result).error()).as(notACode).isEqualTo(OrderError.DRUG_NOT_IN_LIBRARY);
    }
    assertThat(rejected(review("library/alias-as-code.hl7")).error())
        .isEqualTo(OrderError.DRUG_NOT_IN_LIBRARY);
  }

  @Test
  void t3_drugInAnotherDoseUnit_isRejected_withTheLibrarysUnits() throws Exception {
    IntakeResult.Rejected rejected = rejected(review("library/dose-unit-not-in-library.hl7"));

    assertThat(rejected.error()).isEqualTo(OrderError.DOSE_UNIT_NOT_IN_LIBRARY);
    assertThat(rejected.problems().get(0).userMessage())
        .isEqualTo(
            "drug not in library: Heparin [SYN-HEPARIN] in Adult ICU is dosed in units/h or"
                + " units/kg/h, not mL/h (drug library v1)");
  }

  @Test
  void t3_concentrationNotInLibrary_isRejected_drugNotInLibrary() throws Exception {
    String other = text("valid/heparin-adult-icu.hl7").replace("|25000|units|", "|20000|units|");

    IntakeResult.Rejected rejected = rejected(reviewText(other));

    assertThat(rejected.error()).isEqualTo(OrderError.DRUG_NOT_IN_LIBRARY);
    assertThat(rejected.problems().get(0).userMessage()).startsWith("drug not in library");
  }

  @Test
  void t3_orderWithoutConcentration_usesTheLibrarysOnlyOne_andSaysSo() throws Exception {
    PendingOrder pending = (PendingOrder) review("valid/vancomycin-ml-per-hour.hl7");

    assertThat(pending.concentrationFromLibrary()).isTrue();
    assertThat(pending.request().concentration())
        .isEqualTo(new Concentration(1, AmountUnit.G, 250));
    assertThat(pending.program().orElseThrow().rateMlPerHour()).isEqualTo(200);
  }

  private IntakeResult review(String sample) throws OrderRejection {
    return intake.review(parser.parse(bytes(sample)), Optional.of(LIBRARY), CARE_AREA);
  }

  private IntakeResult reviewText(String message) throws OrderRejection {
    return intake.review(
        parser.parse(message.getBytes(StandardCharsets.UTF_8)), Optional.of(LIBRARY), CARE_AREA);
  }

  private static IntakeResult.Rejected rejected(IntakeResult result) {
    assertThat(result).isInstanceOf(IntakeResult.Rejected.class);
    IntakeResult.Rejected rejected = (IntakeResult.Rejected) result;
    rejected.problems().forEach(p -> assertThat(p.message()).doesNotContain(PATIENT_ID));
    return rejected;
  }
}
