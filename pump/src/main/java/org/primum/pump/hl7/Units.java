package org.primum.pump.hl7;

import java.util.List;
import java.util.Optional;
import org.primum.pump.druglib.AmountUnit;
import org.primum.pump.druglib.DoseUnit;

/**
 * The units an order may use, as coded (CWE) fields: either a unit of the drug library written
 * plainly in CWE-1 with no coding system ({@code mL/h}, {@code units/h}, {@code mcg/kg/min}, {@code
 * mg}, ...), or one of a few ISO/IEEE 11073-10101 (MDC) unit codes with coding system {@code MDC}.
 *
 * <p>A unit's text (CWE-2), if given, must agree with its code: the library symbol, or for MDC the
 * reference id. An order whose code says mL/h and whose text says mg/h is refused rather than
 * guessed at. Any other coding system (UCUM, ISO+, local) is refused: the pump accepts only units
 * it can map without doubt.
 */
final class Units {
  /** An MDC unit code, its reference id, and the library symbol it means. */
  record Mdc(String code, String refId, String symbol) {}

  /** MDC_DIM_MILLI_L. */
  static final Mdc ML = new Mdc("263762", "MDC_DIM_MILLI_L", "mL");

  /** MDC_DIM_MILLI_L_PER_HR. */
  static final Mdc ML_PER_HOUR = new Mdc("265266", "MDC_DIM_MILLI_L_PER_HR", "mL/h");

  /** MDC_DIM_KILO_G. */
  static final Mdc KG = new Mdc("263875", "MDC_DIM_KILO_G", "kg");

  private static final List<Mdc> MDC =
      List.of(
          ML,
          ML_PER_HOUR,
          KG,
          new Mdc("263890", "MDC_DIM_MILLI_G", "mg"),
          new Mdc("265619", "MDC_DIM_MICRO_G_PER_KG_PER_MIN", "mcg/kg/min"));

  private Units() {}

  /**
   * The library symbol a coded unit stands for, or empty if the pump does not know it.
   *
   * @param code CWE-1
   * @param text CWE-2, empty if absent
   * @param codingSystem CWE-3, empty if absent
   */
  static Optional<String> symbol(String code, String text, String codingSystem) {
    if (code.isEmpty()) {
      return Optional.empty();
    }
    if (codingSystem.isEmpty()) {
      return text.isEmpty() || text.equals(code) ? Optional.of(code) : Optional.empty();
    }
    if (!codingSystem.equals("MDC")) {
      return Optional.empty();
    }
    for (Mdc unit : MDC) {
      if (unit.code().equals(code)
          && (text.isEmpty() || text.equals(unit.refId()) || text.equals(unit.symbol()))) {
        return Optional.of(unit.symbol());
      }
    }
    return Optional.empty();
  }

  /** The dose-rate unit a symbol names ({@code mL/h} included). */
  static Optional<DoseUnit> doseUnit(String symbol) {
    return DoseUnit.parse(symbol);
  }

  /** The drug amount unit a symbol names; never mL (a strength is an amount of drug). */
  static Optional<AmountUnit> drugAmount(String symbol) {
    return AmountUnit.bySymbol(symbol).filter(unit -> unit != AmountUnit.ML);
  }
}
