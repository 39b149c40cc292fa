package org.primum.pump.druglib;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import org.primum.core.formats.Texts;

/**
 * Dose error reduction (DERS): checks a {@link ProgramRequest} against the active drug library and
 * the pump's absolute ranges, and only then creates the {@link VerifiedProgram} the pump displays
 * and delivers.
 *
 * <p>Rules (PUMP-SAFETY.md): the drug resolves only by library code (T3); limits are found by care
 * area, drug, concentration and dose unit (D3); a value outside a hard limit is rejected (D1), one
 * outside a soft limit needs a confirmed {@link SoftLimitOverride} (D2); per-kg units need a weight
 * within the care area's bounds and the program carries dose and rate (D5); the rate must be
 * 0.1-999 mL/h and the volume 0.1-9999 mL, and NaN, infinite, negative or zero values are rejected
 * (D10); a bolus above its maximum, or one the entry does not permit, is refused with a specific
 * reason (P3); PCA settings are checked against the entry's PCA limits (P4).
 *
 * <p>Security guarantees: every path that is not {@link Verdict.Accepted} creates no program; every
 * number that reaches a {@link VerifiedProgram} is finite and within the pump's range.
 */
public final class DoseErrorReduction {
  /** Slowest rate the pump runs, mL/h (D10). */
  public static final double MIN_RATE_ML_H = 0.1;

  /** Fastest rate the pump runs, mL/h (D10). */
  public static final double MAX_RATE_ML_H = 999;

  /** Smallest volume to be infused, mL (D10). */
  public static final double MIN_VTBI_ML = 0.1;

  /** Largest volume to be infused, mL (D10). */
  public static final double MAX_VTBI_ML = 9999;

  private final DrugLibrary library;

  /** Checks programs against {@code library}, the pump's active (verified) drug library. */
  public DoseErrorReduction(DrugLibrary library) {
    this.library = Objects.requireNonNull(library, "library");
  }

  /** The library programs are checked against. */
  public DrugLibrary library() {
    return library;
  }

  /** Checks {@code request}; only an {@link Verdict.Accepted} verdict carries a program. */
  public Verdict check(ProgramRequest request) {
    Objects.requireNonNull(request, "request");
    // T3: the drug must resolve to a library entry by code; free text never reaches delivery.
    Optional<CareArea> maybeArea = library.careArea(request.careArea());
    if (maybeArea.isEmpty()) {
      return rejected(
          "unknown-care-area",
          "care area \"%s\" is not in drug library v%d",
          printable(request.careArea()),
          library.version());
    }
    Optional<Drug> maybeDrug = library.drug(request.drugCode());
    if (maybeDrug.isEmpty()) {
      return rejected(
          "unknown-drug",
          "drug not in library: code \"%s\" is not in drug library v%d",
          printable(request.drugCode()),
          library.version());
    }
    CareArea area = maybeArea.get();
    Drug drug = maybeDrug.get();
    // D3: limits by (care area, drug, concentration, dose unit).
    Optional<DrugEntry> maybeEntry =
        library.entry(area.id(), drug.code(), request.concentration(), request.doseUnit());
    if (maybeEntry.isEmpty()) {
      return rejected(
          "not-in-library",
          "drug not in library for this care area/concentration/unit: %s %s in %s is not listed"
              + " for %s",
          drug.name(),
          request.concentration().text(),
          request.doseUnit().text(),
          area.name());
    }
    DrugEntry entry = maybeEntry.get();
    DoseUnit unit = entry.doseUnit();
    Concentration concentration = entry.concentration();
    String amountUnit = unit.amount().symbol();
    List<RejectionReason> problems = new ArrayList<>();

    // D10: NaN, infinite, negative or zero values never become delivery. The one zero allowed is
    // the basal of a PCA program, meaning "no basal".
    boolean pcaOnly = request.pca().isPresent() && request.dose() == 0;
    double dose = pcaOnly ? 0 : request.dose();
    if (!pcaOnly) {
      requirePositive(problems, "dose", request.dose(), unit.text());
    }
    requirePositive(problems, "VTBI", request.vtbiMl(), "mL");
    // D5: weight-based dosing needs a weight within the care area's bounds.
    OptionalDouble weight = request.weightKg();
    if (unit.perKg() && weight.isEmpty()) {
      problems.add(
          problem(
              "weight-required",
              "dosing in %s needs the patient's weight (%s accepts %s-%s kg)",
              unit.text(),
              area.name(),
              Numbers.exact(area.minWeightKg()),
              Numbers.exact(area.maxWeightKg())));
    }
    if (weight.isPresent() && requirePositive(problems, "weight", weight.getAsDouble(), "kg")) {
      if (!area.acceptsWeight(weight.getAsDouble())) {
        problems.add(
            problem(
                "weight-out-of-range",
                "weight %s kg is outside %s-%s kg for %s",
                Numbers.exact(weight.getAsDouble()),
                Numbers.exact(area.minWeightKg()),
                Numbers.exact(area.maxWeightKg()),
                area.name()));
      }
    }
    if (request.bolusDose().isPresent()) {
      if (entry.bolus().isEmpty()) {
        // P3: a bolus the library does not permit is refused with a specific reason.
        problems.add(
            problem(
                "bolus-not-permitted",
                "a bolus of %s is not permitted in %s",
                drug.name(),
                area.name()));
      } else {
        requirePositive(problems, "bolus", request.bolusDose().getAsDouble(), amountUnit);
      }
    }
    if (request.pca().isPresent()) {
      PcaRequest pca = request.pca().get();
      if (entry.pca().isEmpty()) {
        problems.add(
            problem(
                "pca-not-permitted", "PCA of %s is not permitted in %s", drug.name(), area.name()));
      } else {
        requirePositive(problems, "PCA dose", pca.bolusDose(), amountUnit);
        requirePositive(problems, "PCA lockout", pca.lockoutMinutes(), "min");
        requirePositive(problems, "PCA 1 h limit", pca.maxDose1h(), amountUnit);
        requirePositive(problems, "PCA 4 h limit", pca.maxDose4h(), amountUnit);
        if (!pcaOnly && !entry.pca().get().basalAllowed()) {
          problems.add(
              problem(
                  "basal-not-permitted",
                  "PCA of %s with a basal rate is not permitted in %s",
                  drug.name(),
                  area.name()));
        }
      }
    }
    if (!problems.isEmpty()) {
      return new Verdict.Rejected(problems); // the values below would be meaningless
    }

    // D1 / P3 / P4: hard limits.
    if (!pcaOnly) {
      hard(problems, LimitName.RATE_MIN, LimitName.RATE_MAX, dose, entry.rate(), unit.text());
    }
    hard(problems, LimitName.VTBI_MIN, LimitName.VTBI_MAX, request.vtbiMl(), entry.vtbi(), "mL");
    if (request.bolusDose().isPresent()) {
      hard(
          problems,
          LimitName.BOLUS_MIN,
          LimitName.BOLUS_MAX,
          request.bolusDose().getAsDouble(),
          entry.bolus().get(),
          amountUnit);
    }
    if (request.pca().isPresent()) {
      PcaRequest pca = request.pca().get();
      PcaLimits limits = entry.pca().get();
      hard(
          problems,
          LimitName.PCA_BOLUS_MIN,
          LimitName.PCA_BOLUS_MAX,
          pca.bolusDose(),
          limits.bolusDose(),
          amountUnit);
      hard(
          problems,
          LimitName.PCA_LOCKOUT_MIN,
          LimitName.PCA_LOCKOUT_MAX,
          pca.lockoutMinutes(),
          limits.lockoutMinutes(),
          "min");
      hard(
          problems,
          LimitName.PCA_MAX_1H_MIN,
          LimitName.PCA_MAX_1H_MAX,
          pca.maxDose1h(),
          limits.maxDose1h(),
          amountUnit);
      hard(
          problems,
          LimitName.PCA_MAX_4H_MIN,
          LimitName.PCA_MAX_4H_MAX,
          pca.maxDose4h(),
          limits.maxDose4h(),
          amountUnit);
    }

    // D10: the pump's own range, on the derived rate and volumes.
    double rate = pcaOnly ? 0 : unit.rateMlPerHour(dose, weight, concentration);
    if (!pcaOnly && !(rate >= MIN_RATE_ML_H && rate <= MAX_RATE_ML_H)) {
      problems.add(
          problem(
              "pump-range",
              "%s %s needs a rate of %s mL/h; the pump runs %s-%s mL/h",
              Numbers.exact(dose),
              unit.text(),
              Numbers.display(rate),
              Numbers.exact(MIN_RATE_ML_H),
              Numbers.exact(MAX_RATE_ML_H)));
    }
    double vtbi = request.vtbiMl();
    if (!(vtbi >= MIN_VTBI_ML && vtbi <= MAX_VTBI_ML)) {
      problems.add(
          problem(
              "pump-range",
              "VTBI %s mL is outside the pump's range %s-%s mL",
              Numbers.exact(vtbi),
              Numbers.exact(MIN_VTBI_ML),
              Numbers.exact(MAX_VTBI_ML)));
    }
    VerifiedProgram.Bolus bolus = null;
    if (request.bolusDose().isPresent()) {
      double bolusDose = request.bolusDose().getAsDouble();
      double bolusMl = concentration.volumeMlOf(bolusDose, unit.amount());
      if (bolusMl > vtbi) {
        problems.add(
            problem(
                "bolus-volume",
                "bolus %s %s is %s mL, more than the VTBI %s mL",
                Numbers.exact(bolusDose),
                amountUnit,
                Numbers.display(bolusMl),
                Numbers.exact(vtbi)));
      }
      bolus = new VerifiedProgram.Bolus(bolusDose, unit.amount(), bolusMl);
    }
    VerifiedProgram.Pca pcaProgram = null;
    if (request.pca().isPresent()) {
      PcaRequest pca = request.pca().get();
      double basalPerHour = unit.amountPerHour(dose, weight);
      // P4: settings that could never be honoured are refused rather than silently capped.
      if (pca.bolusDose() > pca.maxDose1h()) {
        problems.add(
            problem(
                "pca-inconsistent",
                "PCA dose %s %s exceeds the 1 h limit %s %s",
                Numbers.exact(pca.bolusDose()),
                amountUnit,
                Numbers.exact(pca.maxDose1h()),
                amountUnit));
      }
      if (basalPerHour > pca.maxDose1h() || basalPerHour * 4 > pca.maxDose4h()) {
        problems.add(
            problem(
                "pca-inconsistent",
                "the basal %s %s/h alone exceeds the 1 h limit %s %s or the 4 h limit %s %s",
                Numbers.exact(basalPerHour),
                amountUnit,
                Numbers.exact(pca.maxDose1h()),
                amountUnit,
                Numbers.exact(pca.maxDose4h()),
                amountUnit));
      }
      pcaProgram =
          new VerifiedProgram.Pca(
              pca.bolusDose(),
              concentration.volumeMlOf(pca.bolusDose(), unit.amount()),
              pca.lockoutMinutes(),
              pca.maxDose1h(),
              concentration.volumeMlOf(pca.maxDose1h(), unit.amount()),
              pca.maxDose4h(),
              concentration.volumeMlOf(pca.maxDose4h(), unit.amount()),
              unit.amount());
    }
    if (!problems.isEmpty()) {
      return new Verdict.Rejected(problems);
    }

    // D2: soft limits need a confirmation that covers exactly that limit and value.
    List<SoftLimitWarning> warnings = new ArrayList<>();
    if (!pcaOnly) {
      soft(warnings, LimitName.RATE_MIN, LimitName.RATE_MAX, dose, entry.rate(), unit.text());
    }
    soft(warnings, LimitName.VTBI_MIN, LimitName.VTBI_MAX, vtbi, entry.vtbi(), "mL");
    if (bolus != null) {
      soft(
          warnings,
          LimitName.BOLUS_MIN,
          LimitName.BOLUS_MAX,
          bolus.dose(),
          entry.bolus().get(),
          amountUnit);
    }
    if (pcaProgram != null) {
      PcaLimits limits = entry.pca().get();
      soft(
          warnings,
          LimitName.PCA_BOLUS_MIN,
          LimitName.PCA_BOLUS_MAX,
          pcaProgram.bolusDose(),
          limits.bolusDose(),
          amountUnit);
      soft(
          warnings,
          LimitName.PCA_LOCKOUT_MIN,
          LimitName.PCA_LOCKOUT_MAX,
          pcaProgram.lockoutMinutes(),
          limits.lockoutMinutes(),
          "min");
      soft(
          warnings,
          LimitName.PCA_MAX_1H_MIN,
          LimitName.PCA_MAX_1H_MAX,
          pcaProgram.maxDose1h(),
          limits.maxDose1h(),
          amountUnit);
      soft(
          warnings,
          LimitName.PCA_MAX_4H_MIN,
          LimitName.PCA_MAX_4H_MAX,
          pcaProgram.maxDose4h(),
          limits.maxDose4h(),
          amountUnit);
    }
    List<SoftLimitWarning> unconfirmed = new ArrayList<>();
    List<AppliedOverride> applied = new ArrayList<>();
    for (SoftLimitWarning warning : warnings) {
      Optional<SoftLimitOverride> cover =
          request.overrides().stream().filter(o -> o.covers(warning)).findFirst();
      if (cover.isPresent()) {
        applied.add(new AppliedOverride(warning, cover.get().user(), cover.get().reason()));
      } else {
        unconfirmed.add(warning);
      }
    }
    if (!unconfirmed.isEmpty()) {
      return new Verdict.NeedsConfirmation(unconfirmed);
    }
    VerifiedProgram.Dosing dosing =
        new VerifiedProgram.Dosing(
            drug.code(),
            drug.name(),
            area.id(),
            area.name(),
            concentration,
            dose,
            unit,
            weight,
            library.version());
    return new Verdict.Accepted(
        new VerifiedProgram(dosing, null, rate, vtbi, bolus, pcaProgram, applied));
  }

  /**
   * A basic infusion without drug library limits (D6): only the pump's absolute ranges apply (D10).
   * Never offer it as a default; the resulting program says {@link VerifiedProgram#basicInfusion()}
   * and shows {@value VerifiedProgram#BASIC_INFUSION_BANNER}.
   *
   * @param rateMlPerHour rate, 0.1-999 mL/h
   * @param vtbiMl volume to be infused, 0.1-9999 mL
   * @param user who chose to run without the library; not blank
   * @param reason why; not blank
   */
  public static Verdict basic(double rateMlPerHour, double vtbiMl, String user, String reason) {
    List<RejectionReason> problems = new ArrayList<>();
    if (requirePositive(problems, "rate", rateMlPerHour, "mL/h")
        && !(rateMlPerHour >= MIN_RATE_ML_H && rateMlPerHour <= MAX_RATE_ML_H)) {
      problems.add(
          problem(
              "pump-range",
              "rate %s mL/h is outside the pump's range %s-%s mL/h",
              Numbers.exact(rateMlPerHour),
              Numbers.exact(MIN_RATE_ML_H),
              Numbers.exact(MAX_RATE_ML_H)));
    }
    if (requirePositive(problems, "VTBI", vtbiMl, "mL")
        && !(vtbiMl >= MIN_VTBI_ML && vtbiMl <= MAX_VTBI_ML)) {
      problems.add(
          problem(
              "pump-range",
              "VTBI %s mL is outside the pump's range %s-%s mL",
              Numbers.exact(vtbiMl),
              Numbers.exact(MIN_VTBI_ML),
              Numbers.exact(MAX_VTBI_ML)));
    }
    if (!justified(user) || !justified(reason)) {
      problems.add(
          problem(
              "basic-unjustified",
              "a basic infusion (no drug library) needs the user and a reason of at most %d"
                  + " characters",
              SoftLimitOverride.MAX_TEXT));
    }
    if (!problems.isEmpty()) {
      return new Verdict.Rejected(problems);
    }
    return new Verdict.Accepted(
        new VerifiedProgram(
            null,
            new VerifiedProgram.BasicInfusionChoice(user, reason),
            rateMlPerHour,
            vtbiMl,
            null,
            null,
            List.of()));
  }

  private static boolean justified(String text) {
    return text != null
        && !text.isBlank()
        && text.length() <= SoftLimitOverride.MAX_TEXT
        && text.chars().noneMatch(Character::isISOControl);
  }

  /** Adds an invalid-value problem unless {@code value} is finite and above 0. */
  private static boolean requirePositive(
      List<RejectionReason> problems, String what, double value, String unit) {
    if (Double.isFinite(value) && value > 0) {
      return true;
    }
    problems.add(
        problem(
            "invalid-value",
            "%s (%s) must be a finite number above 0, found %s",
            what,
            unit,
            Numbers.exact(value)));
    return false;
  }

  private static void hard(
      List<RejectionReason> problems,
      LimitName min,
      LimitName max,
      double value,
      Limits limits,
      String unit) {
    if (value > limits.hardMax()) {
      problems.add(new HardLimitViolation(max, value, limits.hardMax(), unit));
    } else if (value < limits.hardMin()) {
      problems.add(new HardLimitViolation(min, value, limits.hardMin(), unit));
    }
  }

  private static void soft(
      List<SoftLimitWarning> warnings,
      LimitName min,
      LimitName max,
      double value,
      Limits limits,
      String unit) {
    if (value > limits.softMax()) {
      warnings.add(new SoftLimitWarning(max, value, limits.softMax(), unit));
    } else if (value < limits.softMin()) {
      warnings.add(new SoftLimitWarning(min, value, limits.softMin(), unit));
    }
  }

  private static Verdict rejected(String code, String format, Object... args) {
    return new Verdict.Rejected(List.of(problem(code, format, args)));
  }

  private static ProgramProblem problem(String code, String format, Object... args) {
    return new ProgramProblem(code, String.format(Locale.ROOT, format, args));
  }

  private static String printable(String text) {
    return Texts.printable(text, 60);
  }
}
