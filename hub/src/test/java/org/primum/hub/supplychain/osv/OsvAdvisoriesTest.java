package org.primum.hub.supplychain.osv;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.packageurl.PackageURL;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Real advisories, matched through the index on versions either side of every boundary: Log4Shell
 * (Maven), lodash (npm), urllib3 (PyPI), openssh Terrapin (Debian), jwt-go (Go).
 */
class OsvAdvisoriesTest {
  private static final VulnIndex INDEX = VulnIndex.build(OsvFixtures.advisories());

  private final List<String> failures = new ArrayList<>();

  /** Expects {@code purl} to match exactly {@code ids} (none when empty) and nothing flagged. */
  private void expect(String purl, String... ids) {
    VulnIndex.Findings findings;
    try {
      findings = INDEX.match(new PackageURL(purl));
    } catch (Exception e) {
      failures.add(purl + ": " + e);
      return;
    }
    List<String> found =
        findings.matches().stream().map(VulnIndex.Match::id).sorted().collect(Collectors.toList());
    if (!found.equals(List.of(ids))) {
      failures.add(purl + ": expected " + List.of(ids) + ", found " + found);
    }
    if (!findings.unevaluated().isEmpty()) {
      failures.add(purl + ": unexpectedly flagged " + findings.unevaluated());
    }
  }

  @Test
  void log4shell_versionsEitherSideOfEachBoundary() {
    String log4j = "GHSA-jfh8-c2jp-5v3q";
    String core = "pkg:maven/org.apache.logging.log4j/log4j-core@";
    expect(core + "2.0-beta8");
    expect(core + "2.0-beta9", log4j);
    expect(core + "2.0-rc1", log4j);
    expect(core + "2.0", log4j);
    expect(core + "2.3", log4j);
    expect(core + "2.3.1");
    expect(core + "2.3.2");
    expect(core + "2.4", log4j);
    expect(core + "2.11.2", log4j);
    expect(core + "2.12.1", log4j);
    expect(core + "2.12.2");
    expect(core + "2.12.4");
    expect(core + "2.13.0", log4j);
    expect(core + "2.14.1", log4j);
    expect(core + "2.15.0-rc1", log4j); // the incomplete first fix candidate
    expect(core + "2.15.0");
    expect(core + "2.17.1");
    expect("pkg:maven/org.apache.logging.log4j/log4j-api@2.14.1");
    expect("pkg:maven/org.ops4j.pax.logging/pax-logging-log4j2@1.11.9", log4j);
    expect("pkg:maven/org.ops4j.pax.logging/pax-logging-log4j2@1.11.10");
    assertThat(failures).isEmpty();
  }

  @Test
  void lodash_versionsEitherSideOfTheSemVerRange() {
    String lodash = "GHSA-p6mc-m468-83gw";
    expect("pkg:npm/lodash@3.6.0");
    expect("pkg:npm/lodash@3.7.0", lodash);
    expect("pkg:npm/lodash@4.0.0-rc.1", lodash);
    expect("pkg:npm/lodash@4.17.15", lodash);
    expect("pkg:npm/lodash@v4.17.18", lodash);
    expect("pkg:npm/lodash@4.17.19");
    expect("pkg:npm/lodash@4.17.21");
    expect("pkg:npm/lodash-es@4.17.15");
    assertThat(failures).isEmpty();
  }

  @Test
  void urllib3_pep440VersionsEitherSideOfTheFix() {
    String urllib3 = "GHSA-q2q7-5pp4-w6pg";
    expect("pkg:pypi/urllib3@0.3", urllib3);
    expect("pkg:pypi/urllib3@1.26.4", urllib3);
    expect("pkg:pypi/urllib3@1.26.4.post1", urllib3);
    expect("pkg:pypi/urllib3@1.26.5.dev0", urllib3);
    expect("pkg:pypi/urllib3@1.26.5rc1", urllib3);
    expect("pkg:pypi/urllib3@1.26.5");
    expect("pkg:pypi/urllib3@1.26.05");
    expect("pkg:pypi/urllib3@1.26.5.post1");
    expect("pkg:pypi/urllib3@2.0.0");
    expect("pkg:pypi/URLLib3@1.26.4", urllib3);
    assertThat(failures).isEmpty();
  }

  @Test
  void opensshTerrapin_epochsTildesAndReleases() {
    String terrapin = "DEBIAN-CVE-2023-48795";
    String client = "pkg:deb/debian/openssh-client@";
    String bookworm = "&distro=debian-12";
    expect(client + "1:9.2p1-2%2Bdeb12u1?source=openssh" + bookworm, terrapin);
    expect(client + "1:9.2p1-2%2Bdeb12u2?source=openssh" + bookworm);
    expect(client + "1:9.2p1-2%2Bdeb12u3?source=openssh" + bookworm);
    // no epoch means epoch 0, far below 1:9.2p1-2+deb12u2
    expect(client + "9.2p1-2%2Bdeb12u3?source=openssh" + bookworm, terrapin);
    // the source qualifier's version is the one evaluated
    expect(
        client + "1:9.2p1-2%2Bdeb12u2%2Bb1?source=openssh%401%3A9.2p1-2%2Bdeb12u1" + bookworm,
        terrapin);
    // codename and point-release forms of the distro qualifier
    expect(client + "1:9.2p1-2%2Bdeb12u2?source=openssh&distro=bookworm");
    expect(client + "1:9.2p1-2%2Bdeb12u2?source=openssh&distro=debian-12.5");
    // a trixie backport to bookworm: ~bpo sorts before the trixie fix it backports
    expect(client + "1:9.6p1-1~bpo12%2B1?source=openssh&distro=debian-13", terrapin);
    expect(client + "1:9.6p1-1?source=openssh&distro=debian-13");
    expect(client + "1:8.4p1-5%2Bdeb11u2?source=openssh&distro=debian-11", terrapin);
    expect(client + "1:8.4p1-5%2Bdeb11u3?source=openssh&distro=debian-11");
    // without a distro every release's range applies: bookworm's fix is below trixie's
    expect(client + "1:9.2p1-2%2Bdeb12u2?source=openssh", terrapin);
    // the source package name is what OSV keys Debian records by
    expect("pkg:deb/debian/openssh-client@1:9.2p1-2%2Bdeb12u1?distro=debian-12");
    expect("pkg:deb/debian/openssh@1:9.2p1-2%2Bdeb12u1?distro=debian-12", terrapin);
    assertThat(failures).isEmpty();
  }

  @Test
  void jwtGo_pseudoVersionsIncompatibleAndLastAffected() {
    String jwt = "GHSA-w73w-5m7g-f7qc";
    String v1 = "pkg:golang/github.com/dgrijalva/jwt-go@";
    expect(v1 + "v0.0.0-20150101000000-abcdefabcdef");
    expect(v1 + "v0.0.0-20150717181359-44718f8a89b0", jwt);
    expect(v1 + "v0.0.0-20160101000000-abcdefabcdef", jwt);
    expect(v1 + "v1.0.2", jwt);
    expect(v1 + "v3.2.0%2Bincompatible", jwt); // last_affected is inclusive
    expect(v1 + "v3.2.1-0.20200101000000-abcdefabcdef%2Bincompatible");
    String v4 = "pkg:golang/github.com/dgrijalva/jwt-go/v4@";
    expect(v4 + "v4.0.0-20190408214815-ec042acbe3ba", jwt);
    expect(v4 + "v4.0.0-preview1");
    expect(v4 + "v4.0.0");
    assertThat(failures).isEmpty();
  }

  @Test
  void match_log4shell_carriesIdAliasesSeverityAndTheRange() throws Exception {
    VulnIndex.Findings findings =
        INDEX.match(new PackageURL("pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1"));
    assertThat(findings.matches()).hasSize(1);
    VulnIndex.Match match = findings.matches().get(0);
    assertThat(match.component()).isEqualTo("pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1");
    assertThat(match.aliases()).containsExactly("CVE-2021-44228");
    assertThat(match.severity().rating()).isEqualTo(Severity.Rating.CRITICAL);
    assertThat(match.severity().score()).hasValue(10.0);
    assertThat(match.ecosystem()).isEqualTo(Ecosystem.MAVEN);
    assertThat(match.packageName()).isEqualTo("org.apache.logging.log4j:log4j-core");
    assertThat(match.evidence().toString())
        .isEqualTo("ECOSYSTEM [introduced 2.13.0, fixed 2.15.0]");
  }

  @Test
  void match_debianListedVersion_evidenceIsTheList() throws Exception {
    VulnIndex.Match match =
        INDEX
            .match(new PackageURL("pkg:deb/debian/openssh@1:8.4p1-5%2Bdeb11u1?distro=debian-11"))
            .matches()
            .get(0);
    assertThat(match.evidence().listed()).isTrue();
    assertThat(match.severity()).isEqualTo(Severity.ABSENT);
  }
}
