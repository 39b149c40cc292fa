package org.primum.hub.advisories.csaf;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What {@code /product_tree} defines: every Full Product Name (in branches at any depth, in {@code
 * full_product_names} and in relationships), the product groups, and where each id is defined.
 *
 * <p>Expanding groups into their products is the one step whose cost is not linear in the size of
 * the document (a large group can be named in every vulnerability), so it is bounded: after {@link
 * #MAX_EXPANSIONS} products expanded, groups expand to nothing and {@link #boundReached()} is true;
 * the tests that expand groups then report that they could not be completed (fail closed).
 */
final class ProductTree {
  /** The most group members expanded per document, over all tests. */
  static final long MAX_EXPANSIONS = 10_000_000;

  private final List<JsonAt> fullProductNames = new ArrayList<>();
  private final List<JsonAt> branches = new ArrayList<>();
  private final List<JsonAt> relationships;
  private final List<JsonAt> groups;
  private final Map<String, List<JsonAt>> productDefinitions = new LinkedHashMap<>();
  private final Map<String, List<JsonAt>> groupDefinitions = new LinkedHashMap<>();
  private final Map<String, Set<String>> groupMembers = new LinkedHashMap<>();
  private long expansions;

  private ProductTree(JsonAt tree) {
    addBranches(tree.get("branches"));
    fullProductNames.addAll(tree.items("full_product_names"));
    relationships = tree.items("relationships");
    for (JsonAt relationship : relationships) {
      if (relationship.get("full_product_name").exists()) {
        fullProductNames.add(relationship.get("full_product_name"));
      }
    }
    for (JsonAt product : fullProductNames) {
      JsonAt id = product.get("product_id");
      id.text()
          .ifPresent(
              text -> productDefinitions.computeIfAbsent(text, k -> new ArrayList<>()).add(id));
    }
    groups = tree.items("product_groups");
    for (JsonAt group : groups) {
      JsonAt id = group.get("group_id");
      id.text()
          .ifPresent(
              text -> {
                groupDefinitions.computeIfAbsent(text, k -> new ArrayList<>()).add(id);
                Set<String> members =
                    groupMembers.computeIfAbsent(text, k -> new LinkedHashSet<>());
                group.strings("product_ids").forEach(p -> members.add(p.node().textValue()));
              });
    }
  }

  static ProductTree of(JsonAt tree) {
    return new ProductTree(tree);
  }

  // Recursion is bounded: the parser refuses documents nested deeper than MAX_DEPTH.
  private void addBranches(JsonAt list) {
    for (JsonAt branch : list.items()) {
      branches.add(branch);
      if (branch.get("product").exists()) {
        fullProductNames.add(branch.get("product"));
      }
      addBranches(branch.get("branches"));
    }
  }

  /** Every Full Product Name ({@code full_product_name_t}) in the tree. */
  List<JsonAt> fullProductNames() {
    return fullProductNames;
  }

  /** Every branch, at any depth. */
  List<JsonAt> branches() {
    return branches;
  }

  List<JsonAt> relationships() {
    return relationships;
  }

  List<JsonAt> groups() {
    return groups;
  }

  /** Product id to the {@code product_id} members that define it, in document order. */
  Map<String, List<JsonAt>> productDefinitions() {
    return productDefinitions;
  }

  /** Group id to the {@code group_id} members that define it, in document order. */
  Map<String, List<JsonAt>> groupDefinitions() {
    return groupDefinitions;
  }

  boolean definesProduct(String id) {
    return productDefinitions.containsKey(id);
  }

  boolean definesGroup(String id) {
    return groupDefinitions.containsKey(id);
  }

  /**
   * The products any of {@code items} (flags, remediations, threats) applies to: their {@code
   * product_ids} and the members of their {@code group_ids}. Linear in the size of the document:
   * each group is expanded once, however many items name it.
   */
  Set<String> productsOfAny(List<JsonAt> items) {
    Set<String> products = new HashSet<>();
    Set<String> groups = new LinkedHashSet<>();
    for (JsonAt item : items) {
      item.strings("product_ids").forEach(p -> products.add(p.node().textValue()));
      item.strings("group_ids").forEach(g -> groups.add(g.node().textValue()));
    }
    for (String group : groups) {
      products.addAll(members(group));
    }
    return products;
  }

  /**
   * For each product, the first two of {@code items} that apply to it (directly or through a
   * group), so a caller can find products named by more than one item. Linear in the size of the
   * document: at most two items are kept per product and per group.
   */
  Map<String, List<JsonAt>> firstTwoItemsPerProduct(List<JsonAt> items) {
    Map<String, List<JsonAt>> perProduct = new LinkedHashMap<>();
    Map<String, List<JsonAt>> perGroup = new LinkedHashMap<>();
    for (JsonAt item : items) {
      item.strings("product_ids").forEach(p -> addFirstTwo(perProduct, p.node().textValue(), item));
      item.strings("group_ids").forEach(g -> addFirstTwo(perGroup, g.node().textValue(), item));
    }
    perGroup.forEach(
        (group, named) -> {
          for (String product : members(group)) {
            named.forEach(item -> addFirstTwo(perProduct, product, item));
          }
        });
    return perProduct;
  }

  /** True once group expansion stopped at {@link #MAX_EXPANSIONS}; results are incomplete. */
  boolean boundReached() {
    return expansions > MAX_EXPANSIONS;
  }

  /** The members of {@code group}, counted against the bound; none once it is reached. */
  private Set<String> members(String group) {
    Set<String> members = groupMembers.getOrDefault(group, Set.of());
    expansions += members.size();
    return boundReached() ? Set.of() : members;
  }

  private static void addFirstTwo(Map<String, List<JsonAt>> map, String key, JsonAt item) {
    List<JsonAt> list = map.computeIfAbsent(key, k -> new ArrayList<>(2));
    // compared by pointer: equal content elsewhere is another item, and no deep comparison
    if (list.size() < 2 && list.stream().noneMatch(e -> e.pointer().equals(item.pointer()))) {
      list.add(item);
    }
  }
}
