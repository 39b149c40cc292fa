package org.primum.device.update;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/**
 * Fetches from a directory: an offline update bundle on a USB stick or an unpacked archive, laid
 * out like the repository's URLs (names already percent-encoded by the client, used literally).
 *
 * <p>Security guarantees: a path can name only a regular file inside the directory: empty, {@code
 * .} and {@code ..} segments, backslashes and NUL are refused, and symbolic links leading outside
 * are refused. The bytes are as untrusted as any network's; the client verifies them.
 */
public final class DirectoryFetcher implements Fetcher {
  private final Path base;

  public DirectoryFetcher(Path base) {
    this.base = base.toAbsolutePath().normalize();
  }

  @Override
  public InputStream open(String path, long offset) throws IOException {
    return Channels.newInputStream(openChannel(path, offset));
  }

  @Override
  public SeekableByteChannel openChannel(String path, long offset) throws IOException {
    if (offset < 0) {
      throw new IllegalArgumentException("offset must not be negative, found " + offset);
    }
    Path file = base;
    for (String segment : path.split("/", -1)) {
      if (segment.isEmpty()
          || segment.equals(".")
          || segment.equals("..")
          || segment.indexOf('\\') >= 0
          || segment.indexOf('\0') >= 0) {
        throw new FileNotFoundException("not a file inside the bundle: " + path);
      }
      file = file.resolve(segment);
    }
    if (!Files.isRegularFile(file)) {
      throw new FileNotFoundException("no such file in the bundle: " + path);
    }
    Path real = file.toRealPath();
    if (!real.startsWith(base.toRealPath(LinkOption.NOFOLLOW_LINKS).toRealPath())) {
      throw new FileNotFoundException("refusing a link out of the bundle: " + path);
    }
    SeekableByteChannel channel = Files.newByteChannel(real);
    try {
      channel.position(offset);
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
    return channel;
  }

  @Override
  public String toString() {
    return "DirectoryFetcher[" + base + "]";
  }
}
