package org.primum.bench;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.Locale;
import java.util.Optional;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import org.primum.core.crypto.TlsContexts;

/**
 * A minimal blocking HTTP/1.1 client over one persistent mutual-TLS socket: the load generator's
 * stand-in for a pump's link. It does what a pump's link does on the wire (same TLS identity, same
 * request) with a fraction of the JDK HttpClient's per-client threads, so a thousand simulated
 * pumps leave the machine's cores to the hub being measured. Not for production use.
 */
final class TlsHttpConnection implements AutoCloseable {
  private final URI hub;
  private final javax.net.ssl.SSLSocketFactory factory;
  private SSLSocket socket;
  private OutputStream out;
  private InputStream in;

  TlsHttpConnection(
      URI hub, X509Certificate pinnedCa, TlsContexts.Identity identity, SecureRandom random) {
    this.hub = hub;
    this.factory = TlsContexts.client(pinnedCa, Optional.of(identity), random).getSocketFactory();
  }

  /** POSTs {@code body} and returns the status code; reconnects once if the socket was closed. */
  synchronized int post(String path, String contentType, byte[] body) throws IOException {
    try {
      return exchange(path, contentType, body);
    } catch (IOException first) {
      close();
      return exchange(path, contentType, body);
    }
  }

  private int exchange(String path, String contentType, byte[] body) throws IOException {
    if (socket == null) {
      connect();
    }
    String head =
        String.format(
            Locale.ROOT,
            "POST %s HTTP/1.1\r\nHost: %s:%d\r\nContent-Type: %s\r\nContent-Length: %d\r\n\r\n",
            path,
            hub.getHost(),
            hub.getPort(),
            contentType,
            body.length);
    out.write(head.getBytes(StandardCharsets.US_ASCII));
    out.write(body);
    out.flush();
    String status = line();
    if (!status.startsWith("HTTP/1.1 ")) {
      throw new IOException("bad status line: " + status);
    }
    int code = Integer.parseInt(status.substring(9, 12));
    int length = -1;
    boolean closeAfter = false;
    for (String header = line(); !header.isEmpty(); header = line()) {
      String lower = header.toLowerCase(Locale.ROOT);
      if (lower.startsWith("content-length:")) {
        length = Integer.parseInt(lower.substring(15).strip());
      } else if (lower.startsWith("connection:") && lower.contains("close")) {
        closeAfter = true;
      }
    }
    if (length < 0) {
      throw new IOException("response without Content-Length");
    }
    in.readNBytes(length);
    if (closeAfter) {
      close();
    }
    return code;
  }

  private void connect() throws IOException {
    SSLSocket s = (SSLSocket) factory.createSocket();
    SSLParameters parameters = s.getSSLParameters();
    parameters.setEndpointIdentificationAlgorithm("HTTPS");
    parameters.setServerNames(java.util.List.of(new SNIHostName(hub.getHost())));
    s.setSSLParameters(parameters);
    s.connect(new InetSocketAddress(hub.getHost(), hub.getPort()), 10_000);
    s.setSoTimeout(30_000);
    s.setTcpNoDelay(true);
    s.startHandshake();
    socket = s;
    out = new java.io.BufferedOutputStream(s.getOutputStream(), 4096);
    in = new BufferedInputStream(s.getInputStream(), 4096);
  }

  private String line() throws IOException {
    ByteArrayOutputStream buffer = new ByteArrayOutputStream(64);
    int b;
    while ((b = in.read()) != -1) {
      if (b == '\n') {
        break;
      }
      if (b != '\r') {
        buffer.write(b);
      }
    }
    if (b == -1 && buffer.size() == 0) {
      throw new IOException("connection closed");
    }
    return buffer.toString(StandardCharsets.US_ASCII);
  }

  @Override
  public synchronized void close() {
    if (socket != null) {
      try {
        socket.close();
      } catch (IOException ignored) {
        // closing anyway
      }
      socket = null;
    }
  }
}
