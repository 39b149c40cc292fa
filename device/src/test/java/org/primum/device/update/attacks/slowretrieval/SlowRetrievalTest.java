package org.primum.device.update.attacks.slowretrieval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
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
 * Slow retrieval (TUF §1.5.2): a repository sends so slowly, or stalls, that the device would wait
 * for ever. Below the minimum speed over a window the transfer is aborted; a stalled stream is
 * closed by the watchdog. Over a real HTTPS server.
 */
class SlowRetrievalTest {
  @TempDir Path dir;

  private static UpdateClient client(UpdateScenario s, HttpsRepositoryServer server) {
    return new UpdateClient(
        s.state,
        HttpFetcher.hubImageRepository(server.link()),
        HttpFetcher.hubDirector(server.link(), RepositoryFixture.SERIAL),
        RepositoryFixture.SERIAL,
        RepositoryFixture.HARDWARE,
        s.clock,
        s.limits);
  }

  private static String servedName(byte[] image) {
    return "targets/firmware/rp-1/" + Hashes.sha256Hex(image) + ".primum-rp1-0.2.0.fw";
  }

  @Test
  void download_imageTrickledBelowTheMinimumSpeed_isAborted() throws Exception {
    UpdateScenario s = new UpdateScenario(dir);
    s.limits = s.limits.withMinimumSpeed(2000, Duration.ofMillis(300));
    s.release("0.2.0", 2);
    byte[] image = UpdateScenario.firmware("0.2.0");
    try (HttpsRepositoryServer server = new HttpsRepositoryServer(s.image, s.director)) {
      UpdateClient client = client(s, server);
      VerifiedTarget target = client.check(1).orElseThrow();
      s.image.serve(
          servedName(image), () -> HttpsRepositoryServer.trickle(image, Duration.ofMillis(20)));
      long started = System.nanoTime();

      assertThatThrownBy(() -> client.download(target, dir.resolve("slot-b.img")))
          .isInstanceOf(TufRejection.SlowRetrieval.class)
          .hasMessageContaining("bytes/s");
      assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
    }
  }

  @Test
  void download_imageStallsAfterAPrefix_isAbortedAndResumesLater() throws Exception {
    UpdateScenario s = new UpdateScenario(dir);
    s.limits = s.limits.withMinimumSpeed(2000, Duration.ofMillis(300));
    s.release("0.2.0", 2);
    byte[] image = UpdateScenario.firmware("0.2.0");
    try (HttpsRepositoryServer server = new HttpsRepositoryServer(s.image, s.director)) {
      UpdateClient client = client(s, server);
      VerifiedTarget target = client.check(1).orElseThrow();
      s.image.serve(
          servedName(image),
          () -> HttpsRepositoryServer.stall(Arrays.copyOf(image, 1500), Duration.ofSeconds(20)));
      Path slot = dir.resolve("slot-b.img");
      long started = System.nanoTime();

      assertThatThrownBy(() -> client.download(target, slot))
          .isInstanceOf(TufRejection.SlowRetrieval.class);
      assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
      assertThat(Files.size(slot)).isEqualTo(1500);

      // The repository is healthy again: the download resumes after the kept prefix.
      s.image.overrides.clear();
      s.image.requests.clear();
      client.download(target, slot);

      assertThat(Files.readAllBytes(slot)).isEqualTo(image);
    }
  }

  @Test
  void check_timestampTrickled_isAborted() throws Exception {
    UpdateScenario s = new UpdateScenario(dir);
    s.limits = s.limits.withMinimumSpeed(2000, Duration.ofMillis(300));
    s.release("0.2.0", 2);
    byte[] timestamp = s.image.files.get("timestamp.json");
    s.image.serve(
        "timestamp.json", () -> HttpsRepositoryServer.trickle(timestamp, Duration.ofMillis(50)));
    try (HttpsRepositoryServer server = new HttpsRepositoryServer(s.image, s.director)) {
      assertThatThrownBy(() -> client(s, server).check(1))
          .isInstanceOf(TufRejection.SlowRetrieval.class)
          .hasMessageContaining("timestamp.json");
    }
  }
}
