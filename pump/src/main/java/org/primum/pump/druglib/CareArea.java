package org.primum.pump.druglib;

/**
 * A clinical care area (profile) of a drug library, such as an adult ICU, with the patient weights
 * it accepts for weight-based dosing (D5).
 *
 * @param id stable identifier used by library entries and programs, e.g. {@code "adult-icu"}
 * @param name name shown on the pump
 * @param minWeightKg lowest patient weight accepted, above 0
 * @param maxWeightKg highest patient weight accepted, at least {@code minWeightKg}
 */
public record CareArea(String id, String name, double minWeightKg, double maxWeightKg) {
  public CareArea {
    DrugLibraryFormat.requireId("id", id);
    DrugLibraryFormat.requireName("name", name);
    if (!(Double.isFinite(minWeightKg) && minWeightKg > 0)) {
      throw new IllegalArgumentException(
          "weight min must be a finite number above 0, found " + Numbers.exact(minWeightKg));
    }
    if (!Double.isFinite(maxWeightKg) || maxWeightKg < minWeightKg) {
      throw new IllegalArgumentException(
          "weight min "
              + Numbers.exact(minWeightKg)
              + " kg exceeds weight max "
              + Numbers.exact(maxWeightKg)
              + " kg");
    }
  }

  /** Whether {@code weightKg} is a finite weight within this area's bounds. */
  public boolean acceptsWeight(double weightKg) {
    return Double.isFinite(weightKg) && weightKg >= minWeightKg && weightKg <= maxWeightKg;
  }
}
