package org.primum.pump.druglib;

import java.util.Objects;
import java.util.Optional;

/**
 * The limits for one drug in one care area at one concentration and dose unit: the D3 key is {@code
 * (careArea, drug, concentration, doseUnit)}.
 *
 * <p>A missing {@link #bolus()} means a bolus of this drug is not permitted in this entry (a
 * potassium chloride bolus, say); a missing {@link #pca()} means PCA is not permitted. Bolus and
 * PCA doses are in the dose unit's amount unit (mg for mg/h), never per kg.
 *
 * @param careArea the care area id
 * @param concentration the container concentration
 * @param doseUnit the dose-rate unit; its amount unit converts to the concentration's, or is mL
 * @param rate limits on the dose rate, in {@code doseUnit}
 * @param vtbi limits on the volume to be infused, in mL
 * @param bolus limits on a clinician bolus, in the dose unit's amount unit
 * @param pca PCA limits; only for dose units that are not per kg
 */
public record DrugEntry(
    String careArea,
    Concentration concentration,
    DoseUnit doseUnit,
    Limits rate,
    Limits vtbi,
    Optional<Limits> bolus,
    Optional<PcaLimits> pca) {
  public DrugEntry {
    DrugLibraryFormat.requireId("careArea", careArea);
    Objects.requireNonNull(concentration, "concentration");
    Objects.requireNonNull(doseUnit, "doseUnit");
    Objects.requireNonNull(rate, "rate");
    Objects.requireNonNull(vtbi, "vtbi");
    Objects.requireNonNull(bolus, "bolus");
    Objects.requireNonNull(pca, "pca");
    if (!doseUnit.fits(concentration)) {
      throw new IllegalArgumentException(
          "dose unit "
              + doseUnit.text()
              + " cannot dose a concentration in "
              + concentration.unit().symbol());
    }
    if (vtbi.hardMax() > DoseErrorReduction.MAX_VTBI_ML) {
      throw new IllegalArgumentException(
          "vtbi hard max "
              + Numbers.exact(vtbi.hardMax())
              + " mL exceeds the pump's largest volume "
              + Numbers.exact(DoseErrorReduction.MAX_VTBI_ML)
              + " mL");
    }
    if (pca.isPresent() && doseUnit.perKg()) {
      throw new IllegalArgumentException(
          "PCA needs a dose unit that is not weight-based, found " + doseUnit.text());
    }
  }

  /** Whether this entry has the D3 key {@code (concentration, doseUnit)} (care area aside). */
  public boolean matches(Concentration concentration, DoseUnit doseUnit) {
    return this.concentration.equals(concentration) && this.doseUnit.equals(doseUnit);
  }
}
