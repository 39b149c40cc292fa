package org.primum.pump.update;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.primum.core.Rejection;
import org.primum.core.formats.Texts;
import org.primum.core.json.Json;

/**
 * A software image for the reference pump: which model and hardware revisions it drives, its
 * version, and a payload standing in for the code. The simulated pump "boots" an image by checking
 * it against its own hardware (the health check), so a faulty release, for instance one built
 * without the driver for one hardware revision, fails on exactly those pumps.
 *
 * <p>Format (UTF-8 JSON): {@code {"format":"primum-rp1-firmware/1","model":"RP-1",
 * "version":"0.2.0","hardwareRevisions":["r1","r2"],"payload":"<base64>"}}.
 */
public record FirmwareImage(String version, List<String> hardwareRevisions, byte[] payload) {
  public static final String FORMAT = "primum-rp1-firmware/1";
  public static final String MODEL = "RP-1";

  /** Every hardware revision of the reference pump. */
  public static final List<String> REVISIONS = List.of("r1", "r2");

  public FirmwareImage {
    Texts.requireLabel("version", version);
    hardwareRevisions = List.copyOf(hardwareRevisions);
    payload = payload.clone();
  }

  @Override
  public byte[] payload() {
    return payload.clone();
  }

  /** A new image for {@code revisions} with {@code payloadBytes} of random payload. */
  public static FirmwareImage build(
      String version, List<String> revisions, int payloadBytes, SecureRandom random) {
    byte[] payload = new byte[payloadBytes];
    random.nextBytes(payload);
    return new FirmwareImage(version, revisions, payload);
  }

  /** The image every pump leaves the factory with (fixed bytes, so every pump has the same). */
  public static FirmwareImage factory(String version) {
    return new FirmwareImage(version, REVISIONS, new byte[1024]);
  }

  public byte[] toBytes() {
    ObjectNode node = JsonNodeFactory.instance.objectNode();
    node.put("format", FORMAT);
    node.put("model", MODEL);
    node.put("version", version);
    hardwareRevisions.forEach(node.putArray("hardwareRevisions")::add);
    node.put("payload", Base64.getEncoder().encodeToString(payload));
    return Json.write(node);
  }

  /**
   * Reads an image.
   *
   * @throws FirmwareRejection naming the first problem
   */
  public static FirmwareImage parse(byte[] bytes) throws FirmwareRejection {
    JsonNode node;
    try {
      node = Json.readTree(bytes);
    } catch (Json.JsonRejection e) {
      throw new FirmwareRejection("not a pump software image: " + e.getMessage());
    }
    if (!FORMAT.equals(node.path("format").asText())) {
      throw new FirmwareRejection(
          "expected format "
              + FORMAT
              + ", found "
              + Texts.printable(node.path("format").asText(), 40));
    }
    if (!MODEL.equals(node.path("model").asText())) {
      throw new FirmwareRejection(
          "the image is for model "
              + Texts.printable(node.path("model").asText(), 40)
              + ", not "
              + MODEL);
    }
    List<String> revisions = new ArrayList<>();
    for (JsonNode r : node.path("hardwareRevisions")) {
      revisions.add(r.asText());
    }
    try {
      return new FirmwareImage(
          node.path("version").asText(),
          revisions,
          Base64.getDecoder().decode(node.path("payload").asText()));
    } catch (IllegalArgumentException e) {
      throw new FirmwareRejection("the image is damaged: " + e.getMessage());
    }
  }

  /** A pump software image was refused. */
  public static final class FirmwareRejection extends Rejection {
    public FirmwareRejection(String message) {
      super("bad-firmware", message);
    }
  }
}
