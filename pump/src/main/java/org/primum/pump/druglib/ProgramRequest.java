package org.primum.pump.druglib;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * A program as entered at the pump or received in an order, before dose error reduction. Untrusted:
 * the numbers may be anything (NaN, negative, huge) and {@link DoseErrorReduction#check} decides.
 *
 * <p>The drug is named only by its library code (T3); the concentration and dose unit select the
 * library entry together with the care area (D3).
 *
 * @param careArea care area id, e.g. {@code "adult-icu"}
 * @param drugCode library drug code
 * @param concentration the container's concentration, as listed in the library
 * @param doseUnit the dose unit, as listed in the library
 * @param dose the dose rate in {@code doseUnit}; for a PCA program, the basal (0 for none)
 * @param vtbiMl volume to be infused, mL
 * @param weightKg patient weight; required for per-kg dose units (D5)
 * @param bolusDose a clinician bolus, in the dose unit's amount unit (P3)
 * @param pca PCA settings (P4)
 * @param overrides confirmations of soft-limit warnings (D2)
 */
public record ProgramRequest(
    String careArea,
    String drugCode,
    Concentration concentration,
    DoseUnit doseUnit,
    double dose,
    double vtbiMl,
    OptionalDouble weightKg,
    OptionalDouble bolusDose,
    Optional<PcaRequest> pca,
    List<SoftLimitOverride> overrides) {
  public ProgramRequest {
    Objects.requireNonNull(careArea, "careArea");
    Objects.requireNonNull(drugCode, "drugCode");
    Objects.requireNonNull(concentration, "concentration");
    Objects.requireNonNull(doseUnit, "doseUnit");
    Objects.requireNonNull(weightKg, "weightKg");
    Objects.requireNonNull(bolusDose, "bolusDose");
    Objects.requireNonNull(pca, "pca");
    overrides = List.copyOf(overrides);
  }

  /** A continuous infusion without weight, bolus, PCA or overrides. */
  public static ProgramRequest of(
      String careArea,
      String drugCode,
      Concentration concentration,
      DoseUnit doseUnit,
      double dose,
      double vtbiMl) {
    return new ProgramRequest(
        careArea,
        drugCode,
        concentration,
        doseUnit,
        dose,
        vtbiMl,
        OptionalDouble.empty(),
        OptionalDouble.empty(),
        Optional.empty(),
        List.of());
  }

  /** This request with the patient's weight. */
  public ProgramRequest withWeightKg(double kg) {
    return new ProgramRequest(
        careArea,
        drugCode,
        concentration,
        doseUnit,
        dose,
        vtbiMl,
        OptionalDouble.of(kg),
        bolusDose,
        pca,
        overrides);
  }

  /** This request with a clinician bolus, in the dose unit's amount unit. */
  public ProgramRequest withBolus(double dose) {
    return new ProgramRequest(
        careArea,
        drugCode,
        concentration,
        doseUnit,
        this.dose,
        vtbiMl,
        weightKg,
        OptionalDouble.of(dose),
        pca,
        overrides);
  }

  /** This request with PCA settings. */
  public ProgramRequest withPca(PcaRequest settings) {
    return new ProgramRequest(
        careArea,
        drugCode,
        concentration,
        doseUnit,
        dose,
        vtbiMl,
        weightKg,
        bolusDose,
        Optional.of(settings),
        overrides);
  }

  /** This request with these soft-limit confirmations (replacing any earlier ones). */
  public ProgramRequest withOverrides(SoftLimitOverride... confirmations) {
    return new ProgramRequest(
        careArea,
        drugCode,
        concentration,
        doseUnit,
        dose,
        vtbiMl,
        weightKg,
        bolusDose,
        pca,
        List.of(confirmations));
  }
}
