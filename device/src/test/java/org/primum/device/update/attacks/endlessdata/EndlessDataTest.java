package org.primum.device.update.attacks.endlessdata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.primum.core.crypto.Hashes;
import org.primum.core.tuf.TufRejection;
import org.primum.device.update.HttpFetcher;
import org.primum.device.update.HttpsRepositoryServer;
import org.primum.device.update.RepositoryFixture;
import org.primum.device.update.UpdateClient;
import org.primum.device.update.UpdateScenario;
import org.primum.device.update.VerifiedTarget;

/**
 * Endless data (TUF §1.5.2): a repository answers with more bytes than any file should have. Every
 * download is bounded: metadata by {@code UpdateLimits} or the length the role above gives, targets
 * by their trusted length (TUF §5.7.3).
 */
class EndlessDataTest {
  @TempDir Path dir;

  @Test
  void check_endlessTimestamp_isRefusedAtTheBound() throws Exception {
    UpdateScenario s = new UpdateScenario(dir);
    s.release("0.2.0", 2);
    AtomicLong read = new AtomicLong();
    s.image.serve("timestamp.json", () -> counting(HttpsRepositoryServer.endless(), read));

    assertThatThrownBy(() -> s.client().check(1))
        .isInstanceOf(TufRejection.EndlessData.class)
        .hasMessageContaining("timestamp.json");
    assertThat(read.get()).isLessThanOrEqualTo(s.limits.maxTimestampBytes() + 64 * 1024);
  }

  @Test
  void check_endlessNextRoot_isRefusedAtTheBound() throws Exception {
    UpdateScenario s = new UpdateScenario(dir);
    s.release("0.2.0", 2);
    s.image.serve("2.root.json", HttpsRepositoryServer::endless);

    assertThatThrownBy(() -> s.client().check(1))
        .isInstanceOf(TufRejection.EndlessData.class)
        .hasMessageContaining("2.root.json");
  }

  @Test
  void check_endlessSnapshot_isRefusedAtTheLengthTheTimestampGives() throws Exception {
    UpdateScenario s = new UpdateScenario(dir);
    s.release("0.2.0", 2);
    s.image.serve(
        s.image.versions.get("snapshot") + ".snapshot.json", HttpsRepositoryServer::endless);

    assertThatThrownBy(() -> s.client().check(1)).isInstanceOf(TufRejection.EndlessData.class);
  }

  @Test
  void download_endlessImageOverHttps_readsNoMoreThanItsLengthAndIsRefused() throws Exception {
    UpdateScenario s = new UpdateScenario(dir);
    s.release("0.2.0", 2);
    byte[] genuine = UpdateScenario.firmware("0.2.0");
    try (HttpsRepositoryServer server = new HttpsRepositoryServer(s.image, s.director)) {
      UpdateClient client =
          new UpdateClient(
              s.state,
              HttpFetcher.hubImageRepository(server.link()),
              HttpFetcher.hubDirector(server.link(), RepositoryFixture.SERIAL),
              RepositoryFixture.SERIAL,
              RepositoryFixture.HARDWARE,
              s.clock,
              s.limits);
      VerifiedTarget target = client.check(1).orElseThrow();
      s.image.serve(
          "targets/firmware/rp-1/" + Hashes.sha256Hex(genuine) + ".primum-rp1-0.2.0.fw",
          HttpsRepositoryServer::endless);
      Path slot = dir.resolve("slot-b.img");

      assertThatThrownBy(() -> client.download(target, slot))
          .isInstanceOf(TufRejection.LengthOrHashMismatch.class);
      assertThat(slot).doesNotExist();
    }
  }

  @Test
  void check_endlessTimestampOverHttps_isRefusedAtTheBound() throws Exception {
    UpdateScenario s = new UpdateScenario(dir);
    s.release("0.2.0", 2);
    s.image.serve("timestamp.json", HttpsRepositoryServer::endless);
    try (HttpsRepositoryServer server = new HttpsRepositoryServer(s.image, s.director)) {
      UpdateClient client =
          new UpdateClient(
              s.state,
              HttpFetcher.hubImageRepository(server.link()),
              HttpFetcher.hubDirector(server.link(), RepositoryFixture.SERIAL),
              RepositoryFixture.SERIAL,
              RepositoryFixture.HARDWARE,
              s.clock,
              s.limits);

      assertThatThrownBy(() -> client.check(1)).isInstanceOf(TufRejection.EndlessData.class);
    }
  }

  private static InputStream counting(InputStream in, AtomicLong count) {
    return new FilterInputStream(in) {
      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        int n = super.read(b, off, len);
        if (n > 0) {
          count.addAndGet(n);
        }
        return n;
      }
    };
  }
}
