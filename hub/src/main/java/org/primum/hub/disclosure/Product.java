package org.primum.hub.disclosure;

import java.util.List;
import org.primum.core.formats.Texts;

/**
 * A product a report may name: a hardware id and its released versions. A report may also name
 * {@link #ANY_VERSION} when the finder does not know the version.
 */
public record Product(String hardwareId, List<String> versions) {
  /** The version a report names when the finder does not know it. */
  public static final String ANY_VERSION = "any";

  public Product {
    Texts.requireLabel("hardwareId", hardwareId);
    versions = List.copyOf(versions);
    for (String version : versions) {
      Texts.requireLabel("version", version);
    }
  }

  /** Whether a report may name {@code version} of this product. */
  public boolean offers(String version) {
    return ANY_VERSION.equals(version) || versions.contains(version);
  }

  /** A human name of one version of this product. */
  public static String describe(String hardwareId, String version) {
    return hardwareId + (ANY_VERSION.equals(version) ? " (any version)" : " " + version);
  }

  @Override
  public String toString() {
    return hardwareId + " " + versions;
  }

  /** The product a hub without releases offers: the reference pump, any version. */
  public static Product fallback() {
    return new Product("rp-1", List.of());
  }
}
