package org.primum.bench.update;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.primum.core.tuf.TufMetadata;
import org.primum.device.update.DirectoryFetcher;
import org.primum.device.update.TufRepository;
import org.primum.device.update.UpdateLimits;

/**
 * Streaming verification of an update image against plain SHA-256 of the same file, in the same run
 * and with a 64 MiB heap (issue 4 target: at least 90% of plain SHA-256's throughput, heap at most
 * 64 MiB). {@code streamSha256} is the client's download path (read from a directory fetcher, hash,
 * append to the slot file, force) for a target listing sha256 only; {@code streamSha256AndSha512}
 * for one listing both (what {@code TargetFile.of} writes). Size in MiB: the default is small for
 * CI; the figure for the issue is {@code -p sizeMiB=1024}.
 */
@Warmup(iterations = 2)
@Measurement(iterations = 5)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xmx64m"})
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class TargetVerifyBenchmark {
  @State(Scope.Benchmark)
  public static class Image {
    @Param({"16"})
    public int sizeMiB;

    /**
     * Where the slot file goes: {@code disk} (the temp directory) or {@code tmpfs} ({@code
     * /dev/shm}, where present), which separates the verifier's own cost from the disk's write
     * speed (on the reference machine the disk writes 1 GiB with fsync in 1.67 s, dd).
     */
    @Param({"disk", "tmpfs"})
    public String slotOn;

    Path slotDir;

    Path dir;
    Path source;
    Path slot;
    TufRepository repository;
    TufMetadata.TargetFile sha256Only;
    TufMetadata.TargetFile both;

    @Setup(Level.Trial)
    public void setup() throws Exception {
      dir = Files.createTempDirectory("primum-bench-verify");
      source = dir.resolve("repo/image.bin");
      Files.createDirectories(source.getParent());
      MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
      MessageDigest sha512 = MessageDigest.getInstance("SHA-512");
      byte[] chunk = new byte[1024 * 1024];
      SplittableRandom random = new SplittableRandom(1);
      try (var out = Files.newOutputStream(source)) {
        for (int i = 0; i < sizeMiB; i++) {
          random.nextBytes(chunk);
          sha256.update(chunk);
          sha512.update(chunk);
          out.write(chunk);
        }
      }
      long length = (long) sizeMiB * chunk.length;
      String h256 = HexFormat.of().formatHex(sha256.digest());
      String h512 = HexFormat.of().formatHex(sha512.digest());
      sha256Only = new TufMetadata.TargetFile(length, Map.of("sha256", h256), Optional.empty());
      both =
          new TufMetadata.TargetFile(
              length, Map.of("sha256", h256, "sha512", h512), Optional.empty());
      Path state = dir.resolve("state");
      Files.createDirectories(state);
      var key =
          org.primum.core.tuf.TufSigner.ed25519(
              org.primum.core.crypto.Ed25519KeyPair.generate(new java.security.SecureRandom()));
      Map<String, TufMetadata.RoleKeys> roles = new java.util.TreeMap<>();
      for (String role : TufMetadata.Root.TOP_LEVEL) {
        roles.put(role, new TufMetadata.RoleKeys(java.util.List.of(key.key().keyId()), 1));
      }
      Files.write(
          state.resolve("root.json"),
          org.primum.core.tuf.SignedMetadata.sign(
              new TufMetadata.Root(
                  TufMetadata.SPEC_VERSION,
                  1,
                  java.time.Instant.now().plus(java.time.Duration.ofDays(30)),
                  false,
                  Map.of(key.key().keyId(), key.key()),
                  roles),
              java.util.List.of(key)));
      // Not consistent snapshots: the target is fetched by its plain name.
      repository =
          TufRepository.open(
              state,
              (path, offset) -> {
                throw new java.io.FileNotFoundException(path);
              },
              new DirectoryFetcher(source.getParent()),
              Clock.systemUTC(),
              UpdateLimits.defaults());
      slotDir =
          "tmpfs".equals(slotOn) && Files.isDirectory(Path.of("/dev/shm"))
              ? Files.createTempDirectory(Path.of("/dev/shm"), "primum-bench-slot")
              : dir;
      slot = slotDir.resolve("slot.bin");
    }

    /**
     * Each download starts with no slot file. Deleting the previous 1 GiB slot takes the kernel
     * about 0.2 s (freeing its pages), which is not verification, so it happens outside the
     * measured time (Level.Invocation is fine for operations this long).
     */
    @Setup(Level.Invocation)
    public void emptySlot() throws IOException {
      Files.deleteIfExists(slot);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
      Files.deleteIfExists(slot);
      if (!slotDir.equals(dir)) {
        Files.deleteIfExists(slotDir);
      }
      try (var files = Files.walk(dir)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  @Benchmark
  public byte[] plainSha256(Image image) throws Exception {
    MessageDigest digest = MessageDigest.getInstance("SHA-256");
    byte[] buffer = new byte[64 * 1024];
    try (InputStream in = Files.newInputStream(image.source)) {
      int n;
      while ((n = in.read(buffer)) > 0) {
        digest.update(buffer, 0, n);
      }
    }
    return digest.digest();
  }

  @Benchmark
  public Path streamSha256(Image image) throws Exception {
    image.repository.download("image.bin", image.sha256Only, image.slot);
    return image.slot;
  }

  @Benchmark
  public Path streamSha256AndSha512(Image image) throws Exception {
    image.repository.download("image.bin", image.both, image.slot);
    return image.slot;
  }
}
