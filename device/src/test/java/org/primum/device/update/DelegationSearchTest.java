package org.primum.device.update;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.primum.core.tuf.TufMetadata;
import org.primum.core.tuf.TufRejection;

/** TUF §5.6.7: pre-order depth-first delegation search, terminating roles, cycles, a bound. */
class DelegationSearchTest {
  @TempDir Path dir;

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void findTarget_listedInTwoBranches_takesTheFirstInPreOrder() throws Exception {
    UpdateScenario s = new UpdateScenario(dir);
    s.image.delegate("targets", "a", List.of("*"), false, 1, 1);
    s.image.delegate("targets", "b", List.of("*"), false, 1, 1);
    s.image.delegate("a", "c", List.of("*"), false, 1, 1);
    TufMetadata.TargetFile fromC =
        s.image.addTarget("c", "file", bytes("from c"), Optional.empty());
    s.image.addTarget("b", "file", bytes("from b"), Optional.empty());
    s.image.publish();
    TufRepository repository = s.imageRepository();

    assertThat(repository.findTarget("file")).contains(fromC);
    assertThat(s.image.metadataRequests()).containsSubsequence("1.a.json", "1.c.json");
    assertThat(s.image.metadataRequests()).doesNotContain("1.b.json");
  }

  @Test
  void findTarget_terminatingDelegationWithoutIt_stopsTheSearch() throws Exception {
    UpdateScenario s = new UpdateScenario(dir);
    s.image.delegate("targets", "a", List.of("files/*"), true, 1, 1);
    s.image.delegate("targets", "b", List.of("*/*"), false, 1, 1);
    s.image.addTarget("b", "files/x", bytes("from b"), Optional.empty());
    s.image.publish();

    assertThat(s.imageRepository().findTarget("files/x")).isEmpty();
    assertThat(s.image.metadataRequests()).doesNotContain("1.b.json");
  }

  @Test
  void findTarget_pathOutsideADelegation_isNotAskedOfIt() throws Exception {
    UpdateScenario s = new UpdateScenario(dir);
    s.image.delegate("targets", "pharmacy", List.of("druglib/*"), true, 1, 1);
    s.image.addTarget("pharmacy", "firmware/rp-1/evil.fw", bytes("evil"), Optional.empty());
    s.image.publish();

    assertThat(s.imageRepository().findTarget("firmware/rp-1/evil.fw")).isEmpty();
  }

  @Test
  void findTarget_cycleInTheDelegationGraph_visitsEachRoleOnce() throws Exception {
    UpdateScenario s = new UpdateScenario(dir);
    s.image.delegate("targets", "a", List.of("*"), false, 1, 1);
    s.image.delegate("a", "b", List.of("*"), false, 1, 1);
    s.image.delegateExisting("b", "a", List.of("*"), false);
    s.image.publish();

    assertThat(s.imageRepository().findTarget("nothing")).isEmpty();
    assertThat(s.image.metadataRequests().stream().filter(p -> p.endsWith(".a.json"))).hasSize(1);
  }

  @Test
  void findTarget_chainLongerThanTheBound_stopsAtTheBound() throws Exception {
    UpdateScenario s = new UpdateScenario(dir);
    String parent = "targets";
    for (int i = 0; i < 40; i++) {
      s.image.delegate(parent, "r" + i, List.of("*"), false, 1, 1);
      parent = "r" + i;
    }
    s.image.addTarget(parent, "deep", bytes("deep"), Optional.empty());
    s.image.publish();

    assertThat(s.imageRepository().findTarget("deep")).isEmpty();
    assertThat(s.image.metadataRequests().stream().filter(p -> p.matches("1\\.r\\d+\\.json")))
        .hasSize(s.limits.maxDelegations() - 1);
  }

  @Test
  void findTarget_delegatedRoleSignedBelowItsThreshold_isRefused() throws Exception {
    UpdateScenario s = new UpdateScenario(dir);
    s.image.delegate("targets", "pharmacy", List.of("druglib/*"), true, 3, 2);
    s.image.addTarget("pharmacy", "druglib/a.json", bytes("{}"), Optional.empty());
    s.image.signers.put("pharmacy", List.of(s.image.signers.get("pharmacy").get(0)));
    s.image.publish();

    assertThatThrownBy(() -> s.imageRepository().findTarget("druglib/a.json"))
        .isInstanceOf(TufRejection.ThresholdNotMet.class)
        .hasMessageContaining("pharmacy");
  }

  @Test
  void findTarget_delegatedRoleNamedLikeATopLevelRole_isRefused() throws Exception {
    UpdateScenario s = new UpdateScenario(dir);
    var timestampSigners = s.image.signers.get("timestamp");
    s.image.delegate("targets", "timestamp", List.of("*"), false, 1, 1);
    s.image.signers.put("timestamp", timestampSigners);
    s.image.publish();

    assertThatThrownBy(() -> s.imageRepository().findTarget("x"))
        .isInstanceOf(TufRejection.Malformed.class);
  }

  @Test
  void findTarget_unusualRoleName_isPercentEncodedInRequestsAndFiles() throws Exception {
    UpdateScenario s = new UpdateScenario(dir);
    s.image.delegate("targets", "../evil/role?", List.of("*"), false, 1, 1);
    s.image.publish();

    assertThat(s.imageRepository().findTarget("x")).isEmpty();
    assertThat(s.image.metadataRequests()).contains("1..." + "%2Fevil%2Frole%3F.json");
    assertThat(s.state.resolve("image/..%2Fevil%2Frole%3F.json")).exists();
  }
}
