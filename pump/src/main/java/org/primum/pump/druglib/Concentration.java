package org.primum.pump.druglib;

import java.util.Objects;

/**
 * How much drug a container holds in how much volume, e.g. 25 000 units in 250 mL. Part of the key
 * by which limits are found (D3): 400 mg in 250 mL and 800 mg in 500 mL are different entries.
 *
 * @param amount the amount of drug, finite and above 0
 * @param unit its unit; not {@link AmountUnit#ML} (a concentration is drug per volume)
 * @param volumeMl the volume in mL, finite and above 0
 */
public record Concentration(double amount, AmountUnit unit, double volumeMl) {
  public Concentration {
    Objects.requireNonNull(unit, "unit");
    if (!(Double.isFinite(amount) && amount > 0)) {
      throw new IllegalArgumentException(
          "amount must be a finite number above 0, found " + Numbers.exact(amount));
    }
    if (unit == AmountUnit.ML) {
      throw new IllegalArgumentException("a concentration's unit must be a drug amount, not mL");
    }
    if (!(Double.isFinite(volumeMl) && volumeMl > 0)) {
      throw new IllegalArgumentException(
          "volumeMl must be a finite number above 0, found " + Numbers.exact(volumeMl));
    }
  }

  /** Drug per mL, in {@link #unit()}. */
  public double perMl() {
    return amount / volumeMl;
  }

  /**
   * The volume in mL that holds {@code quantity} of drug in {@code quantityUnit}; for {@link
   * AmountUnit#ML} the quantity is already a volume.
   *
   * @throws IllegalArgumentException if {@code quantityUnit} does not convert to {@link #unit()}
   */
  public double volumeMlOf(double quantity, AmountUnit quantityUnit) {
    if (quantityUnit == AmountUnit.ML) {
      return quantity;
    }
    return quantity * quantityUnit.factorTo(unit) * volumeMl / amount;
  }

  /** E.g. {@code "25000 units / 250 mL"}. */
  public String text() {
    return Numbers.exact(amount) + " " + unit.symbol() + " / " + Numbers.exact(volumeMl) + " mL";
  }

  @Override
  public String toString() {
    return text();
  }
}
