package org.primum.pump.druglib;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * A program that passed dose error reduction: the single object from which the pump both displays
 * and delivers (MN10). Immutable; only {@link DoseErrorReduction} can create one, so holding a
 * {@code VerifiedProgram} proves the checks ran.
 *
 * <p>Delivery reads {@link #rateMlPerHour()}, {@link #vtbiMl()}, {@link #bolus()} and {@link
 * #pca()} (volumes in mL, lockout in minutes); the screen shows {@link #displayLines()}, derived
 * only from the same fields.
 *
 * <p>Security guarantees: a basic infusion (no drug library, D6) is marked by {@link
 * #basicInfusion()}, has no {@link #dosing()}, and its {@link #displayLines()} start with {@value
 * #BASIC_INFUSION_BANNER}; it can only be created by the explicit {@link DoseErrorReduction#basic}
 * call with a user and a reason.
 */
public final class VerifiedProgram {
  /** The first screen line of a basic infusion. */
  public static final String BASIC_INFUSION_BANNER = "BASIC INFUSION \u2013 NO DOSE LIMITS";

  /**
   * What the drug library says about the program: drug, care area, concentration and dose.
   *
   * @param drugCode the library code of the drug (T3)
   * @param drugName the library name of the drug
   * @param careAreaId care area id
   * @param careAreaName care area name
   * @param concentration the container concentration
   * @param dose the dose rate in {@code doseUnit} (0 for a PCA program without basal)
   * @param doseUnit the dose unit
   * @param weightKg the patient weight, if given (always, for per-kg units)
   * @param libraryVersion the version of the library the limits came from
   */
  public record Dosing(
      String drugCode,
      String drugName,
      String careAreaId,
      String careAreaName,
      Concentration concentration,
      double dose,
      DoseUnit doseUnit,
      OptionalDouble weightKg,
      long libraryVersion) {
    public Dosing {
      Objects.requireNonNull(drugCode, "drugCode");
      Objects.requireNonNull(drugName, "drugName");
      Objects.requireNonNull(careAreaId, "careAreaId");
      Objects.requireNonNull(careAreaName, "careAreaName");
      Objects.requireNonNull(concentration, "concentration");
      Objects.requireNonNull(doseUnit, "doseUnit");
      Objects.requireNonNull(weightKg, "weightKg");
    }
  }

  /**
   * A clinician bolus (P1: it never changes the basal rate).
   *
   * @param dose the dose in {@code unit}
   * @param unit the drug amount unit
   * @param volumeMl the volume the pump delivers for it
   */
  public record Bolus(double dose, AmountUnit unit, double volumeMl) {}

  /**
   * PCA settings in drug units and in mL (P4).
   *
   * @param bolusDose demand dose
   * @param bolusMl demand dose volume
   * @param lockoutMinutes minimum interval between demand doses
   * @param maxDose1h most drug in any 1 h window, basal and demand
   * @param maxDose1hMl the same in mL
   * @param maxDose4h most drug in any 4 h window, basal and demand
   * @param maxDose4hMl the same in mL
   * @param unit the drug amount unit of the doses
   */
  public record Pca(
      double bolusDose,
      double bolusMl,
      double lockoutMinutes,
      double maxDose1h,
      double maxDose1hMl,
      double maxDose4h,
      double maxDose4hMl,
      AmountUnit unit) {}

  /**
   * Who chose to run without the drug library, and why (D6).
   *
   * @param user who chose it
   * @param reason why
   */
  public record BasicInfusionChoice(String user, String reason) {}

  private final Dosing dosing;
  private final BasicInfusionChoice basicInfusionChoice;
  private final double rateMlPerHour;
  private final double vtbiMl;
  private final Bolus bolus;
  private final Pca pca;
  private final List<AppliedOverride> overrides;

  /** Only {@link DoseErrorReduction} creates programs; exactly one of the first two is set. */
  VerifiedProgram(
      Dosing dosing,
      BasicInfusionChoice basicInfusionChoice,
      double rateMlPerHour,
      double vtbiMl,
      Bolus bolus,
      Pca pca,
      List<AppliedOverride> overrides) {
    if ((dosing == null) == (basicInfusionChoice == null)) {
      throw new IllegalArgumentException("a program is either library-checked or basic");
    }
    this.dosing = dosing;
    this.basicInfusionChoice = basicInfusionChoice;
    this.rateMlPerHour = rateMlPerHour;
    this.vtbiMl = vtbiMl;
    this.bolus = bolus;
    this.pca = pca;
    this.overrides = List.copyOf(overrides);
  }

  /**
   * Whether this is a basic infusion without drug library limits (D6). Always check it: a basic
   * infusion must be indicated on every screen and in every status report.
   */
  public boolean basicInfusion() {
    return basicInfusionChoice != null;
  }

  /** Who chose the basic infusion and why; empty for a library-checked program. */
  public Optional<BasicInfusionChoice> basicInfusionChoice() {
    return Optional.ofNullable(basicInfusionChoice);
  }

  /** Drug, care area, concentration, dose and library version; empty for a basic infusion. */
  public Optional<Dosing> dosing() {
    return Optional.ofNullable(dosing);
  }

  /** The library version the limits came from; empty for a basic infusion (T4). */
  public OptionalLong libraryVersion() {
    return dosing == null ? OptionalLong.empty() : OptionalLong.of(dosing.libraryVersion());
  }

  /** The pump rate in mL/h (0.1-999, or 0 for a PCA program without basal). */
  public double rateMlPerHour() {
    return rateMlPerHour;
  }

  /** The volume to be infused in mL (0.1-9999). */
  public double vtbiMl() {
    return vtbiMl;
  }

  public Optional<Bolus> bolus() {
    return Optional.ofNullable(bolus);
  }

  public Optional<Pca> pca() {
    return Optional.ofNullable(pca);
  }

  /** The soft-limit warnings a clinician overrode, to be logged with user, value and limit (D2). */
  public List<AppliedOverride> overrides() {
    return overrides;
  }

  /**
   * What the pump screen shows for this program, derived only from this object's fields (MN10):
   * drug, care area, concentration, weight, dose and rate (D5), VTBI, bolus, PCA, overrides and the
   * library version, or {@value #BASIC_INFUSION_BANNER} first for a basic infusion (D6).
   */
  public List<String> displayLines() {
    List<String> lines = new ArrayList<>();
    if (dosing == null) {
      lines.add(BASIC_INFUSION_BANNER);
      lines.add("Rate " + Numbers.display(rateMlPerHour) + " mL/h");
      lines.add("VTBI " + Numbers.display(vtbiMl) + " mL");
      lines.add(
          "No drug library, chosen by "
              + basicInfusionChoice.user()
              + ": "
              + basicInfusionChoice.reason());
      return List.copyOf(lines);
    }
    Concentration concentration = dosing.concentration();
    String amount = concentration.unit().symbol();
    lines.add(dosing.drugName() + " [" + dosing.drugCode() + "]");
    lines.add("Care area " + dosing.careAreaName());
    lines.add(
        "Concentration "
            + concentration.text()
            + " ("
            + Numbers.display(concentration.perMl())
            + " "
            + amount
            + "/mL)");
    dosing.weightKg().ifPresent(kg -> lines.add("Weight " + Numbers.display(kg) + " kg"));
    String doseUnit = dosing.doseUnit().text();
    if (pca != null && rateMlPerHour == 0) {
      lines.add("Basal none (PCA only)");
    } else if (dosing.doseUnit().equals(DoseUnit.ML_PER_HOUR)) {
      lines.add("Rate " + Numbers.display(rateMlPerHour) + " mL/h");
    } else {
      lines.add(
          "Dose "
              + Numbers.display(dosing.dose())
              + " "
              + doseUnit
              + " = Rate "
              + Numbers.display(rateMlPerHour)
              + " mL/h");
    }
    lines.add("VTBI " + Numbers.display(vtbiMl) + " mL");
    if (bolus != null) {
      lines.add(
          "Bolus "
              + Numbers.display(bolus.dose())
              + " "
              + bolus.unit().symbol()
              + " = "
              + Numbers.display(bolus.volumeMl())
              + " mL");
    }
    if (pca != null) {
      String unit = pca.unit().symbol();
      lines.add(
          "PCA dose "
              + Numbers.display(pca.bolusDose())
              + " "
              + unit
              + " = "
              + Numbers.display(pca.bolusMl())
              + " mL, lockout "
              + Numbers.display(pca.lockoutMinutes())
              + " min");
      lines.add(
          "PCA limit "
              + Numbers.display(pca.maxDose1h())
              + " "
              + unit
              + " ("
              + Numbers.display(pca.maxDose1hMl())
              + " mL) per 1 h, "
              + Numbers.display(pca.maxDose4h())
              + " "
              + unit
              + " ("
              + Numbers.display(pca.maxDose4hMl())
              + " mL) per 4 h");
    }
    for (AppliedOverride override : overrides) {
      lines.add("Override: " + override.warning().message() + " (" + override.user() + ")");
    }
    lines.add("Drug library v" + dosing.libraryVersion());
    return List.copyOf(lines);
  }

  @Override
  public String toString() {
    return "VerifiedProgram[" + String.join(" | ", displayLines()) + "]";
  }
}
