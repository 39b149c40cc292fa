package org.primum.hub.advisories;

import com.github.packageurl.MalformedPackageURLException;
import com.github.packageurl.PackageURL;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One version of one product: the hardware id a release targets and the release version (as the
 * update repository names them), e.g. {@code rp-1} {@code 0.3.1}.
 *
 * <p>The CSAF product id and package URL are the ones {@code supplychain.vex.VexExport} writes, so
 * an advisory and a release's VEX document name the same product the same way.
 */
public record ProductVersion(String hardwareId, String version)
    implements Comparable<ProductVersion> {
  private static final Pattern HARDWARE_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
  private static final Pattern VERSION = Pattern.compile("[A-Za-z0-9][A-Za-z0-9.+_~-]{0,63}");

  public ProductVersion {
    Objects.requireNonNull(hardwareId, "hardwareId");
    Objects.requireNonNull(version, "version");
    if (!HARDWARE_ID.matcher(hardwareId).matches()) {
      throw new IllegalArgumentException(
          "hardware id: expected letters, digits, '.', '_' or '-' (at most 64), found \""
              + hardwareId
              + "\"");
    }
    if (!VERSION.matcher(version).matches()) {
      throw new IllegalArgumentException(
          "version: expected letters, digits, '.', '+', '_', '~' or '-' (at most 64), found \""
              + version
              + "\"");
    }
  }

  /** The CSAF product id (CSAF 2.0 3.1.8), e.g. {@code PRIMUM-rp-1-0.3.1}. */
  public String productId() {
    return "PRIMUM-" + hardwareId + "-" + version;
  }

  /** The package URL (CSAF 2.0 3.1.3.3.5), e.g. {@code pkg:generic/rp-1@0.3.1}. */
  public String purl() {
    try {
      return new PackageURL("generic", null, hardwareId, version, null, null).canonicalize();
    } catch (MalformedPackageURLException e) {
      throw new IllegalStateException("a checked product version makes a valid purl", e);
    }
  }

  /** For pages and messages: {@code rp-1 0.3.1}. */
  @Override
  public String toString() {
    return hardwareId + " " + version;
  }

  @Override
  public int compareTo(ProductVersion o) {
    int byId = hardwareId.compareTo(o.hardwareId);
    return byId != 0 ? byId : version.compareTo(o.version);
  }
}
