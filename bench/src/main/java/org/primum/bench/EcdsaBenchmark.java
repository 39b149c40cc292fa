package org.primum.bench;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * ECDSA P-256 sign and verify: the JDK's SunEC against BouncyCastle, through JCA. Chooses the
 * provider that signs and verifies status reports (ARCHITECTURE.md: measure before choosing).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Benchmark)
public class EcdsaBenchmark {
  private static final BouncyCastleProvider BC = new BouncyCastleProvider();
  private KeyPair keys;
  private byte[] message;
  private byte[] signature;
  private org.bouncycastle.crypto.params.ECDomainParameters domain;
  private org.bouncycastle.crypto.params.ECPublicKeyParameters publicParameters;

  @Setup
  public void setup() throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(new ECGenParameterSpec("secp256r1"));
    keys = generator.generateKeyPair();
    message = new byte[600];
    Signature signer = Signature.getInstance("SHA256withECDSA");
    signer.initSign(keys.getPrivate());
    signer.update(message);
    signature = signer.sign();
    var curve = org.bouncycastle.crypto.ec.CustomNamedCurves.getByName("secp256r1");
    domain = new org.bouncycastle.crypto.params.ECDomainParameters(curve);
    var w = ((java.security.interfaces.ECPublicKey) keys.getPublic()).getW();
    publicParameters =
        new org.bouncycastle.crypto.params.ECPublicKeyParameters(
            curve.getCurve().createPoint(w.getAffineX(), w.getAffineY()), domain);
  }

  @Benchmark
  public byte[] signSunEc() throws Exception {
    Signature s = Signature.getInstance("SHA256withECDSA");
    s.initSign(keys.getPrivate());
    s.update(message);
    return s.sign();
  }

  @Benchmark
  public byte[] signBouncyCastle() throws Exception {
    Signature s = Signature.getInstance("SHA256withECDSA", BC);
    s.initSign(keys.getPrivate());
    s.update(message);
    return s.sign();
  }

  @Benchmark
  public boolean verifySunEc() throws Exception {
    Signature s = Signature.getInstance("SHA256withECDSA");
    s.initVerify(keys.getPublic());
    s.update(message);
    return s.verify(signature);
  }

  @Benchmark
  public boolean verifyBouncyCastleLightweightCachedKey() throws Exception {
    byte[] hash = java.security.MessageDigest.getInstance("SHA-256").digest(message);
    java.math.BigInteger[] rs =
        org.bouncycastle.crypto.signers.StandardDSAEncoding.INSTANCE.decode(
            domain.getN(), signature);
    org.bouncycastle.crypto.signers.ECDSASigner verifier =
        new org.bouncycastle.crypto.signers.ECDSASigner();
    verifier.init(false, publicParameters);
    return verifier.verifySignature(hash, rs[0], rs[1]);
  }

  @Benchmark
  public boolean verifyBouncyCastle() throws Exception {
    Signature s = Signature.getInstance("SHA256withECDSA", BC);
    s.initVerify(keys.getPublic());
    s.update(message);
    return s.verify(signature);
  }
}
