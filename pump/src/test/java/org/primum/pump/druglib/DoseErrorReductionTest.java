package org.primum.pump.druglib;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalDouble;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;

/** Dose error reduction against the demo library: PUMP-SAFETY.md D1-D10, P3, P4, T3, MN10. */
class DoseErrorReductionTest {
  private static final DrugLibrary LIBRARY = DrugLibrary.demo();
  private static final String ICU = "adult-icu";
  private static final String MED_SURG = "med-surg";
  private static final String PEDS = "pediatrics";
  private static final Concentration HEPARIN_25K = new Concentration(25000, AmountUnit.UNITS, 250);
  private static final Concentration MORPHINE_30 = new Concentration(30, AmountUnit.MG, 30);
  private static final Concentration MORPHINE_100 = new Concentration(100, AmountUnit.MG, 100);

  private final DoseErrorReduction ders = new DoseErrorReduction(LIBRARY);

  // ---- D1 hard limits

  @Test
  void d1_hardLimit_rejectsRateAboveHardMax() {
    List<RejectionReason> reasons = rejected(ders.check(heparinIcu(3500)));

    assertThat(reasons)
        .containsExactly(new HardLimitViolation(LimitName.RATE_MAX, 3500, 3000, "units/h"));
    assertThat(reasons.get(0).code()).isEqualTo("hard-limit");
    assertThat(reasons.get(0).message())
        .isEqualTo("dose rate 3500 units/h exceeds the hard max 3000 units/h");
  }

  @Test
  void d1_hardLimit_rejectsRateBelowHardMinAndVolumeAboveHardMax_together() {
    ProgramRequest request =
        ProgramRequest.of(ICU, "SYN-HEPARIN", HEPARIN_25K, unit("units/h"), 50, 600);

    assertThat(rejected(ders.check(request)))
        .containsExactly(
            new HardLimitViolation(LimitName.RATE_MIN, 50, 100, "units/h"),
            new HardLimitViolation(LimitName.VTBI_MAX, 600, 500, "mL"));
  }

  @Test
  void d1_hardLimit_cannotBeOverridden() {
    ProgramRequest request =
        heparinIcu(3500).withOverrides(override(LimitName.RATE_MAX, 3500, "Physician order"));

    assertThat(rejected(ders.check(request)))
        .extracting(RejectionReason::code)
        .containsExactly("hard-limit");
  }

  // ---- D2 soft limits

  @Test
  void d2_softLimit_needsConfirmation() {
    List<SoftLimitWarning> warnings = warnings(ders.check(heparinIcu(2500)));

    assertThat(warnings)
        .containsExactly(new SoftLimitWarning(LimitName.RATE_MAX, 2500, 2000, "units/h"));
    assertThat(warnings.get(0).message())
        .isEqualTo("dose rate 2500 units/h is above the soft max 2000 units/h");
  }

  @Test
  void d2_softLimit_withOverride_isAccepted_andCarriesTheOverrideForTheLog() {
    ProgramRequest request =
        heparinIcu(2500)
            .withOverrides(override(LimitName.RATE_MAX, 2500, "Protocol: high-dose nomogram"));

    VerifiedProgram program = accepted(ders.check(request));

    assertThat(program.overrides())
        .containsExactly(
            new AppliedOverride(
                new SoftLimitWarning(LimitName.RATE_MAX, 2500, 2000, "units/h"),
                "rn.jones",
                "Protocol: high-dose nomogram"));
    assertThat(program.overrides().get(0).message())
        .isEqualTo(
            "dose rate 2500 units/h is above the soft max 2000 units/h; confirmed by rn.jones:"
                + " Protocol: high-dose nomogram");
    assertThat(program.rateMlPerHour()).isEqualTo(25);
    assertThat(program.displayLines())
        .contains("Override: dose rate 2500 units/h is above the soft max 2000 units/h (rn.jones)");
  }

  @Test
  void d2_override_mustCoverExactlyThatLimitAndValue_withAReason() {
    SoftAssertions softly = new SoftAssertions();
    for (SoftLimitOverride notEnough :
        List.of(
            override(LimitName.RATE_MAX, 2500, " "),
            override(LimitName.VTBI_MAX, 2500, "wrong limit"),
            override(LimitName.RATE_MIN, 2500, "wrong side"),
            override(LimitName.RATE_MAX, 2400, "confirmed another value"),
            new SoftLimitOverride(LimitName.RATE_MAX, 2500, "", "no user"))) {
      softly
          .assertThat(ders.check(heparinIcu(2500).withOverrides(notEnough)))
          .as(notEnough.toString())
          .isInstanceOf(Verdict.NeedsConfirmation.class);
    }
    softly.assertAll();
    assertThatThrownBy(() -> override(LimitName.RATE_MAX, 2500, "line\nbreak"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void d2_severalWarnings_eachNeedsItsOwnOverride() {
    ProgramRequest request =
        ProgramRequest.of(ICU, "SYN-HEPARIN", HEPARIN_25K, unit("units/h"), 2500, 300)
            .withOverrides(override(LimitName.RATE_MAX, 2500, "nomogram"));

    assertThat(warnings(ders.check(request)))
        .containsExactly(new SoftLimitWarning(LimitName.VTBI_MAX, 300, 250, "mL"));

    VerifiedProgram program =
        accepted(
            ders.check(
                request.withOverrides(
                    override(LimitName.RATE_MAX, 2500, "nomogram"),
                    override(LimitName.VTBI_MAX, 300, "double bag"))));
    assertThat(program.overrides()).hasSize(2);
  }

  // ---- D3 lookup and T3 codes

  @Test
  void d3_limits_areFoundByCareAreaDrugConcentrationAndUnit() {
    // 2700 units/h: soft warning in the ICU (hard max 3000), hard stop on the ward (hard max 2500).
    assertThat(ders.check(heparinIcu(2700))).isInstanceOf(Verdict.NeedsConfirmation.class);
    ProgramRequest ward =
        ProgramRequest.of(MED_SURG, "SYN-HEPARIN", HEPARIN_25K, unit("units/h"), 2700, 250);
    assertThat(rejected(ders.check(ward)))
        .containsExactly(new HardLimitViolation(LimitName.RATE_MAX, 2700, 2500, "units/h"));
  }

  @Test
  void d3_noEntry_forCareAreaConcentrationOrUnit_isRejected() {
    List<ProgramRequest> missing =
        List.of(
            // weight-based heparin exists in the ICU only
            ProgramRequest.of(MED_SURG, "SYN-HEPARIN", HEPARIN_25K, unit("units/kg/h"), 18, 250)
                .withWeightKg(70),
            // a concentration the library does not list
            ProgramRequest.of(
                ICU,
                "SYN-HEPARIN",
                new Concentration(25000, AmountUnit.UNITS, 500),
                unit("units/h"),
                1000,
                250),
            // a dose unit the library does not list for this concentration
            ProgramRequest.of(ICU, "SYN-HEPARIN", HEPARIN_25K, unit("units/min"), 10, 250),
            // no propofol on the ward
            ProgramRequest.of(
                    MED_SURG,
                    "SYN-PROPOFOL",
                    new Concentration(1000, AmountUnit.MG, 100),
                    unit("mcg/kg/min"),
                    20,
                    100)
                .withWeightKg(70));
    for (ProgramRequest request : missing) {
      List<RejectionReason> reasons = rejected(ders.check(request));
      assertThat(reasons).extracting(RejectionReason::code).containsExactly("not-in-library");
      assertThat(reasons.get(0).message())
          .startsWith("drug not in library for this care area/concentration/unit");
    }
  }

  @Test
  void t3_onlyALibraryCodeResolves_neverANameOrAlias() {
    for (String text : List.of("Heparin", "HEParin", "heparin sodium", "SYN-HEPARIN ", "")) {
      ProgramRequest request =
          ProgramRequest.of(ICU, text, HEPARIN_25K, unit("units/h"), 1000, 250);
      assertThat(rejected(ders.check(request)))
          .as(text)
          .extracting(RejectionReason::code)
          .containsExactly("unknown-drug");
    }
    ProgramRequest unknownArea =
        ProgramRequest.of("Adult ICU", "SYN-HEPARIN", HEPARIN_25K, unit("units/h"), 1000, 250);
    assertThat(rejected(ders.check(unknownArea)).get(0).message())
        .isEqualTo("care area \"Adult ICU\" is not in drug library v1");
  }

  // ---- D5 weight-based dosing

  @Test
  void d5_weightBasedUnit_withoutWeight_isRejected() {
    ProgramRequest request = norepinephrineIcu(0.1);

    assertThat(rejected(ders.check(request)))
        .extracting(RejectionReason::code)
        .containsExactly("weight-required");
  }

  @Test
  void d5_weight_outsideTheCareAreaBounds_isRejected() {
    SoftAssertions softly = new SoftAssertions();
    for (double kg : new double[] {29.9, 250.1, 0, -70, Double.NaN, Double.POSITIVE_INFINITY}) {
      softly
          .assertThat(rejected(ders.check(norepinephrineIcu(0.1).withWeightKg(kg))))
          .as("%s kg", kg)
          .extracting(RejectionReason::code)
          .containsAnyOf("weight-out-of-range", "invalid-value");
    }
    softly.assertAll();
    ProgramRequest adultInPeds =
        ProgramRequest.of(
                PEDS,
                "SYN-NOREPINEPHRINE",
                new Concentration(4, AmountUnit.MG, 250),
                unit("mcg/kg/min"),
                0.1,
                100)
            .withWeightKg(90);
    assertThat(rejected(ders.check(adultInPeds)).get(0).message())
        .isEqualTo("weight 90 kg is outside 2-80 kg for Pediatrics");
    // Bounds are inclusive.
    assertThat(ders.check(norepinephrineIcu(0.1).withWeightKg(30)))
        .isInstanceOf(Verdict.Accepted.class);
  }

  @Test
  void d5_program_carriesDoseAndRate_andShowsBoth() {
    VerifiedProgram program = accepted(ders.check(norepinephrineIcu(0.1).withWeightKg(80)));

    VerifiedProgram.Dosing dosing = program.dosing().orElseThrow();
    assertThat(dosing.dose()).isEqualTo(0.1);
    assertThat(dosing.doseUnit().text()).isEqualTo("mcg/kg/min");
    assertThat(dosing.weightKg()).isEqualTo(OptionalDouble.of(80));
    // 0.1 mcg/kg/min x 80 kg x 60 min/h = 480 mcg/h; 8 mg / 250 mL = 32 mcg/mL; 480 / 32 = 15
    assertThat(program.rateMlPerHour()).isCloseTo(15, within(1e-9));
    assertThat(program.displayLines())
        .containsExactly(
            "Norepinephrine [SYN-NOREPINEPHRINE]",
            "Care area Adult ICU",
            "Concentration 8 mg / 250 mL (0.032 mg/mL)",
            "Weight 80 kg",
            "Dose 0.1 mcg/kg/min = Rate 15 mL/h",
            "VTBI 250 mL",
            "Drug library v1");
  }

  /** One unit conversion: the request and the expected pump rate, with the arithmetic. */
  private record Rate(String why, ProgramRequest request, double mlPerHour) {}

  @Test
  void d5_unitArithmetic_acrossUnits() {
    List<Rate> rates =
        List.of(
            new Rate(
                "8 mcg/min x 60 = 480 mcg/h; 4 mg/250 mL = 16 mcg/mL",
                request(ICU, "SYN-NOREPINEPHRINE", 4, AmountUnit.MG, 250, "mcg/min", 8),
                30),
            new Rate(
                "50 mcg/kg/min x 70 kg x 60 = 210 mg/h; 10 mg/mL",
                request(ICU, "SYN-PROPOFOL", 1000, AmountUnit.MG, 100, "mcg/kg/min", 50)
                    .withWeightKg(70),
                21),
            new Rate(
                "5 mcg/kg/min x 70 kg x 60 = 21000 mcg/h; 1600 mcg/mL",
                request(ICU, "SYN-DOPAMINE", 400, AmountUnit.MG, 250, "mcg/kg/min", 5)
                    .withWeightKg(70),
                13.125),
            new Rate(
                "1000 units/h; 100 units/mL",
                request(ICU, "SYN-HEPARIN", 25000, AmountUnit.UNITS, 250, "units/h", 1000),
                10),
            new Rate(
                "18 units/kg/h x 70 kg = 1260 units/h; 100 units/mL",
                request(ICU, "SYN-HEPARIN", 25000, AmountUnit.UNITS, 250, "units/kg/h", 18)
                    .withWeightKg(70),
                12.6),
            new Rate(
                "0.1 units/kg/h x 30 kg = 3 units/h; 1 unit/mL",
                request(PEDS, "SYN-INSULIN-REG", 100, AmountUnit.UNITS, 100, "units/kg/h", 0.1)
                    .withWeightKg(30),
                3),
            new Rate(
                "10 mEq/h; 20 mEq/100 mL = 0.2 mEq/mL",
                request(MED_SURG, "SYN-KCL", 20, AmountUnit.MEQ, 100, "mEq/h", 10),
                50),
            new Rate(
                "0.2 mEq/kg/h x 20 kg = 4 mEq/h; 0.1 mEq/mL",
                request(PEDS, "SYN-KCL", 10, AmountUnit.MEQ, 100, "mEq/kg/h", 0.2).withWeightKg(20),
                40),
            new Rate(
                "20 mcg/kg/h x 20 kg = 400 mcg/h = 0.4 mg/h; 10 mg/50 mL = 0.2 mg/mL",
                request(PEDS, "SYN-MORPHINE", 10, AmountUnit.MG, 50, "mcg/kg/h", 20)
                    .withWeightKg(20),
                2),
            new Rate(
                "100 mcg/h; 10 mcg/mL",
                request(ICU, "SYN-FENTANYL", 1000, AmountUnit.MCG, 100, "mcg/h", 100),
                10),
            new Rate(
                "mL/h is the pump's own unit",
                request(ICU, "SYN-VANCOMYCIN", 1, AmountUnit.G, 250, "mL/h", 166.7),
                166.7));
    SoftAssertions softly = new SoftAssertions();
    for (Rate rate : rates) {
      Verdict verdict = ders.check(rate.request());
      softly.assertThat(verdict).as(rate.why()).isInstanceOf(Verdict.Accepted.class);
      if (verdict instanceof Verdict.Accepted accepted) {
        softly
            .assertThat(accepted.program().rateMlPerHour())
            .as(rate.why())
            .isCloseTo(rate.mlPerHour(), within(1e-9));
      }
    }
    softly.assertAll();
  }

  @Test
  void d5_unitArithmetic_gramsAndMilliunits() {
    // 500 mg/h of 1 g / 250 mL (4 mg/mL) = 125 mL/h
    assertThat(
            unit("mg/h")
                .rateMlPerHour(
                    500, OptionalDouble.empty(), new Concentration(1, AmountUnit.G, 250)))
        .isCloseTo(125, within(1e-9));
    // 2 milliunits/min = 0.12 units/h of 30 units / 500 mL (0.06 units/mL) = 2 mL/h
    assertThat(
            unit("milliunits/min")
                .rateMlPerHour(
                    2, OptionalDouble.empty(), new Concentration(30, AmountUnit.UNITS, 500)))
        .isCloseTo(2, within(1e-9));
    // 0.5 mmol/kg/h: no such unit across dimensions
    assertThatThrownBy(
            () ->
                unit("mmol/h")
                    .rateMlPerHour(
                        1, OptionalDouble.empty(), new Concentration(1, AmountUnit.MG, 1)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  // ---- D10 the pump's absolute range, and garbage

  @Test
  void d10_derivedRate_outsideThePumpRange_isRejected() {
    // 3 mcg/kg/min x 250 kg x 60 = 45000 mcg/h at 32 mcg/mL = 1406 mL/h (within the library's
    // hard max of 3 mcg/kg/min, beyond the pump's 999 mL/h)
    assertThat(rejected(ders.check(norepinephrineIcu(3).withWeightKg(250))))
        .extracting(RejectionReason::code)
        .containsExactly("pump-range");
    // 0.02 units/kg/h x 2 kg = 0.04 units/h at 1 unit/mL = 0.04 mL/h
    ProgramRequest tiny =
        request(PEDS, "SYN-INSULIN-REG", 100, AmountUnit.UNITS, 100, "units/kg/h", 0.02)
            .withWeightKg(2);
    List<RejectionReason> reasons = rejected(ders.check(tiny));
    assertThat(reasons).extracting(RejectionReason::code).containsExactly("pump-range");
    assertThat(reasons.get(0).message())
        .isEqualTo("0.02 units/kg/h needs a rate of 0.04 mL/h; the pump runs 0.1-999 mL/h");
  }

  @Test
  void d10_nanInfiniteNegativeZeroOrGarbage_isRejected() {
    double[] garbage = {
      Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, -1, 0, -0.0, -Double.MIN_VALUE
    };
    SoftAssertions softly = new SoftAssertions();
    for (double value : garbage) {
      softly
          .assertThat(rejected(ders.check(heparinIcu(value))))
          .as("dose %s", value)
          .extracting(RejectionReason::code)
          .containsExactly("invalid-value");
      ProgramRequest volume =
          ProgramRequest.of(ICU, "SYN-HEPARIN", HEPARIN_25K, unit("units/h"), 1000, value);
      softly
          .assertThat(rejected(ders.check(volume)))
          .as("VTBI %s", value)
          .extracting(RejectionReason::code)
          .containsExactly("invalid-value");
    }
    // Absurd but finite values hit the hard limits.
    softly
        .assertThat(rejected(ders.check(heparinIcu(Double.MAX_VALUE))))
        .extracting(RejectionReason::code)
        .contains("hard-limit");
    softly
        .assertThat(rejected(ders.check(heparinIcu(Double.MIN_VALUE))))
        .extracting(RejectionReason::code)
        .contains("hard-limit");
    softly.assertAll();
    assertThat(rejected(ders.check(heparinIcu(Double.NaN))).get(0).message())
        .isEqualTo("dose (units/h) must be a finite number above 0, found NaN");
  }

  @Test
  void d10_everyAcceptedNumber_isFiniteAndInRange() {
    VerifiedProgram program = accepted(ders.check(heparinIcu(1000).withBolus(4000)));
    assertThat(program.rateMlPerHour()).isBetween(0.1, 999.0);
    assertThat(program.vtbiMl()).isBetween(0.1, 9999.0);
    assertThat(program.bolus().orElseThrow().volumeMl()).isFinite().isPositive();
  }

  // ---- P3 bolus

  @Test
  void p3_bolusAboveMaximum_isRefusedWithASpecificReason() {
    List<RejectionReason> reasons = rejected(ders.check(heparinIcu(1000).withBolus(12000)));

    assertThat(reasons)
        .containsExactly(new HardLimitViolation(LimitName.BOLUS_MAX, 12000, 10000, "units"));
    assertThat(reasons.get(0).code()).isEqualTo("bolus-above-maximum");
    assertThat(reasons.get(0).message())
        .isEqualTo("bolus 12000 units exceeds the hard max 10000 units");
  }

  @Test
  void p3_bolus_notPermittedByTheEntry_isRefused() {
    ProgramRequest potassium =
        request(MED_SURG, "SYN-KCL", 20, AmountUnit.MEQ, 100, "mEq/h", 10).withBolus(10);

    List<RejectionReason> reasons = rejected(ders.check(potassium));

    assertThat(reasons).extracting(RejectionReason::code).containsExactly("bolus-not-permitted");
    assertThat(reasons.get(0).message())
        .isEqualTo("a bolus of Potassium chloride is not permitted in Medical-Surgical");
  }

  @Test
  void p3_bolus_withinLimits_isCarriedInDrugUnitsAndMl() {
    VerifiedProgram program = accepted(ders.check(heparinIcu(1000).withBolus(4000)));

    assertThat(program.bolus()).contains(new VerifiedProgram.Bolus(4000, AmountUnit.UNITS, 40));
    assertThat(program.rateMlPerHour()).as("P1: a bolus never changes the basal").isEqualTo(10);
    assertThat(program.displayLines()).contains("Bolus 4000 units = 40 mL");
    assertThat(warnings(ders.check(heparinIcu(1000).withBolus(6000))))
        .containsExactly(new SoftLimitWarning(LimitName.BOLUS_MAX, 6000, 5000, "units"));
  }

  @Test
  void p3_bolus_largerThanTheVtbi_isRefused() {
    ProgramRequest request =
        ProgramRequest.of(ICU, "SYN-HEPARIN", HEPARIN_25K, unit("units/h"), 1000, 20)
            .withBolus(4000)
            .withOverrides(override(LimitName.VTBI_MIN, 20, "small bag"));

    assertThat(rejected(ders.check(request)))
        .extracting(RejectionReason::code)
        .containsExactly("bolus-volume");
  }

  // ---- P4 PCA

  @Test
  void p4_pcaWithoutBasal_isAccepted_withDosesInDrugUnitsAndMl() {
    ProgramRequest request =
        ProgramRequest.of(MED_SURG, "SYN-MORPHINE", MORPHINE_30, unit("mg/h"), 0, 30)
            .withPca(new PcaRequest(1, 10, 6, 20));

    VerifiedProgram program = accepted(ders.check(request));

    assertThat(program.rateMlPerHour()).isZero();
    assertThat(program.pca())
        .contains(new VerifiedProgram.Pca(1, 1, 10, 6, 6, 20, 20, AmountUnit.MG));
    assertThat(program.displayLines())
        .containsExactly(
            "Morphine [SYN-MORPHINE]",
            "Care area Medical-Surgical",
            "Concentration 30 mg / 30 mL (1 mg/mL)",
            "Basal none (PCA only)",
            "VTBI 30 mL",
            "PCA dose 1 mg = 1 mL, lockout 10 min",
            "PCA limit 6 mg (6 mL) per 1 h, 20 mg (20 mL) per 4 h",
            "Drug library v1");
  }

  @Test
  void p4_pcaBasal_onlyWhereTheEntryAllowsIt() {
    PcaRequest pca = new PcaRequest(1, 10, 6, 20);
    ProgramRequest ward =
        ProgramRequest.of(MED_SURG, "SYN-MORPHINE", MORPHINE_30, unit("mg/h"), 1, 30).withPca(pca);
    assertThat(rejected(ders.check(ward)))
        .extracting(RejectionReason::code)
        .containsExactly("basal-not-permitted");

    ProgramRequest icu =
        ProgramRequest.of(ICU, "SYN-MORPHINE", MORPHINE_100, unit("mg/h"), 1, 100).withPca(pca);
    VerifiedProgram program = accepted(ders.check(icu));
    assertThat(program.rateMlPerHour()).isEqualTo(1);
    assertThat(program.displayLines()).contains("Dose 1 mg/h = Rate 1 mL/h");
  }

  @Test
  void p4_pcaSettings_areCheckedAgainstThePcaLimits() {
    ProgramRequest base =
        ProgramRequest.of(MED_SURG, "SYN-MORPHINE", MORPHINE_30, unit("mg/h"), 0, 30);
    // lockout 3 min is under the hard min of 5
    assertThat(rejected(ders.check(base.withPca(new PcaRequest(1, 3, 6, 20)))))
        .containsExactly(new HardLimitViolation(LimitName.PCA_LOCKOUT_MIN, 3, 5, "min"));
    // dose 4 mg over the hard max of 3, 4 h limit 50 mg over 40
    assertThat(rejected(ders.check(base.withPca(new PcaRequest(4, 10, 6, 50)))))
        .containsExactly(
            new HardLimitViolation(LimitName.PCA_BOLUS_MAX, 4, 3, "mg"),
            new HardLimitViolation(LimitName.PCA_MAX_4H_MAX, 50, 40, "mg"));
    // lockout 6 min is under the soft min of 8: confirm, then accepted
    ProgramRequest shortLockout = base.withPca(new PcaRequest(1, 6, 6, 20));
    assertThat(warnings(ders.check(shortLockout)))
        .containsExactly(new SoftLimitWarning(LimitName.PCA_LOCKOUT_MIN, 6, 8, "min"));
    assertThat(
            ders.check(
                shortLockout.withOverrides(
                    override(LimitName.PCA_LOCKOUT_MIN, 6, "Acute pain service order"))))
        .isInstanceOf(Verdict.Accepted.class);
  }

  @Test
  void p4_pcaSettings_thatCouldNeverBeHonoured_areRefused() {
    // a 3 mg demand dose with a 2 mg hourly limit
    ProgramRequest request =
        ProgramRequest.of(MED_SURG, "SYN-MORPHINE", MORPHINE_30, unit("mg/h"), 0, 30)
            .withPca(new PcaRequest(3, 10, 2, 20));
    assertThat(rejected(ders.check(request)))
        .extracting(RejectionReason::code)
        .containsExactly("pca-inconsistent");
    // a 5 mg/h basal with a 4 mg hourly limit
    ProgramRequest basal =
        ProgramRequest.of(ICU, "SYN-MORPHINE", MORPHINE_100, unit("mg/h"), 5, 100)
            .withPca(new PcaRequest(1, 10, 4, 20));
    assertThat(rejected(ders.check(basal)))
        .extracting(RejectionReason::code)
        .containsExactly("pca-inconsistent");
  }

  @Test
  void p4_pca_notPermittedByTheEntry_orGarbage_isRefused() {
    assertThat(rejected(ders.check(heparinIcu(1000).withPca(new PcaRequest(1, 10, 6, 20)))))
        .extracting(RejectionReason::code)
        .containsExactly("pca-not-permitted");
    ProgramRequest garbage =
        ProgramRequest.of(MED_SURG, "SYN-MORPHINE", MORPHINE_30, unit("mg/h"), 0, 30)
            .withPca(new PcaRequest(Double.NaN, 0, -6, Double.POSITIVE_INFINITY));
    assertThat(rejected(ders.check(garbage)))
        .extracting(RejectionReason::code)
        .containsExactly("invalid-value", "invalid-value", "invalid-value", "invalid-value");
    // zero is a basal of "none" only with PCA
    assertThat(rejected(ders.check(heparinIcu(0))))
        .extracting(RejectionReason::code)
        .containsExactly("invalid-value");
  }

  // ---- D6 basic infusion

  @Test
  void d6_basicInfusion_isFlaggedAndShownAsSuch() {
    VerifiedProgram program =
        accepted(DoseErrorReduction.basic(100, 500, "rn.jones", "Library update pending"));

    assertThat(program.basicInfusion()).isTrue();
    assertThat(program.dosing()).isEmpty();
    assertThat(program.libraryVersion()).isEmpty();
    assertThat(program.basicInfusionChoice())
        .contains(new VerifiedProgram.BasicInfusionChoice("rn.jones", "Library update pending"));
    assertThat(program.displayLines())
        .containsExactly(
            "BASIC INFUSION \u2013 NO DOSE LIMITS",
            "Rate 100 mL/h",
            "VTBI 500 mL",
            "No drug library, chosen by rn.jones: Library update pending");
    assertThat(program.toString()).contains("BASIC INFUSION");
    assertThat(accepted(ders.check(heparinIcu(1000))).basicInfusion()).isFalse();
  }

  @Test
  void d6_basicInfusion_stillAppliesThePumpRange_andNeedsAReason() {
    assertThat(rejected(DoseErrorReduction.basic(1000, 500, "rn.jones", "x")))
        .extracting(RejectionReason::code)
        .containsExactly("pump-range");
    assertThat(rejected(DoseErrorReduction.basic(Double.NaN, 10000, "rn.jones", "x")))
        .extracting(RejectionReason::code)
        .containsExactly("invalid-value", "pump-range");
    assertThat(rejected(DoseErrorReduction.basic(100, 500, "rn.jones", " ")))
        .extracting(RejectionReason::code)
        .containsExactly("basic-unjustified");
    assertThat(rejected(DoseErrorReduction.basic(100, 500, null, "reason")))
        .extracting(RejectionReason::code)
        .containsExactly("basic-unjustified");
  }

  // ---- MN10

  @Test
  void mn10_verifiedProgram_canOnlyBeCreatedByDoseErrorReduction() {
    assertThat(Modifier.isFinal(VerifiedProgram.class.getModifiers())).isTrue();
    assertThat(
            Arrays.stream(VerifiedProgram.class.getDeclaredConstructors())
                .noneMatch(
                    c ->
                        Modifier.isPublic(c.getModifiers())
                            || Modifier.isProtected(c.getModifiers())))
        .isTrue();
  }

  // ---- helpers

  private static ProgramRequest heparinIcu(double unitsPerHour) {
    return ProgramRequest.of(ICU, "SYN-HEPARIN", HEPARIN_25K, unit("units/h"), unitsPerHour, 250);
  }

  private static ProgramRequest norepinephrineIcu(double mcgPerKgMin) {
    return request(ICU, "SYN-NOREPINEPHRINE", 8, AmountUnit.MG, 250, "mcg/kg/min", mcgPerKgMin);
  }

  private static ProgramRequest request(
      String area,
      String code,
      double amount,
      AmountUnit amountUnit,
      double volumeMl,
      String doseUnit,
      double dose) {
    DrugEntry entry =
        LIBRARY
            .entry(area, code, new Concentration(amount, amountUnit, volumeMl), unit(doseUnit))
            .orElseThrow(() -> new AssertionError("no entry " + code + " " + doseUnit));
    // A VTBI inside the entry's soft range, so only the dose is under test.
    double vtbi = entry.vtbi().softMax();
    return ProgramRequest.of(
        area, code, new Concentration(amount, amountUnit, volumeMl), unit(doseUnit), dose, vtbi);
  }

  private static DoseUnit unit(String text) {
    return DoseUnit.parse(text).orElseThrow();
  }

  private static SoftLimitOverride override(LimitName limit, double value, String reason) {
    return new SoftLimitOverride(limit, value, "rn.jones", reason);
  }

  private static VerifiedProgram accepted(Verdict verdict) {
    assertThat(verdict).isInstanceOf(Verdict.Accepted.class);
    return ((Verdict.Accepted) verdict).program();
  }

  private static List<RejectionReason> rejected(Verdict verdict) {
    assertThat(verdict).isInstanceOf(Verdict.Rejected.class);
    return ((Verdict.Rejected) verdict).reasons();
  }

  private static List<SoftLimitWarning> warnings(Verdict verdict) {
    assertThat(verdict).isInstanceOf(Verdict.NeedsConfirmation.class);
    return ((Verdict.NeedsConfirmation) verdict).warnings();
  }
}
