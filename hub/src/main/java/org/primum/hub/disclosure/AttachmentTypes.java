package org.primum.hub.disclosure;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The attachment types a report may carry, recognised by their content (magic numbers), never by
 * the name alone: plain text (valid UTF-8 without control characters other than tab, line breaks
 * and form feed), PDF, PNG, JPEG, packet captures (pcap in both byte orders and both time
 * resolutions, and pcapng) and zip archives. A name whose extension claims another of these types
 * is refused too, so a {@code .png} that is really a PDF does not mislead the analyst.
 */
public final class AttachmentTypes {
  public static final String TEXT = "text/plain";
  public static final String PDF = "application/pdf";
  public static final String PNG = "image/png";
  public static final String JPEG = "image/jpeg";
  public static final String PCAP = "application/vnd.tcpdump.pcap";
  public static final String PCAPNG = "application/x-pcapng";
  public static final String ZIP = "application/zip";

  /** Every allowed type. */
  public static final Set<String> ALLOWED = Set.of(TEXT, PDF, PNG, JPEG, PCAP, PCAPNG, ZIP);

  /** How pages and refusals name the allowed types. */
  public static final String DESCRIPTION =
      "plain text (UTF-8), PDF, PNG, JPEG, pcap or pcapng packet captures, zip";

  private record Magic(String type, byte[] prefix) {}

  private static final List<Magic> MAGICS =
      List.of(
          magic(PDF, "255044462d"), // %PDF-
          magic(PNG, "89504e470d0a1a0a"),
          magic(JPEG, "ffd8ff"),
          magic(PCAP, "a1b2c3d4"), // big-endian, microseconds
          magic(PCAP, "d4c3b2a1"), // little-endian, microseconds
          magic(PCAP, "a1b23c4d"), // big-endian, nanoseconds
          magic(PCAP, "4d3cb2a1"), // little-endian, nanoseconds
          magic(PCAPNG, "0a0d0d0a"), // section header block
          magic(ZIP, "504b0304"), // local file header
          magic(ZIP, "504b0506")); // end of central directory (an empty archive)

  private static final Map<String, String> EXTENSIONS =
      Map.of(
          "pdf", PDF,
          "png", PNG,
          "jpg", JPEG,
          "jpeg", JPEG,
          "pcap", PCAP,
          "cap", PCAP,
          "pcapng", PCAPNG,
          "zip", ZIP);

  private AttachmentTypes() {}

  private static Magic magic(String type, String hex) {
    return new Magic(type, HexFormat.of().parseHex(hex));
  }

  /**
   * The media type of {@code content}.
   *
   * @throws DisclosureRefusal if the content is of no allowed type, or the name's extension claims
   *     another allowed type than the content shows
   */
  static String sniff(String name, byte[] content) throws DisclosureRefusal {
    String type = byContent(content).orElseThrow(() -> unknown(name, content));
    String extension = extension(name);
    String claimed = EXTENSIONS.get(extension);
    if (claimed != null && !claimed.equals(type)) {
      throw new DisclosureRefusal(
          DisclosureRefusal.Kind.UNSUPPORTED_TYPE,
          "attachment-mismatch",
          String.format(
              Locale.ROOT,
              "attachment \"%s\" is named .%s (%s) but its content is %s",
              org.primum.core.formats.Texts.printable(name, 60),
              extension,
              claimed,
              type));
    }
    return type;
  }

  /** The type the content shows, if allowed. */
  static Optional<String> byContent(byte[] content) {
    for (Magic magic : MAGICS) {
      if (startsWith(content, magic.prefix())) {
        return Optional.of(magic.type());
      }
    }
    return isText(content) ? Optional.of(TEXT) : Optional.empty();
  }

  private static boolean startsWith(byte[] content, byte[] prefix) {
    if (content.length < prefix.length) {
      return false;
    }
    for (int i = 0; i < prefix.length; i++) {
      if (content[i] != prefix[i]) {
        return false;
      }
    }
    return true;
  }

  private static boolean isText(byte[] content) {
    if (content.length == 0) {
      return false;
    }
    String text;
    try {
      text =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(content))
              .toString();
    } catch (CharacterCodingException e) {
      return false;
    }
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (Character.isISOControl(c) && c != '\t' && c != '\n' && c != '\r' && c != '\f') {
        return false;
      }
    }
    return true;
  }

  private static String extension(String name) {
    int dot = name.lastIndexOf('.');
    return dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
  }

  private static DisclosureRefusal unknown(String name, byte[] content) {
    int n = Math.min(8, content.length);
    StringBuilder start = new StringBuilder();
    for (int i = 0; i < n; i++) {
      start.append(i == 0 ? "" : " ").append(String.format(Locale.ROOT, "%02X", content[i] & 0xff));
    }
    return new DisclosureRefusal(
        DisclosureRefusal.Kind.UNSUPPORTED_TYPE,
        "attachment-type",
        String.format(
            Locale.ROOT,
            "attachment \"%s\": expected %s by content, found %s",
            org.primum.core.formats.Texts.printable(name, 60),
            DESCRIPTION,
            content.length == 0 ? "an empty file" : "bytes starting " + start));
  }
}
