package org.primum.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The supply-chain commands as a release manager types them: a firmware build with its SBOM, {@code
 * primum sbom check} offline (exit 0 pass, 1 refused, 2 bad input), the hub's release gate refusing
 * a build with Log4Shell until a VEX statement for that product version and component is recorded,
 * and new OSV data flagging a published release.
 */
class SupplyChainCommandTest {
  private static final String LOG4J = "pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1";

  @TempDir Path dir;

  private Path osv(String name, String... files) throws Exception {
    Path out = Files.createDirectories(dir.resolve(name));
    for (String f : files) {
      try (InputStream in = ReleaseStory.class.getResourceAsStream(f)) {
        Files.write(out.resolve(f.substring(f.lastIndexOf('/') + 1)), in.readAllBytes());
      }
    }
    return out;
  }

  private Path build(String version, String... extra) {
    Path image = dir.resolve("primum-rp1-" + version + ".fw");
    CliRun run =
        extra.length == 0
            ? CliRun.of("firmware", "build", "--version", version, "--out", image.toString())
            : CliRun.of(
                "firmware",
                "build",
                "--version",
                version,
                "--with",
                String.join(",", extra),
                "--out",
                image.toString());
    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(run.out()).contains("Wrote its SBOM (CycloneDX 1.6)");
    return image;
  }

  @Test
  void sbomCheck_offline_passRefuseAndBadInputHaveTheirExitCodes() throws Exception {
    Path clean = build("0.3.1");
    Path risky = build("0.3.2", LOG4J);
    Path data =
        osv("osv", "osv-demo/GHSA-jfh8-c2jp-5v3q.json", "osv-demo/GHSA-7rjr-3q55-vv33.json");

    CliRun pass =
        CliRun.of(
            "sbom",
            "check",
            clean + ".cdx.json",
            "--osv",
            data.toString(),
            "--today",
            "2026-11-22");
    assertThat(pass.exit()).as(pass.out() + pass.err()).isZero();
    assertThat(pass.out())
        .contains("CycloneDX 1.6 JSON, 9 components, for primum-rp1 0.3.1", "PASS")
        .contains("support ends soon: ca.uhn.hapi:hapi-base 2.5.1")
        .contains("not evaluated: primum-motor-driver");

    CliRun refused =
        CliRun.of(
            "sbom",
            "check",
            risky + ".cdx.json",
            "--osv",
            data.toString(),
            "--today",
            "2026-11-22");
    assertThat(refused.exit()).as(refused.out() + refused.err()).isEqualTo(1);
    assertThat(refused.out())
        .contains("REFUSED")
        .contains(
            "CRITICAL GHSA-jfh8-c2jp-5v3q (CVE-2021-44228) in org.apache.logging.log4j:log4j-core 2.14.1");

    Path vex =
        Files.writeString(
            dir.resolve("vex.json"),
            "{\"@context\":\"https://openvex.dev/ns/v0.2.0\",\"statements\":["
                + statement("CVE-2021-44228")
                + ","
                + statement("CVE-2021-45046")
                + "]}");
    CliRun cleared =
        CliRun.of(
            "sbom",
            "check",
            risky + ".cdx.json",
            "--osv",
            data.toString(),
            "--vex",
            vex.toString(),
            "--today",
            "2026-11-22");
    assertThat(cleared.exit()).as(cleared.out() + cleared.err()).isZero();
    assertThat(cleared.out()).contains("Cleared by VEX (2)");

    Path garbage = Files.writeString(dir.resolve("garbage.json"), "{\"bomFormat\":\"CycloneDX\"");
    CliRun bad = CliRun.of("sbom", "check", garbage.toString());
    assertThat(bad.exit()).isEqualTo(2);
    assertThat(bad.err()).contains("not valid JSON").doesNotContain("Exception");
  }

  private static String statement(String cve) {
    return "{\"vulnerability\":{\"name\":\""
        + cve
        + "\"},\"products\":[{\"@id\":\"pkg:generic/rp-1@0.3.2\",\"subcomponents\":[{\"@id\":\""
        + LOG4J
        + "\"}]}],\"status\":\"not_affected\",\"justification\":"
        + "\"vulnerable_code_not_in_execute_path\"}";
  }

  @Test
  void releaseGate_refusesLog4Shell_untilVex_thenNewDataFlagsThePublishedRelease()
      throws Exception {
    String data = dir.resolve("hub").toString();
    Path keys = Files.createDirectories(dir.resolve("keys"));
    for (String k : new String[] {"root-1", "targets-1"}) {
      String role = k.substring(0, k.indexOf('-'));
      assertThat(
              CliRun.of(
                      "keys",
                      "generate",
                      "--role",
                      role,
                      "--out",
                      keys.resolve(k + ".pem").toString())
                  .exit())
          .isZero();
    }
    CliRun init =
        CliRun.of(
            "release",
            "init-repo",
            "--data",
            data,
            "--root-key",
            keys.resolve("root-1.pem").toString(),
            "--root-threshold",
            "1",
            "--targets-key",
            keys.resolve("targets-1.pem").toString(),
            "--targets-threshold",
            "1");
    assertThat(init.exit()).as(init.err()).isZero();
    CliRun imported =
        CliRun.of(
            "vuln",
            "import",
            "--data",
            data,
            "--name",
            "osv-demo",
            osv("osv", "osv-demo/GHSA-jfh8-c2jp-5v3q.json", "osv-demo/GHSA-7rjr-3q55-vv33.json")
                .toString());
    assertThat(imported.exit()).as(imported.err()).isZero();
    assertThat(imported.out()).contains("Imported 2 OSV records as data set 'osv-demo'");

    Path risky = build("0.3.2", LOG4J);
    Path notes = Files.writeString(dir.resolve("notes.md"), "Diagnostics export.\n");
    String[] publish = {
      "release",
      "publish",
      "--data",
      data,
      "--image",
      risky.toString(),
      "--version",
      "0.3.2",
      "--hardware",
      "rp-1",
      "--notes",
      notes.toString(),
      "--targets-key",
      keys.resolve("targets-1.pem").toString()
    };
    CliRun refused = CliRun.of(publish);
    assertThat(refused.exit()).as(refused.out() + refused.err()).isEqualTo(1);
    assertThat(refused.err())
        .contains("(release-gate)", "GHSA-jfh8-c2jp-5v3q", "GHSA-7rjr-3q55-vv33")
        .doesNotContain("Exception");

    for (String cve : new String[] {"CVE-2021-44228", "CVE-2021-45046"}) {
      CliRun vex =
          CliRun.of(
              "vex",
              "add",
              "--data",
              data,
              "--hardware",
              "rp-1",
              "--version",
              "0.3.2",
              "--vulnerability",
              cve,
              "--component",
              LOG4J,
              "--status",
              "not_affected",
              "--justification",
              "vulnerable_code_not_in_execute_path");
      assertThat(vex.exit()).as(vex.err()).isZero();
    }
    CliRun notAffectedWithoutReason =
        CliRun.of(
            "vex",
            "add",
            "--data",
            data,
            "--hardware",
            "rp-1",
            "--version",
            "0.3.2",
            "--vulnerability",
            "CVE-2021-44228",
            "--status",
            "not_affected");
    assertThat(notAffectedWithoutReason.exit()).isEqualTo(2);
    assertThat(notAffectedWithoutReason.err()).contains("needs a justification");

    CliRun published = CliRun.of(publish);
    assertThat(published.exit()).as(published.err()).isZero();
    assertThat(published.out())
        .contains("What it fixes (derived from the supply-chain records as they stand")
        .contains("Removed: nothing to compare with (first release of rp-1).")
        .contains("Still open: none")
        .contains("Cleared by VEX: 2")
        .contains("Advisories that list it as fixed: on the hub's page /updates/releases/1");

    CliRun update =
        CliRun.of(
            "vuln",
            "import",
            "--data",
            data,
            "--name",
            "osv-demo",
            osv(
                    "osv2",
                    "osv-demo/GHSA-jfh8-c2jp-5v3q.json",
                    "osv-demo/GHSA-7rjr-3q55-vv33.json",
                    "osv-demo-update/GHSA-h46c-h94j-95f3.json")
                .toString());
    assertThat(update.exit()).as(update.err()).isZero();
    assertThat(update.out())
        .contains("Newly affected: rp-1 0.3.2: GHSA-h46c-h94j-95f3")
        .contains("Exposure: HIGH GHSA-h46c-h94j-95f3 in rp-1 0.3.2");

    Path out = dir.resolve("vex.csaf.json");
    CliRun export =
        CliRun.of(
            "vex",
            "export",
            "--data",
            data,
            "--hardware",
            "rp-1",
            "--version",
            "0.3.2",
            "--format",
            "csaf",
            "--out",
            out.toString());
    assertThat(export.exit()).as(export.err()).isZero();
    CliRun valid = CliRun.of("csaf", "validate", out.toString());
    assertThat(valid.exit()).as(valid.out() + valid.err()).isZero();
  }
}
