package org.primum.cli;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.primum.core.evidence.BundleRejection;
import org.primum.core.evidence.CustodyRecord;
import org.primum.core.evidence.EvidenceBundles;
import org.primum.core.formats.NoteRejection;
import org.primum.core.formats.NoteVerifierKey;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code primum verify BUNDLE}: checks an evidence bundle offline, with no hub. */
@Command(
    name = "verify",
    mixinStandardHelpOptions = true,
    description = {
      "Verify an evidence bundle offline: every signature, proof, sequence and custody link.",
      "Exit code 0 only if everything holds; otherwise the first failing entry or record is named."
    })
final class VerifyCommand implements Callable<Integer> {
  @Parameters(paramLabel = "BUNDLE", description = "The bundle (.zip) exported by a Primum hub.")
  Path bundle;

  @Option(
      names = "--hub-key",
      paramLabel = "KEY",
      description =
          "The hub key you trust (name+id+key). Without it, the bundle's own is reported.")
  String hubKey;

  @Option(names = "--strict", description = "Also re-check each entry's canonical encoding.")
  boolean strict;

  @Override
  public Integer call() throws Exception {
    PrintStream out = System.out;
    if (!Files.isRegularFile(bundle)) {
      System.err.println("primum verify: no such file " + bundle);
      return 2;
    }
    Optional<NoteVerifierKey> pinned = Optional.empty();
    if (hubKey != null) {
      try {
        pinned = Optional.of(NoteVerifierKey.parse(hubKey));
      } catch (NoteRejection e) {
        System.err.println("primum verify: --hub-key: " + e.getMessage());
        return 2;
      }
    }
    boolean interactive = System.console() != null;
    long started = System.nanoTime();
    try {
      EvidenceBundles.Report report =
          EvidenceBundles.verify(
              bundle,
              pinned,
              strict,
              checked -> {
                if (interactive) {
                  System.err.printf(Locale.ROOT, "\rverifying: %,d entries", checked);
                }
              });
      if (interactive) {
        System.err.println();
      }
      double seconds = (System.nanoTime() - started) / 1e9;
      long entries = report.to() - report.from();
      out.println("VERIFIED " + bundle.getFileName());
      out.printf(Locale.ROOT, "  device:       %s (log %s)%n", report.device(), report.origin());
      out.printf(
          Locale.ROOT,
          "  entries:      %,d (%d to %d of %,d signed by the device)%n",
          entries,
          report.from(),
          report.to() - 1,
          report.treeSize());
      out.printf(
          Locale.ROOT,
          "  device time:  %s to %s%n",
          report.firstDeviceTime(),
          report.lastDeviceTime());
      out.printf(Locale.ROOT, "  gaps:         %d gap record(s)%n", report.gapRecords());
      out.printf(Locale.ROOT, "  device key:   %s%n", report.deviceKey());
      out.printf(
          Locale.ROOT,
          "  hub key:      %s%s%n",
          report.hubKey(),
          pinned.isPresent()
              ? " (matches the key you gave)"
              : " (compare it with the hub's published key)");
      out.printf(Locale.ROOT, "  receipts:     %d, covering the checkpoint%n", report.receipts());
      out.printf(Locale.ROOT, "  content:      sha256:%s%n", report.contentDigest());
      out.println("  custody:");
      for (CustodyRecord record : report.custody()) {
        out.printf(
            Locale.ROOT,
            "    %d. %s by %s at %s — %s%n",
            record.index(),
            record.action(),
            record.actor(),
            record.at(),
            record.reason());
      }
      out.printf(
          Locale.ROOT,
          "  checked in %.2f s (%,.0f entries/s)%n",
          seconds,
          entries / Math.max(seconds, 1e-9));
      return 0;
    } catch (BundleRejection e) {
      if (interactive) {
        System.err.println();
      }
      out.println("FAILED " + bundle.getFileName());
      out.println("  at:     " + e.where());
      out.println("  reason: " + e.getMessage());
      return 1;
    }
  }
}
