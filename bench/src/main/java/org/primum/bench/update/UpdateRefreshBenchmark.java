package org.primum.bench.update;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.primum.core.crypto.Ed25519KeyPair;
import org.primum.core.tuf.SignedMetadata;
import org.primum.core.tuf.TufKey;
import org.primum.core.tuf.TufMetadata;
import org.primum.core.tuf.TufSigner;
import org.primum.device.update.Fetcher;
import org.primum.device.update.TufRepository;
import org.primum.device.update.UpdateClient;
import org.primum.device.update.UpdateLimits;

/**
 * A warm metadata refresh with no change (issue 4 target: at most 2 ms CPU): the device already
 * trusts the current metadata; a cycle probes for the next root and re-reads the timestamp (image
 * repository), or also the director's targets ({@code check}). Served from memory, so the figure is
 * the client's own CPU time (parsing, canonical JSON, Ed25519 verification, bookkeeping).
 */
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class UpdateRefreshBenchmark {
  @State(Scope.Thread)
  public static class Warm {
    TufRepository repository;
    UpdateClient client;

    @Setup(Level.Trial)
    public void setup() throws Exception {
      SecureRandom random = new SecureRandom();
      Instant now = Instant.parse("2026-11-22T19:00:00Z");
      Clock clock = Clock.fixed(now, ZoneOffset.UTC);
      Map<String, byte[]> image = repository(random, now, false);
      Map<String, byte[]> director = repository(random, now, true);
      Path state = Files.createTempDirectory("primum-bench-update");
      write(state.resolve("image/1.root.json"), image.get("1.root.json"));
      write(state.resolve("director/1.root.json"), director.get("1.root.json"));
      Fetcher imageFetcher = fetcher(image);
      repository =
          TufRepository.open(
              state.resolve("image"), imageFetcher, imageFetcher, clock, UpdateLimits.defaults());
      repository.refresh();
      client =
          new UpdateClient(
              state.resolve("client"),
              imageFetcher,
              fetcher(director),
              "PUMP-0001",
              "rp-1",
              clock,
              UpdateLimits.defaults());
      write(state.resolve("client/image/1.root.json"), image.get("1.root.json"));
      write(state.resolve("client/director/1.root.json"), director.get("1.root.json"));
      client.check(1);
    }
  }

  @Benchmark
  @BenchmarkMode(Mode.AverageTime)
  @OutputTimeUnit(TimeUnit.MICROSECONDS)
  public TufRepository imageRefreshNoChange(Warm warm) throws Exception {
    warm.repository.refresh();
    return warm.repository;
  }

  @Benchmark
  @BenchmarkMode(Mode.AverageTime)
  @OutputTimeUnit(TimeUnit.MICROSECONDS)
  public Object directorAndImageCheckNoChange(Warm warm) throws Exception {
    return warm.client.check(1);
  }

  private static void write(Path file, byte[] bytes) throws IOException {
    Files.createDirectories(file.getParent());
    Files.write(file, bytes);
  }

  private static Fetcher fetcher(Map<String, byte[]> files) {
    return (path, offset) -> {
      byte[] bytes = files.get(path);
      if (bytes == null) {
        throw new FileNotFoundException(path);
      }
      ByteArrayInputStream in = new ByteArrayInputStream(bytes);
      in.skipNBytes(offset);
      return in;
    };
  }

  /** A small repository: one key per role, 20 firmware targets (or the director's assignment). */
  private static Map<String, byte[]> repository(
      SecureRandom random, Instant now, boolean director) {
    TufSigner key = TufSigner.ed25519(Ed25519KeyPair.generate(random));
    Instant expires = now.plus(Duration.ofDays(30));
    Map<String, TufMetadata.RoleKeys> roles = new TreeMap<>();
    for (String role : TufMetadata.Root.TOP_LEVEL) {
      roles.put(role, new TufMetadata.RoleKeys(List.of(key.key().keyId()), 1));
    }
    Map<String, byte[]> files = new HashMap<>();
    files.put(
        "1.root.json",
        SignedMetadata.sign(
            new TufMetadata.Root(
                TufMetadata.SPEC_VERSION,
                1,
                expires,
                !director,
                Map.<String, TufKey>of(key.key().keyId(), key.key()),
                roles),
            List.of(key)));
    Map<String, TufMetadata.TargetFile> targets = new TreeMap<>();
    for (int i = 0; i < 20; i++) {
      ObjectNode custom = JsonNodeFactory.instance.objectNode();
      if (director) {
        if (i > 0) {
          break;
        }
        custom.put("hardwareId", "rp-1").put("serial", "PUMP-0001").put("releaseCounter", 1);
      } else {
        custom.put("version", "0." + i + ".0").put("releaseCounter", i + 1);
        custom.putArray("hardwareIds").add("rp-1");
      }
      targets.put(
          "firmware/rp-1/primum-rp1-0." + i + ".0.fw",
          TufMetadata.TargetFile.of(("image " + i).getBytes(), Optional.of(custom)));
    }
    byte[] targetsBytes =
        SignedMetadata.sign(
            new TufMetadata.Targets(
                TufMetadata.SPEC_VERSION, 1, expires, targets, Optional.empty()),
            List.of(key));
    if (director) {
      files.put("targets.json", targetsBytes);
      return files;
    }
    files.put("1.targets.json", targetsBytes);
    byte[] snapshot =
        SignedMetadata.sign(
            new TufMetadata.Snapshot(
                TufMetadata.SPEC_VERSION,
                1,
                expires,
                Map.of("targets.json", TufMetadata.MetaFile.of(1, targetsBytes))),
            List.of(key));
    files.put("1.snapshot.json", snapshot);
    files.put(
        "timestamp.json",
        SignedMetadata.sign(
            new TufMetadata.Timestamp(
                TufMetadata.SPEC_VERSION, 1, expires, TufMetadata.MetaFile.of(1, snapshot)),
            List.of(key)));
    return files;
  }
}
