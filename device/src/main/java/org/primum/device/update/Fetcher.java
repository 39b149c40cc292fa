package org.primum.device.update;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.ReadableByteChannel;

/**
 * Where metadata and targets come from: the hub over mutual TLS ({@link HttpFetcher#hub}), a plain
 * HTTPS repository ({@link HttpFetcher#https}), or a directory or USB bundle ({@link
 * DirectoryFetcher}).
 *
 * <p>A fetcher only moves bytes; it is never trusted. Every byte it returns is bounded and checked
 * by the {@link UpdateClient} against signed metadata.
 */
@FunctionalInterface
public interface Fetcher {
  /**
   * Opens {@code path} (relative to the repository base, already percent-encoded where needed) from
   * byte {@code offset}; throws {@link java.io.FileNotFoundException} when absent. The caller
   * bounds how much it reads and closes the stream.
   */
  InputStream open(String path, long offset) throws IOException;

  /**
   * As {@link #open}, as a channel: what streams a target into its slot. A fetcher that reads files
   * returns the file's own channel, so the bytes reach the slot writer's direct buffers without a
   * copy through the heap; the default adapts {@link #open}.
   */
  default ReadableByteChannel openChannel(String path, long offset) throws IOException {
    return Channels.newChannel(open(path, offset));
  }
}
