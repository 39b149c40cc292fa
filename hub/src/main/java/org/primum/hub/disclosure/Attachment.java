package org.primum.hub.disclosure;

import java.util.Arrays;
import java.util.Objects;
import org.primum.core.crypto.Hashes;

/**
 * A file a researcher attached to a report, in the clear, of an allowed type as its content shows
 * ({@link AttachmentTypes}). It lives in memory only: the hub writes it to disk encrypted.
 *
 * @param name the file name the researcher gave (display only; never used as a path)
 * @param mediaType the media type sniffed from the content
 */
public record Attachment(String name, String mediaType, byte[] content) {
  /** Most attachments per report. */
  public static final int MAX_COUNT = 5;

  /** Largest attachment: 5 MiB. */
  public static final int MAX_BYTES = 5 * 1024 * 1024;

  /** Longest file name. */
  public static final int MAX_NAME = 120;

  public Attachment {
    name = TextFields.line("attachment name", name, MAX_NAME);
    if (name.indexOf('/') >= 0 || name.indexOf('\\') >= 0) {
      throw new IllegalArgumentException(
          "attachment name must be a file name without / or \\, found \""
              + org.primum.core.formats.Texts.printable(name, 60)
              + "\"");
    }
    Objects.requireNonNull(mediaType, "mediaType");
    if (!AttachmentTypes.ALLOWED.contains(mediaType)) {
      throw new IllegalArgumentException("not an allowed attachment type: " + mediaType);
    }
    Objects.requireNonNull(content, "content");
    if (content.length == 0 || content.length > MAX_BYTES) {
      throw new IllegalArgumentException(
          "attachment \""
              + org.primum.core.formats.Texts.printable(name, 60)
              + "\" must be 1-"
              + MAX_BYTES
              + " bytes, found "
              + content.length);
    }
    content = content.clone();
  }

  /**
   * Checks the content's type and builds the attachment.
   *
   * @throws DisclosureRefusal if the content is not of an allowed type or its name claims another
   */
  public static Attachment sniffed(String name, byte[] content) throws DisclosureRefusal {
    String type = AttachmentTypes.sniff(name, content);
    try {
      return new Attachment(name, type, content);
    } catch (IllegalArgumentException e) {
      throw DisclosureRefusal.badInput("attachment-invalid", e.getMessage());
    }
  }

  @Override
  public byte[] content() {
    return content.clone();
  }

  public int size() {
    return content.length;
  }

  public String sha256() {
    return Hashes.sha256Hex(content);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Attachment a
        && a.name.equals(name)
        && a.mediaType.equals(mediaType)
        && Arrays.equals(a.content, content);
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, mediaType, Arrays.hashCode(content));
  }

  @Override
  public String toString() {
    return "Attachment[" + name + ", " + mediaType + ", " + content.length + " bytes]";
  }
}
