package org.primum.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.packageurl.MalformedPackageURLException;
import com.github.packageurl.PackageURL;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The CycloneDX 1.6 SBOM of a simulated reference-pump software image: the image itself as the
 * subject (with its SHA-256) and the components an embedded pump build of this kind carries, each
 * with supplier, package URL, and the support level and end-of-support date FDA asks for
 * (properties {@code primum:support-level}, {@code primum:end-of-support}).
 */
final class FirmwareSbom {
  private static final JsonNodeFactory F = JsonNodeFactory.instance;

  /** One component of the simulated build. */
  record Part(String purl, String supplier, String support, String endOfSupport) {}

  /** What every reference-pump build carries. */
  static final List<Part> BASE =
      List.of(
          new Part("pkg:maven/org.primum/primum-device@0.1.0", "Primum", "active", ""),
          new Part("pkg:maven/org.primum/primum-core@0.1.0", "Primum", "active", ""),
          new Part(
              "pkg:maven/org.bouncycastle/bcprov-jdk18on@1.83",
              "Legion of the Bouncy Castle",
              "active",
              ""),
          new Part(
              "pkg:maven/com.fasterxml.jackson.core/jackson-core@2.14.2",
              "FasterXML",
              "security-only",
              "2027-06-30"),
          new Part(
              "pkg:maven/com.fasterxml.jackson.core/jackson-databind@2.14.2",
              "FasterXML",
              "security-only",
              "2027-06-30"),
          new Part(
              "pkg:maven/ca.uhn.hapi/hapi-base@2.5.1",
              "University Health Network",
              "active",
              "2027-03-31"),
          new Part(
              "pkg:deb/debian/zlib@1:1.2.13.dfsg-1?arch=armhf&distro=debian-12",
              "Debian",
              "security-only",
              "2028-06-30"),
          new Part(
              "pkg:deb/debian/openssl@3.0.15-1~deb12u1?arch=armhf&distro=debian-12",
              "Debian",
              "security-only",
              "2028-06-30"),
          new Part("pkg:generic/primum-motor-driver@2.4.0", "Primum", "active", ""));

  private FirmwareSbom() {}

  /**
   * The SBOM for version {@code version} of the image with SHA-256 {@code imageSha256}, with extra
   * components {@code extra} (package URLs; supplier unknown, support unknown).
   */
  static ObjectNode build(
      String version, String imageSha256, List<String> extra, Instant now, UUID serial)
      throws MalformedPackageURLException {
    ObjectNode bom = F.objectNode();
    bom.put("$schema", "http://cyclonedx.org/schema/bom-1.6.schema.json");
    bom.put("bomFormat", "CycloneDX");
    bom.put("specVersion", "1.6");
    bom.put("serialNumber", "urn:uuid:" + serial);
    bom.put("version", 1);
    ObjectNode metadata = bom.putObject("metadata");
    metadata.put("timestamp", now.truncatedTo(ChronoUnit.SECONDS).toString());
    metadata.putArray("authors").addObject().put("name", "Primum release engineering (demo)");
    ObjectNode subject = metadata.putObject("component");
    subject.put("type", "firmware");
    subject.put("bom-ref", "primum-rp1@" + version);
    subject.putObject("supplier").put("name", "Primum");
    subject.put("name", "primum-rp1");
    subject.put("version", version);
    subject.putArray("hashes").addObject().put("alg", "SHA-256").put("content", imageSha256);
    metadata.putObject("manufacturer").put("name", "Primum");

    List<Part> parts = new ArrayList<>(BASE);
    for (String purl : extra) {
      parts.add(new Part(purl, "", "", ""));
    }
    ArrayNode components = bom.putArray("components");
    ArrayNode dependsOn = F.arrayNode();
    for (Part part : parts) {
      PackageURL p = new PackageURL(part.purl());
      ObjectNode c = components.addObject();
      c.put("type", p.getType().equals("generic") ? "firmware" : "library");
      String ref = p.canonicalize();
      c.put("bom-ref", ref);
      if (!part.supplier().isEmpty()) {
        c.putObject("supplier").put("name", part.supplier());
      }
      if (p.getNamespace() != null && p.getType().equals("maven")) {
        c.put("group", p.getNamespace());
      }
      c.put("name", p.getName());
      c.put("version", p.getVersion());
      c.put("purl", ref);
      ArrayNode properties = F.arrayNode();
      if (!part.support().isEmpty()) {
        properties.addObject().put("name", "primum:support-level").put("value", part.support());
      }
      if (!part.endOfSupport().isEmpty()) {
        properties
            .addObject()
            .put("name", "primum:end-of-support")
            .put("value", part.endOfSupport());
      }
      if (!properties.isEmpty()) {
        c.set("properties", properties);
      }
      dependsOn.add(ref);
    }
    ObjectNode root = bom.putArray("dependencies").addObject();
    root.put("ref", "primum-rp1@" + version);
    root.set("dependsOn", dependsOn);
    for (Part part : parts) {
      bom.withArray("dependencies")
          .addObject()
          .put("ref", new PackageURL(part.purl()).canonicalize())
          .putArray("dependsOn");
    }
    return bom;
  }
}
