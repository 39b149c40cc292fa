package org.primum.hub.advisories.csaf;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/** A parsed CSAF document with the index of its product tree, shared by all mandatory tests. */
record CsafDocument(JsonAt root, ProductTree products) {
  static CsafDocument of(JsonNode tree) {
    JsonAt root = JsonAt.root(tree);
    return new CsafDocument(root, ProductTree.of(root.get("product_tree")));
  }

  JsonAt document() {
    return root.get("document");
  }

  List<JsonAt> vulnerabilities() {
    return root.items("vulnerabilities");
  }

  /** {@code /document/category}, or {@code null}. */
  String category() {
    return document().textOf("category");
  }
}
