package org.primum.bench;

import java.security.MessageDigest;
import java.util.List;
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
import org.openjdk.jmh.annotations.Warmup;
import org.primum.core.merkle.MerkleHashes;
import org.primum.core.merkle.MerkleTree;

/**
 * The evidence log's in-memory costs: appending a 256-byte entry to the Merkle tree (leaf hash +
 * tree update) beside the raw SHA-256 limit of the same bytes, and proof generation in a tree of
 * ten million entries.
 */
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xmx6g"})
public class MerkleBenchmark {
  /** Appending state: a fresh tree per iteration, so memory stays bounded. */
  @State(Scope.Thread)
  public static class Append {
    final byte[] entry = new byte[256];
    MerkleTree tree;
    MessageDigest sha256;

    @Setup(Level.Iteration)
    public void setup() throws Exception {
      new SplittableRandom(1).nextBytes(entry);
      tree = new MerkleTree();
      sha256 = MessageDigest.getInstance("SHA-256");
    }
  }

  @Benchmark
  @BenchmarkMode(Mode.Throughput)
  @OutputTimeUnit(TimeUnit.SECONDS)
  public byte[] rawSha256Of256Bytes(Append state) {
    return state.sha256.digest(state.entry);
  }

  @Benchmark
  @BenchmarkMode(Mode.Throughput)
  @OutputTimeUnit(TimeUnit.SECONDS)
  public long appendInMemory256Bytes(Append state) {
    state.tree.append(MerkleHashes.leaf(state.entry));
    return state.tree.size();
  }

  /** A tree of {@code size} leaves, built once. */
  @State(Scope.Benchmark)
  public static class BigTree {
    @Param({"10000000"})
    long size;

    MerkleTree tree;
    final SplittableRandom random = new SplittableRandom(7);

    @Setup(Level.Trial)
    public void build() {
      tree = new MerkleTree();
      byte[] leaf = new byte[32];
      for (long i = 0; i < size; i++) {
        leaf[0] = (byte) i;
        leaf[1] = (byte) (i >> 8);
        leaf[2] = (byte) (i >> 16);
        leaf[3] = (byte) (i >> 24);
        tree.append(leaf.clone());
      }
    }
  }

  @Benchmark
  @BenchmarkMode(Mode.AverageTime)
  @OutputTimeUnit(TimeUnit.MICROSECONDS)
  public List<byte[]> inclusionProofAt10M(BigTree state) {
    return state.tree.inclusionProof(state.random.nextLong(state.size), state.size);
  }

  @Benchmark
  @BenchmarkMode(Mode.AverageTime)
  @OutputTimeUnit(TimeUnit.MICROSECONDS)
  public List<byte[]> consistencyProofAt10M(BigTree state) {
    return state.tree.consistencyProof(1 + state.random.nextLong(state.size - 1), state.size);
  }
}
