package org.primum.hub.advisories;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.openpgp.PGPPublicKeyRing;
import org.bouncycastle.openpgp.PGPSignature;
import org.bouncycastle.openpgp.PGPSignatureList;
import org.bouncycastle.openpgp.PGPUtil;
import org.bouncycastle.openpgp.jcajce.JcaPGPObjectFactory;
import org.bouncycastle.openpgp.operator.bc.BcKeyFingerprintCalculator;
import org.bouncycastle.openpgp.operator.bc.BcPGPContentVerifierBuilderProvider;

/** An independent OpenPGP check for tests: verifies a detached armoured signature with bcpg. */
final class AdvisoryOpenPgp {
  private AdvisoryOpenPgp() {}

  /** The signature if it verifies over {@code data} with the armoured public key, else throws. */
  static PGPSignature verify(byte[] armoredKey, String armoredSignature, byte[] data)
      throws Exception {
    PGPPublicKeyRing ring =
        new PGPPublicKeyRing(
            PGPUtil.getDecoderStream(new ByteArrayInputStream(armoredKey)),
            new BcKeyFingerprintCalculator());
    Object o =
        new JcaPGPObjectFactory(
                PGPUtil.getDecoderStream(
                    new ByteArrayInputStream(armoredSignature.getBytes(StandardCharsets.US_ASCII))))
            .nextObject();
    PGPSignature signature = ((PGPSignatureList) o).get(0);
    PGPPublicKey key = ring.getPublicKey(signature.getKeyID());
    if (key == null) {
      throw new AssertionError("the signature names key " + Long.toHexString(signature.getKeyID()));
    }
    signature.init(new BcPGPContentVerifierBuilderProvider(), key);
    signature.update(data);
    if (!signature.verify()) {
      throw new AssertionError("the OpenPGP signature does not verify");
    }
    return signature;
  }

  static String fingerprint(byte[] armoredKey) throws Exception {
    PGPPublicKeyRing ring =
        new PGPPublicKeyRing(
            PGPUtil.getDecoderStream(new ByteArrayInputStream(armoredKey)),
            new BcKeyFingerprintCalculator());
    return HexFormat.of().withUpperCase().formatHex(ring.getPublicKey().getFingerprint());
  }
}
