package org.primum.hub.disclosure;

import java.util.List;
import java.util.Objects;
import org.jdbi.v3.core.Jdbi;

/** The products a disclosure report may name (hardware ids and their released versions). */
@FunctionalInterface
public interface Products {
  /** Every product, each with its released versions; never empty. */
  List<Product> products();

  /**
   * The products of the hub's published releases (the {@code releases} table), or {@link
   * Product#fallback()} when nothing is published yet.
   */
  static Products released(Jdbi jdbi) {
    DisclosureStore store = new DisclosureStore(Objects.requireNonNull(jdbi, "jdbi"));
    return () -> {
      List<Product> products = store.releasedProducts();
      return products.isEmpty() ? List.of(Product.fallback()) : products;
    };
  }

  /** A fixed list (for tests and for hubs that describe their products in configuration). */
  static Products of(List<Product> products) {
    List<Product> copy = List.copyOf(products);
    if (copy.isEmpty()) {
      throw new IllegalArgumentException("at least one product is needed");
    }
    return () -> copy;
  }
}
