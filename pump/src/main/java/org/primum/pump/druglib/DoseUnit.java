package org.primum.pump.druglib;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * A dose-rate unit: an amount, optionally per kilogram of patient weight, per minute or per hour,
 * written {@code <amount>[/kg]/<min|h>}: {@code "mg/h"}, {@code "mcg/kg/min"}, {@code "units/h"},
 * {@code "mEq/kg/h"}, {@code "mL/h"}.
 *
 * @param amount the amount unit
 * @param perKg whether the dose is per kilogram of patient weight (D5)
 * @param per the time base
 */
public record DoseUnit(AmountUnit amount, boolean perKg, TimeBase per) {
  /** The time base of a dose rate. */
  public enum TimeBase {
    MIN("min", 60),
    H("h", 1);

    private final String symbol;
    private final int perHour;

    TimeBase(String symbol, int perHour) {
      this.symbol = symbol;
      this.perHour = perHour;
    }

    /** {@code "min"} or {@code "h"}. */
    public String symbol() {
      return symbol;
    }

    /** How many of this time base make an hour. */
    public int perHour() {
      return perHour;
    }
  }

  /** Infusion in millilitres per hour: the pump's own unit. */
  public static final DoseUnit ML_PER_HOUR = new DoseUnit(AmountUnit.ML, false, TimeBase.H);

  public DoseUnit {
    Objects.requireNonNull(amount, "amount");
    Objects.requireNonNull(per, "per");
  }

  /**
   * The unit written exactly as {@code text} (e.g. {@code "mcg/kg/min"}), or empty if it is not
   * one.
   */
  public static Optional<DoseUnit> parse(String text) {
    if (text == null) {
      return Optional.empty();
    }
    String[] parts = text.split("/", -1);
    if (parts.length < 2 || parts.length > 3 || (parts.length == 3 && !parts[1].equals("kg"))) {
      return Optional.empty();
    }
    Optional<AmountUnit> amount = AmountUnit.bySymbol(parts[0]);
    String time = parts[parts.length - 1];
    TimeBase per = null;
    for (TimeBase base : TimeBase.values()) {
      if (base.symbol.equals(time)) {
        per = base;
      }
    }
    if (amount.isEmpty() || per == null) {
      return Optional.empty();
    }
    return Optional.of(new DoseUnit(amount.get(), parts.length == 3, per));
  }

  /** The text form, e.g. {@code "mcg/kg/min"}. */
  public String text() {
    return amount.symbol() + (perKg ? "/kg/" : "/") + per.symbol();
  }

  /** Whether this unit can dose a drug of {@code concentration} (mL always can). */
  public boolean fits(Concentration concentration) {
    return amount == AmountUnit.ML || amount.convertsTo(concentration.unit());
  }

  /**
   * The amount per hour, in {@link #amount()} units, that {@code dose} in this unit means for a
   * patient of {@code weightKg} (used only if {@link #perKg()}).
   *
   * @throws IllegalArgumentException if the unit is per kg and no weight is given
   */
  public double amountPerHour(double dose, OptionalDouble weightKg) {
    double perHour = dose * per.perHour;
    if (perKg) {
      perHour *=
          weightKg.orElseThrow(() -> new IllegalArgumentException(text() + " needs a weight"));
    }
    return perHour;
  }

  /**
   * The pump rate in mL/h for {@code dose} in this unit: {@code rate = dose × weight (if per kg) ×
   * (60 if per min) × unit conversion ÷ (concentration amount ÷ concentration volume)}.
   *
   * @throws IllegalArgumentException if the unit does not fit the concentration, or is per kg and
   *     no weight is given
   */
  public double rateMlPerHour(double dose, OptionalDouble weightKg, Concentration concentration) {
    double perHour = amountPerHour(dose, weightKg);
    return amount == AmountUnit.ML ? perHour : concentration.volumeMlOf(perHour, amount);
  }

  @Override
  public String toString() {
    return text();
  }
}
