package org.primum.core.crypto;

import java.io.IOException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaCertStore;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.CMSSignedDataGenerator;
import org.bouncycastle.util.Store;

/**
 * The certificate bodies of EST (RFC 7030): a "certs-only" CMS SignedData (RFC 5652 §5 with no
 * signers, the degenerate case) carried as base64 with media type {@code application/pkcs7-mime}.
 */
public final class EstMessages {
  /** Largest certs-only body a device accepts, in base64 characters. */
  public static final int MAX_BASE64_CHARS = 64 * 1024;

  private EstMessages() {}

  /** RFC 7030 §4.1.3 / §4.2.3: base64 certs-only SignedData holding {@code certificates}. */
  public static String certsOnly(List<X509Certificate> certificates) {
    try {
      CMSSignedDataGenerator generator = new CMSSignedDataGenerator();
      generator.addCertificates(new JcaCertStore(certificates));
      CMSSignedData data = generator.generate(new CMSProcessableByteArray(new byte[0]), false);
      return Base64.getMimeEncoder().encodeToString(data.getEncoded()) + "\r\n";
    } catch (CMSException | IOException | CertificateEncodingException e) {
      throw new IllegalStateException("cannot encode certs-only CMS", e);
    }
  }

  /** Reads the certificates out of a base64 certs-only SignedData. */
  public static List<X509Certificate> parseCertsOnly(String base64) throws Pem.PemRejection {
    if (base64 == null || base64.length() > MAX_BASE64_CHARS) {
      throw new Pem.PemRejection(
          "expected a certs-only body of at most " + MAX_BASE64_CHARS + " characters");
    }
    try {
      byte[] der = Base64.getMimeDecoder().decode(base64);
      CMSSignedData data = new CMSSignedData(der);
      if (!data.getSignerInfos().getSigners().isEmpty()) {
        throw new Pem.PemRejection("expected a certs-only SignedData, found one with signers");
      }
      Store<X509CertificateHolder> store = data.getCertificates();
      Collection<X509CertificateHolder> holders = store.getMatches(null);
      List<X509Certificate> certificates = new ArrayList<>();
      JcaX509CertificateConverter converter = new JcaX509CertificateConverter();
      for (X509CertificateHolder holder : holders) {
        certificates.add(converter.getCertificate(holder));
      }
      if (certificates.isEmpty()) {
        throw new Pem.PemRejection("expected at least one certificate, found none");
      }
      return List.copyOf(certificates);
    } catch (CMSException | java.security.cert.CertificateException | RuntimeException e) {
      throw new Pem.PemRejection("unreadable certs-only CMS: " + e.getMessage());
    }
  }
}
