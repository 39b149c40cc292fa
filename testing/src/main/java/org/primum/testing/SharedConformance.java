package org.primum.testing;

import java.nio.file.Files;
import java.nio.file.Path;

/** Locates {@code ../shared/conformance}, the read-only public test vectors. */
public final class SharedConformance {
  private SharedConformance() {}

  /** The conformance folder, found from the {@code primum.shared} property or the working dir. */
  public static Path root() {
    String configured = System.getProperty("primum.shared");
    if (configured != null && Files.isDirectory(Path.of(configured, "conformance"))) {
      return Path.of(configured, "conformance").toAbsolutePath().normalize();
    }
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      Path candidate = dir.resolve("shared").resolve("conformance");
      if (Files.isDirectory(candidate)) {
        return candidate;
      }
    }
    throw new IllegalStateException(
        "cannot find ../shared/conformance from " + Path.of("").toAbsolutePath());
  }
}
