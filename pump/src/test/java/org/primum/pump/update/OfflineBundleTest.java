package org.primum.pump.update;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Staging an offline bundle trusts nothing in it: what is refused before verification, and why.
 * (The verification itself, with real bundles from a hub: {@code PumpOfflineBundleTest} in cli.)
 */
class OfflineBundleTest {
  @TempDir Path dir;
  private Path trust;
  private Path staging;
  private Path usb;

  private static final String IMAGE_ROOT =
      "{\"signatures\":[],\"signed\":{\"_type\":\"root\",\"version\":1,\"repo\":\"image\"}}";
  private static final String DIRECTOR_ROOT =
      "{\"signatures\":[],\"signed\":{\"_type\":\"root\",\"version\":1,\"repo\":\"director\"}}";

  private static void write(Path file, String content) throws IOException {
    Files.createDirectories(file.getParent());
    Files.writeString(file, content, StandardCharsets.UTF_8);
  }

  @BeforeEach
  void setUp() throws IOException {
    trust = dir.resolve("pump").resolve("update");
    staging = trust.resolve("offline-bundle");
    write(trust.resolve("image/root.json"), IMAGE_ROOT);
    write(trust.resolve("director/root.json"), DIRECTOR_ROOT);
    usb = dir.resolve("usb");
    write(usb.resolve("tuf/1.root.json"), IMAGE_ROOT);
    write(usb.resolve("tuf/timestamp.json"), "{}");
    write(usb.resolve("tuf/targets/firmware/rp-1/abc.rp1-0.2.0.fw"), "image bytes");
    write(usb.resolve("director/1.root.json"), DIRECTOR_ROOT);
    write(usb.resolve("director/targets.json"), "{}");
  }

  private OfflineBundle stage(Path from, OfflineBundle.Settings settings) throws Exception {
    return OfflineBundle.stage(from, trust, staging, settings);
  }

  private void assertRefused(Path from, OfflineBundle.Settings settings, String code, String text) {
    assertThatThrownBy(() -> stage(from, settings))
        .isInstanceOf(OfflineBundle.BundleRejection.class)
        .hasMessageContaining(text)
        .extracting(e -> ((OfflineBundle.BundleRejection) e).code())
        .isEqualTo(code);
  }

  @Test
  void stage_aBundle_isCopiedIntoThePump_andTheStickIsOnlyRead() throws Exception {
    OfflineBundle staged = stage(usb, OfflineBundle.Settings.defaults());

    assertThat(staged.dir()).isEqualTo(staging);
    assertThat(staging.resolve("tuf/targets/firmware/rp-1/abc.rp1-0.2.0.fw"))
        .hasContent("image bytes");
    assertThat(usb.resolve("director/targets.json")).exists();
    assertThat(OfflineBundle.staged(staging)).isPresent();
    staged.discard();
    assertThat(staging).doesNotExist();
    assertThat(OfflineBundle.staged(staging)).isEmpty();
  }

  @Test
  void stage_withoutProvisionedRoots_isRefused() throws Exception {
    Files.delete(trust.resolve("director/root.json"));

    assertRefused(
        usb, OfflineBundle.Settings.defaults(), "bundle-no-trust", "never trusted on its own");
  }

  @Test
  void stage_aDirectoryThatIsNoBundle_isRefused() throws Exception {
    Files.createDirectories(dir.resolve("photos"));

    assertRefused(
        dir.resolve("photos"), OfflineBundle.Settings.defaults(), "bundle-layout", "expected tuf");
    assertRefused(
        dir.resolve("nowhere"), OfflineBundle.Settings.defaults(), "bundle-layout", "no such");
  }

  @Test
  void stage_aRootChainFromAnotherRepository_isRefused() throws Exception {
    write(usb.resolve("director/1.root.json"), DIRECTOR_ROOT.replace("director", "elsewhere"));

    assertRefused(usb, OfflineBundle.Settings.defaults(), "bundle-root-chain", "different root");
    Files.delete(usb.resolve("tuf/1.root.json"));
    assertRefused(
        usb, OfflineBundle.Settings.defaults(), "bundle-root-chain", "has no root version 1");
    assertThat(staging).doesNotExist();
  }

  @Test
  void stage_aLinkInTheBundle_isRefused() throws Exception {
    Files.writeString(dir.resolve("secret"), "not for the pump");
    Files.createSymbolicLink(usb.resolve("tuf/extra.json"), dir.resolve("secret"));

    assertRefused(usb, OfflineBundle.Settings.defaults(), "bundle-layout", "a link");
    assertThat(staging).doesNotExist();
  }

  @Test
  void stage_tooLarge_isRefused_andTheBundleStagedBeforeStays() throws Exception {
    stage(usb, OfflineBundle.Settings.defaults());
    write(usb.resolve("tuf/targets/big.bin"), "x".repeat(4096));

    assertRefused(
        usb,
        new OfflineBundle.Settings(Duration.ofDays(7), 1024, 100),
        "bundle-too-large",
        "larger than 1024 bytes");
    assertRefused(
        usb,
        new OfflineBundle.Settings(Duration.ofDays(7), 1 << 20, 3),
        "bundle-too-large",
        "more than 3 files");
    assertThat(staging.resolve("tuf/targets/firmware/rp-1/abc.rp1-0.2.0.fw")).exists();
    assertThat(staging.resolve("tuf/targets/big.bin")).doesNotExist();
  }

  @Test
  void settings_freshnessWindow_isBoundedAndSevenDaysByDefault() {
    assertThat(OfflineBundle.Settings.defaults().freshnessWindow()).isEqualTo(Duration.ofDays(7));
    assertThatThrownBy(() -> OfflineBundle.Settings.defaults().withFreshnessWindow(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
