package org.primum.core.crypto;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.util.io.pem.PemObject;
import org.primum.core.Rejection;

/** Reads and writes PEM (RFC 7468): certificates and PKCS#8 EC private keys. */
public final class Pem {
  private Pem() {}

  /** PEM text of one or more certificates, in order. */
  public static String certificates(List<X509Certificate> chain) {
    StringWriter out = new StringWriter();
    try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
      for (X509Certificate certificate : chain) {
        writer.writeObject(certificate);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }

  /** PEM text of one certificate. */
  public static String certificate(X509Certificate certificate) {
    return certificates(List.of(certificate));
  }

  /** PEM text of a PKCS#8 private key. */
  public static String privateKey(EcKeyPair keyPair, SecretAccess access) {
    StringWriter out = new StringWriter();
    try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
      writer.writeObject(new PemObject("PRIVATE KEY", keyPair.privateKey(access).getEncoded()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }

  /**
   * Parses every certificate in {@code pem}.
   *
   * @throws PemRejection if the text holds something else, or no certificate at all
   */
  public static List<X509Certificate> parseCertificates(String pem) throws PemRejection {
    List<X509Certificate> certificates = new ArrayList<>();
    try (PEMParser parser = new PEMParser(new StringReader(pem))) {
      Object object;
      while ((object = parser.readObject()) != null) {
        if (!(object instanceof X509CertificateHolder holder)) {
          throw new PemRejection(
              "expected only CERTIFICATE blocks, found " + object.getClass().getSimpleName());
        }
        certificates.add(new JcaX509CertificateConverter().getCertificate(holder));
      }
    } catch (IOException | CertificateException | RuntimeException e) {
      throw new PemRejection("unreadable certificate PEM: " + e.getMessage());
    }
    if (certificates.isEmpty()) {
      throw new PemRejection("expected at least one CERTIFICATE block, found none");
    }
    return List.copyOf(certificates);
  }

  /** Parses exactly one certificate. */
  public static X509Certificate parseCertificate(String pem) throws PemRejection {
    List<X509Certificate> all = parseCertificates(pem);
    if (all.size() != 1) {
      throw new PemRejection("expected exactly one certificate, found " + all.size());
    }
    return all.get(0);
  }

  /**
   * Parses an EC private key (PKCS#8 "PRIVATE KEY" or SEC1 "EC PRIVATE KEY") and derives its public
   * key.
   */
  public static EcKeyPair parsePrivateKey(String pem) throws PemRejection {
    KeyAndCertificates parsed = parseKeyAndCertificates(pem, false);
    return parsed.keyPair();
  }

  /** A private key and the certificates stored beside it in one PEM file. */
  public record KeyAndCertificates(EcKeyPair keyPair, List<X509Certificate> certificates) {
    public KeyAndCertificates {
      certificates = List.copyOf(certificates);
    }
  }

  /**
   * Parses a PEM file holding exactly one EC private key and, when {@code certificatesRequired}, at
   * least one certificate.
   */
  public static KeyAndCertificates parseKeyAndCertificates(String pem, boolean certificatesRequired)
      throws PemRejection {
    EcKeyPair keyPair = null;
    List<X509Certificate> certificates = new ArrayList<>();
    try (PEMParser parser = new PEMParser(new StringReader(pem))) {
      JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
      JcaX509CertificateConverter certificateConverter = new JcaX509CertificateConverter();
      Object object;
      while ((object = parser.readObject()) != null) {
        EcKeyPair found = null;
        if (object instanceof PEMKeyPair pair) {
          found =
              EcKeyPair.of(
                  converter.getPrivateKey(pair.getPrivateKeyInfo()),
                  converter.getPublicKey(pair.getPublicKeyInfo()));
        } else if (object instanceof PrivateKeyInfo info) {
          found = EcKeyPair.fromPrivateKey(converter.getPrivateKey(info));
        } else if (object instanceof X509CertificateHolder holder) {
          certificates.add(certificateConverter.getCertificate(holder));
        } else {
          throw new PemRejection(
              "expected a private key and certificates, found "
                  + object.getClass().getSimpleName());
        }
        if (found != null) {
          if (keyPair != null) {
            throw new PemRejection("expected one private key, found several");
          }
          keyPair = found;
        }
      }
    } catch (IOException | CertificateException | RuntimeException e) {
      throw new PemRejection("unreadable PEM: " + e.getMessage());
    }
    if (keyPair == null) {
      throw new PemRejection("expected an EC private key, found none");
    }
    if (certificatesRequired && certificates.isEmpty()) {
      throw new PemRejection("expected a certificate beside the private key, found none");
    }
    return new KeyAndCertificates(keyPair, certificates);
  }

  /** PEM text of a private key followed by its certificate chain. */
  public static String keyAndCertificates(
      EcKeyPair keyPair, List<X509Certificate> chain, SecretAccess access) {
    return privateKey(keyPair, access) + certificates(chain);
  }

  /** PEM text could not be read as what the caller expected. */
  public static final class PemRejection extends Rejection {
    public PemRejection(String message) {
      super("bad-pem", message);
    }
  }
}
