package org.primum.device.update;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Objects;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.primum.core.tuf.TufMetadata;

/**
 * Interoperability: a real repository made by another implementation (tuf-on-ci 0.11, ECDSA keys,
 * custom fields, a delegated role, an empty signature), loaded unchanged from the TUF conformance
 * suite's static data and served from a directory.
 */
class StaticRepositoryTest {
  @TempDir Path dir;

  private static Path vector() throws URISyntaxException {
    return Path.of(
            Objects.requireNonNull(
                    StaticRepositoryTest.class.getResource("tuf-on-ci-0.11/README.md"))
                .toURI())
        .getParent();
  }

  @Test
  void tufOnCiRepository_refreshFindAndDownload_succeed() throws Exception {
    Path vector = vector();
    Path metadata = dir.resolve("metadata");
    Files.createDirectories(metadata);
    Files.copy(vector.resolve("initial_root.json"), metadata.resolve("root.json"));
    Clock clock = Clock.fixed(Instant.parse("2025-02-09T09:17:23Z"), ZoneOffset.UTC);
    TufRepository repository =
        TufRepository.open(
            metadata,
            new DirectoryFetcher(vector.resolve("metadata")),
            new DirectoryFetcher(vector.resolve("targets")),
            clock,
            UpdateLimits.defaults());

    repository.refresh();
    TufMetadata.TargetFile artifact = repository.findTarget("delegatedrole/artifact").orElseThrow();
    Path file = dir.resolve("artifact");
    repository.download("delegatedrole/artifact", artifact, file);

    assertThat(Files.readString(file)).isEqualTo("artifact for tuf-on-ci repository\n");
    assertThat(metadata.resolve("timestamp.json")).exists();
    assertThat(metadata.resolve("snapshot.json")).exists();
    assertThat(metadata.resolve("targets.json")).exists();
    assertThat(metadata.resolve("delegatedrole.json")).exists();
  }
}
