package org.primum.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.concurrent.Callable;
import org.primum.core.evidence.BundleRejection;
import org.primum.core.evidence.CustodyRecord;
import org.primum.hub.HubAdmin;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code primum evidence-custody}: records a hand-over of an evidence bundle. */
@Command(
    name = "evidence-custody",
    mixinStandardHelpOptions = true,
    description = {
      "Record a hand-over of an evidence bundle: the hub verifies the bundle, then appends a",
      "signed, hash-chained custody record (who, when, what, why). Runs on the hub's machine."
    })
final class EvidenceCustodyCommand implements Callable<Integer> {
  @Mixin DataOptions data;

  @Parameters(index = "0", description = "The bundle (.zip) to record a hand-over for.")
  Path bundle;

  @Option(
      names = "--action",
      required = true,
      description = "transferred | received | verified | sealed")
  String action;

  @Option(
      names = "--reason",
      required = true,
      description = "Why, and to or from whom (goes into the record).")
  String reason;

  @Option(names = "--out", description = "Where to write the bundle (default: replace BUNDLE).")
  Path out;

  @Override
  public Integer call() throws Exception {
    if (!Files.isRegularFile(bundle)) {
      System.err.println("No such bundle: " + bundle);
      return 2;
    }
    String actor = "cli:" + System.getProperty("user.name", "unknown");
    Path target = out == null ? bundle : out;
    try (HubAdmin admin =
        HubAdmin.open(data.config(), Clock.systemUTC(), new SecureRandom(), actor)) {
      CustodyRecord record = admin.handOverEvidence(bundle, target, action, reason);
      System.out.println(target);
      System.err.println(
          "Custody record "
              + record.index()
              + " ("
              + record.action()
              + " by "
              + record.actor()
              + " at "
              + record.at()
              + ") added; content sha256:"
              + record.contentDigest()
              + ".");
      return 0;
    } catch (BundleRejection e) {
      System.err.println(
          "The bundle does not verify, so no custody record was added: "
              + e.where()
              + ": "
              + e.getMessage());
      return 1;
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      return 2;
    }
  }
}
