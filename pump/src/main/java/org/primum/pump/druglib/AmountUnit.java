package org.primum.pump.druglib;

import java.util.Optional;

/**
 * The unit of an amount of drug (or of volume, for {@link #ML}), with the conversions the pump may
 * make between units of the same dimension: {@code g}, {@code mg} and {@code mcg} (mass); {@code
 * units} and {@code milliunits}; {@code mEq}; {@code mmol}; {@code mL}. Units of different
 * dimensions never convert into each other.
 */
public enum AmountUnit {
  ML("mL", Dimension.VOLUME, 1),
  G("g", Dimension.MASS, 1_000_000),
  MG("mg", Dimension.MASS, 1_000),
  MCG("mcg", Dimension.MASS, 1),
  UNITS("units", Dimension.UNITS, 1_000),
  MILLIUNITS("milliunits", Dimension.UNITS, 1),
  MEQ("mEq", Dimension.MEQ, 1),
  MMOL("mmol", Dimension.MMOL, 1);

  private enum Dimension {
    VOLUME,
    MASS,
    UNITS,
    MEQ,
    MMOL
  }

  private final String symbol;
  private final Dimension dimension;
  private final double base;

  AmountUnit(String symbol, Dimension dimension, double base) {
    this.symbol = symbol;
    this.dimension = dimension;
    this.base = base;
  }

  /** The symbol used in the library and on screen, e.g. {@code "mcg"}. */
  public String symbol() {
    return symbol;
  }

  /** The unit whose symbol is exactly {@code symbol} (case-sensitive: "mg" is not "Mg"). */
  public static Optional<AmountUnit> bySymbol(String symbol) {
    for (AmountUnit unit : values()) {
      if (unit.symbol.equals(symbol)) {
        return Optional.of(unit);
      }
    }
    return Optional.empty();
  }

  /** Whether an amount in this unit can be expressed in {@code other} (same dimension). */
  public boolean convertsTo(AmountUnit other) {
    return dimension == other.dimension;
  }

  /**
   * How many {@code other} one of this unit is, e.g. {@code MG.factorTo(MCG) == 1000}.
   *
   * @throws IllegalArgumentException if the units have different dimensions
   */
  public double factorTo(AmountUnit other) {
    if (!convertsTo(other)) {
      throw new IllegalArgumentException(symbol + " cannot be converted to " + other.symbol);
    }
    return base / other.base;
  }

  @Override
  public String toString() {
    return symbol;
  }
}
