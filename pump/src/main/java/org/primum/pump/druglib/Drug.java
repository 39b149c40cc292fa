package org.primum.pump.druglib;

import java.util.List;
import java.util.Objects;

/**
 * A drug of the library, identified by its {@link #code()} (T3: the only way an order or a
 * clinician names a drug), with its display name, aliases, and its entries across care areas.
 *
 * @param code unique code, e.g. a local or RxNorm-like code
 * @param name name shown on the pump
 * @param aliases other names (brand, tall-man) for searching; never used to resolve a drug
 * @param entries at least one; no two with the same (care area, concentration, dose unit)
 */
public record Drug(String code, String name, List<String> aliases, List<DrugEntry> entries) {
  public Drug {
    DrugLibraryFormat.requireCode("code", code);
    DrugLibraryFormat.requireName("name", name);
    aliases = List.copyOf(Objects.requireNonNull(aliases, "aliases"));
    entries = List.copyOf(Objects.requireNonNull(entries, "entries"));
    if (entries.isEmpty()) {
      throw new IllegalArgumentException("a drug needs at least one entry");
    }
  }
}
