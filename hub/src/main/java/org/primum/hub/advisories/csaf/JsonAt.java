package org.primum.hub.advisories.csaf;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A JSON value together with its JSON pointer (RFC 6901) in the document, so that every test can
 * say where it found a problem. Navigation never fails: a missing member, or a member of a value of
 * the wrong type, is a missing value ({@link #exists()} false) whose pointer still says where it
 * was looked for. The schema reports wrong types; the mandatory tests skip what they cannot read.
 */
record JsonAt(JsonNode node, String pointer) {
  JsonAt {
    if (node == null) {
      node = MissingNode.getInstance();
    }
  }

  static JsonAt root(JsonNode node) {
    return new JsonAt(node, "");
  }

  /** The member {@code name} of this object (missing if this is not an object). */
  JsonAt get(String name) {
    return new JsonAt(node.isObject() ? node.get(name) : null, pointer + "/" + escape(name));
  }

  /** The elements of this array, or none if this is not an array. */
  List<JsonAt> items() {
    if (!node.isArray()) {
      return List.of();
    }
    List<JsonAt> items = new ArrayList<>(node.size());
    for (int i = 0; i < node.size(); i++) {
      items.add(new JsonAt(node.get(i), pointer + "/" + i));
    }
    return items;
  }

  /** The elements of the array member {@code name}: shorthand for {@code get(name).items()}. */
  List<JsonAt> items(String name) {
    return get(name).items();
  }

  boolean exists() {
    return !node.isMissingNode();
  }

  /** This value if it is a string. */
  Optional<String> text() {
    return node.isTextual() ? Optional.of(node.textValue()) : Optional.empty();
  }

  /** The text of member {@code name}, or {@code null} if it is absent or not a string. */
  String textOf(String name) {
    return get(name).text().orElse(null);
  }

  /** True iff member {@code name} is a string that is one of {@code values}. */
  boolean textIn(String name, Set<String> values) {
    String text = textOf(name);
    return text != null && values.contains(text);
  }

  /** The string elements of the array member {@code name}, each with its pointer. */
  List<JsonAt> strings(String name) {
    return items(name).stream().filter(item -> item.node.isTextual()).toList();
  }

  private static String escape(String name) {
    return name.replace("~", "~0").replace("/", "~1");
  }
}
