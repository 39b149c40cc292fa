package org.primum.hub.supplychain.osv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.packageurl.PackageURL;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Package URL to OSV package mapping. */
class OsvPackagesTest {
  private static OsvPackages.PackageVersion of(String purl) throws Exception {
    return OsvPackages.of(new PackageURL(purl));
  }

  @Test
  void of_maven_groupColonArtifact() throws Exception {
    OsvPackages.PackageVersion p =
        of("pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1?type=jar");
    assertThat(p.ecosystem()).isEqualTo(Ecosystem.MAVEN);
    assertThat(p.name()).isEqualTo("org.apache.logging.log4j:log4j-core");
    assertThat(p.version()).isEqualTo("2.14.1");
  }

  @Test
  void of_npm_scopedAndUnscoped() throws Exception {
    assertThat(of("pkg:npm/%40angular/core@16.0.0").name()).isEqualTo("@angular/core");
    assertThat(of("pkg:npm/lodash@4.17.15").name()).isEqualTo("lodash");
  }

  @Test
  void of_pypi_pep503Normalised() throws Exception {
    OsvPackages.PackageVersion p = of("pkg:pypi/Django_REST.framework@3.0");
    assertThat(p.ecosystem()).isEqualTo(Ecosystem.PYPI);
    assertThat(p.name()).isEqualTo("django-rest-framework");
    assertThat(Ecosystem.PYPI.key("Zope.Interface")).isEqualTo("zope-interface");
    assertThat(Ecosystem.PYPI.key("a__b--c..d")).isEqualTo("a-b-c-d");
  }

  @Test
  void of_debian_sourcePackageAndItsVersion() throws Exception {
    OsvPackages.PackageVersion withSource =
        of(
            "pkg:deb/debian/openssh-client@1:9.2p1-2%2Bdeb12u1%2Bb1?arch=amd64&distro=debian-12"
                + "&source=openssh%401%3A9.2p1-2%2Bdeb12u1");
    assertThat(withSource.ecosystem()).isEqualTo(Ecosystem.DEBIAN);
    assertThat(withSource.name()).isEqualTo("openssh");
    assertThat(withSource.version()).isEqualTo("1:9.2p1-2+deb12u1");
    assertThat(withSource.distro()).contains("debian-12");
    OsvPackages.PackageVersion sourceWithoutVersion =
        of("pkg:deb/debian/libc6@2.36-9%2Bdeb12u4?source=glibc");
    assertThat(sourceWithoutVersion.name()).isEqualTo("glibc");
    assertThat(sourceWithoutVersion.version()).isEqualTo("2.36-9+deb12u4");
    assertThat(of("pkg:deb/debian/libc6@2.36-9?upstream=glibc").name()).isEqualTo("glibc");
    assertThat(of("pkg:deb/debian/openssl@3.0.11-1").name()).isEqualTo("openssl");
    assertThat(of("pkg:deb/ubuntu/openssl@3.0.2-0ubuntu1.10").ecosystem())
        .isEqualTo(Ecosystem.UBUNTU);
  }

  @Test
  void of_golang_modulePath() throws Exception {
    OsvPackages.PackageVersion p = of("pkg:golang/github.com/gorilla/mux@v1.8.0");
    assertThat(p.ecosystem()).isEqualTo(Ecosystem.GO);
    assertThat(p.name()).isEqualTo("github.com/gorilla/mux");
    assertThat(p.version()).isEqualTo("v1.8.0");
    assertThat(p.distro()).isEqualTo(Optional.empty());
  }

  @Test
  void of_unmappable_flaggedWithTheReason() {
    String[][] cases = {
      {"pkg:generic/openssl@3.0.0", "UNSUPPORTED_ECOSYSTEM"},
      {"pkg:cargo/smallvec@1.0.0", "UNSUPPORTED_ECOSYSTEM"},
      {"pkg:deb/raspbian/openssl@3.0.0", "UNSUPPORTED_ECOSYSTEM"},
      {"pkg:golang/github.com/gorilla/mux", "NO_VERSION"},
      {"pkg:npm/lodash", "NO_VERSION"},
    };
    for (String[] c : cases) {
      assertThatThrownBy(() -> of(c[0]))
          .as(c[0])
          .isInstanceOf(NotEvaluable.class)
          .hasFieldOrPropertyWithValue("flag", Flag.valueOf(c[1]))
          .hasMessageContaining("expected");
    }
  }

  @Test
  void ecosystem_osvNames_suffixStrippedCaseSensitiveUnknownUnsupported() {
    assertThat(Ecosystem.fromOsv("Debian:12")).contains(Ecosystem.DEBIAN);
    assertThat(Ecosystem.fromOsv("Ubuntu:Pro:18.04:LTS")).contains(Ecosystem.UBUNTU);
    assertThat(Ecosystem.fromOsv("pypi")).isEmpty();
    assertThat(Ecosystem.fromOsv("crates.io")).isEmpty();
    assertThatThrownBy(() -> Ecosystem.require("RubyGems"))
        .isInstanceOf(NotEvaluable.class)
        .hasFieldOrPropertyWithValue("flag", Flag.UNSUPPORTED_ECOSYSTEM)
        .hasMessageContaining("unsupported ecosystem \"RubyGems\"");
  }
}
