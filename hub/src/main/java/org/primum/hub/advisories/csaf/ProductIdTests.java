package org.primum.hub.advisories.csaf;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** CSAF 2.0 6.1.1 – 6.1.5: product and product group ids are defined once and used defined. */
final class ProductIdTests implements MandatoryTests {
  // CSAF 2.0 6.1.1: the product status lists of a vulnerability
  static final List<String> PRODUCT_STATUSES =
      List.of(
          "first_affected",
          "first_fixed",
          "fixed",
          "known_affected",
          "known_not_affected",
          "last_affected",
          "recommended",
          "under_investigation");

  @Override
  public void run(CsafDocument document, Failures failures) {
    ProductTree tree = document.products();
    missingProductDefinitions(document, tree, failures);
    multipleDefinitions("6.1.2", "product_id", tree.productDefinitions(), failures);
    circularDefinitions(tree, failures);
    missingGroupDefinitions(document, tree, failures);
    multipleDefinitions("6.1.5", "group_id", tree.groupDefinitions(), failures);
  }

  // CSAF 2.0 6.1.1: every reference to a product id names a defined Full Product Name
  private static void missingProductDefinitions(
      CsafDocument document, ProductTree tree, Failures failures) {
    List<JsonAt> references = new ArrayList<>();
    JsonAt productTree = document.root().get("product_tree");
    for (JsonAt group : productTree.items("product_groups")) {
      references.addAll(group.strings("product_ids"));
    }
    for (JsonAt relationship : productTree.items("relationships")) {
      addIfText(references, relationship.get("product_reference"));
      addIfText(references, relationship.get("relates_to_product_reference"));
    }
    for (JsonAt vulnerability : document.vulnerabilities()) {
      for (String status : PRODUCT_STATUSES) {
        references.addAll(vulnerability.get("product_status").strings(status));
      }
      for (JsonAt remediation : vulnerability.items("remediations")) {
        references.addAll(remediation.strings("product_ids"));
      }
      for (JsonAt score : vulnerability.items("scores")) {
        references.addAll(score.strings("products"));
      }
      for (JsonAt threat : vulnerability.items("threats")) {
        references.addAll(threat.strings("product_ids"));
      }
      for (JsonAt flag : vulnerability.items("flags")) {
        references.addAll(flag.strings("product_ids"));
      }
    }
    for (JsonAt reference : references) {
      String id = reference.node().textValue();
      if (!tree.definesProduct(id)) {
        failures.add(
            "6.1.1",
            reference,
            "expected a product_id defined in /product_tree, found undefined %s",
            id);
      }
    }
  }

  // CSAF 2.0 6.1.4: every reference to a product group id names a defined product group
  private static void missingGroupDefinitions(
      CsafDocument document, ProductTree tree, Failures failures) {
    for (JsonAt vulnerability : document.vulnerabilities()) {
      for (String list : List.of("remediations", "threats", "flags")) {
        for (JsonAt item : vulnerability.items(list)) {
          for (JsonAt reference : item.strings("group_ids")) {
            String id = reference.node().textValue();
            if (!tree.definesGroup(id)) {
              failures.add(
                  "6.1.4",
                  reference,
                  "expected a group_id defined in /product_tree/product_groups, found undefined %s",
                  id);
            }
          }
        }
      }
    }
  }

  // CSAF 2.0 6.1.2 (product_id) and 6.1.5 (group_id): each id is defined once
  private static void multipleDefinitions(
      String testId, String what, Map<String, List<JsonAt>> definitions, Failures failures) {
    definitions.forEach(
        (id, places) -> {
          for (JsonAt again : places.subList(1, places.size())) {
            failures.add(
                testId,
                again,
                "expected each %s to be defined once, found %s already defined at %s",
                what,
                id,
                places.get(0).pointer());
          }
        });
  }

  /**
   * CSAF 2.0 6.1.3: a product defined by a relationship must not end up in a circle when its
   * product_reference and relates_to_product_reference are followed. Products are peeled off whose
   * references all lead out of the relationships (in O(relationships)); what remains is on a circle
   * or leads into one.
   */
  private static void circularDefinitions(ProductTree tree, Failures failures) {
    Map<String, Set<String>> refersTo = new LinkedHashMap<>();
    Map<String, JsonAt> definedAt = new LinkedHashMap<>();
    for (JsonAt relationship : tree.relationships()) {
      JsonAt id = relationship.get("full_product_name").get("product_id");
      if (id.text().isEmpty()) {
        continue;
      }
      Set<String> targets =
          refersTo.computeIfAbsent(id.node().textValue(), k -> new LinkedHashSet<>());
      definedAt.putIfAbsent(id.node().textValue(), id);
      relationship.get("product_reference").text().ifPresent(targets::add);
      relationship.get("relates_to_product_reference").text().ifPresent(targets::add);
    }
    Map<String, List<String>> referredBy = new HashMap<>();
    Map<String, Integer> pending = new HashMap<>();
    Deque<String> settled = new ArrayDeque<>();
    refersTo.forEach(
        (id, targets) -> {
          int count = 0;
          for (String target : targets) {
            if (refersTo.containsKey(target)) {
              referredBy.computeIfAbsent(target, k -> new ArrayList<>()).add(id);
              count++;
            }
          }
          pending.put(id, count);
          if (count == 0) {
            settled.add(id);
          }
        });
    while (!settled.isEmpty()) {
      String id = settled.poll();
      for (String referrer : referredBy.getOrDefault(id, List.of())) {
        if (pending.merge(referrer, -1, Integer::sum) == 0) {
          settled.add(referrer);
        }
      }
    }
    refersTo.forEach(
        (id, targets) -> {
          if (pending.get(id) > 0) {
            failures.add(
                "6.1.3",
                definedAt.get(id),
                "expected relationships that end in products defined elsewhere, found %s referring"
                    + " (through product_reference or relates_to_product_reference) into a circle",
                id);
          }
        });
  }

  private static void addIfText(List<JsonAt> list, JsonAt value) {
    if (value.text().isPresent()) {
      list.add(value);
    }
  }
}
