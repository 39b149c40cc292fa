package org.primum.core.crypto;

import java.security.Provider;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

/** The BouncyCastle provider instance, used explicitly and never installed globally. */
final class Providers {
  static final Provider BC = new BouncyCastleProvider();

  private Providers() {}
}
