package org.primum.hub.disclosure;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.primum.core.formats.Texts;

/**
 * A vulnerability report as a finder submits it, checked: every text bounded and free of control
 * characters, at most {@value Attachment#MAX_COUNT} attachments of allowed types. Whether the
 * product exists, and the decryption of an OpenPGP-encrypted description, are the service's
 * business.
 *
 * @param hardwareId the product's hardware id
 * @param version a released version, or {@link Product#ANY_VERSION}
 * @param description the report, in the clear or as an ASCII-armoured OpenPGP message
 * @param contact the finder's e-mail address, if they want replies by mail too
 */
public record DisclosureReport(
    String hardwareId,
    String version,
    String title,
    String description,
    String steps,
    String impact,
    Safety safety,
    String safetyDetail,
    Optional<String> contact,
    Credit credit,
    List<Attachment> attachments) {
  public static final int MAX_TITLE = 200;
  public static final int MAX_DESCRIPTION = 50_000;
  public static final int MAX_STEPS = 20_000;
  public static final int MAX_IMPACT = 10_000;
  public static final int MAX_SAFETY_DETAIL = 5_000;

  public DisclosureReport {
    if (!Texts.isLabel(hardwareId)) {
      throw new IllegalArgumentException(
          "product must be a hardware id (1-64 letters, digits, spaces or . _ + ( ) / : -), found \""
              + Texts.printable(hardwareId, 60)
              + "\"");
    }
    if (!Texts.isLabel(version)) {
      throw new IllegalArgumentException(
          "version must be a release version or \"any\", found \""
              + Texts.printable(version, 60)
              + "\"");
    }
    title = TextFields.line("title", title, MAX_TITLE);
    description = TextFields.block("description", description, 1, MAX_DESCRIPTION);
    steps = TextFields.block("steps to reproduce", steps, 0, MAX_STEPS);
    impact = TextFields.block("impact", impact, 0, MAX_IMPACT);
    Objects.requireNonNull(safety, "safety");
    safetyDetail = TextFields.block("safety detail", safetyDetail, 0, MAX_SAFETY_DETAIL);
    Objects.requireNonNull(contact, "contact");
    contact = contact.flatMap(c -> TextFields.email("contact", c));
    Objects.requireNonNull(credit, "credit");
    attachments = List.copyOf(attachments);
    if (attachments.size() > Attachment.MAX_COUNT) {
      throw new IllegalArgumentException(
          "expected at most " + Attachment.MAX_COUNT + " attachments, found " + attachments.size());
    }
  }

  /** Whether the description is an ASCII-armoured OpenPGP message (to decrypt on intake). */
  public boolean encrypted() {
    return description.stripLeading().startsWith(DisclosureKeys.ARMOR_HEADER);
  }

  /** The same report with {@code clear} as its description. */
  DisclosureReport withDescription(String clear) {
    return new DisclosureReport(
        hardwareId,
        version,
        title,
        clear,
        steps,
        impact,
        safety,
        safetyDetail,
        contact,
        credit,
        attachments);
  }
}
