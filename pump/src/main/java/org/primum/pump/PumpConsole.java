package org.primum.pump;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.primum.core.crypto.PasswordHashes;
import org.primum.device.safety.SafetySupervisor;
import org.primum.pump.druglib.AmountUnit;
import org.primum.pump.druglib.Concentration;
import org.primum.pump.druglib.DoseUnit;
import org.primum.pump.druglib.LimitName;
import org.primum.pump.druglib.PcaRequest;
import org.primum.pump.druglib.ProgramRequest;
import org.primum.pump.druglib.SoftLimitOverride;
import org.primum.pump.druglib.SoftLimitWarning;
import org.primum.pump.druglib.Verdict;
import org.primum.pump.druglib.VerifiedProgram;
import org.primum.pump.therapy.InfusionPump;

/**
 * The pump's local user interface: a line-oriented console on the pump itself (standard input and
 * output — no socket, PUMP-SAFETY MN1). It shows the screen (state, reason, priority, the program
 * being delivered, every alarm) and takes the actions of three roles:
 *
 * <ul>
 *   <li><b>patient</b> — no sign-in, the PCA button only ({@code pca});
 *   <li><b>clinician</b> — PIN: program, review the verdict, confirm soft limits with a reason,
 *       confirm, start, pause, bolus, clear an alarm's cause, pause the alarm sound;
 *   <li><b>biomed</b> (service) — PIN: everything a clinician can, plus the safe-mode reset and
 *       applying an offline update bundle ({@code bundle DIR}) on a pump that cannot reach the hub.
 * </ul>
 *
 * A PIN is checked against an Argon2id hash; five wrong PINs lock sign-in for five minutes. Signing
 * in lasts until {@code logout} or ten minutes without a command.
 */
public final class PumpConsole {
  private volatile java.util.function.Supplier<String> updates = () -> "";
  private volatile java.util.function.BiFunction<java.nio.file.Path, String, String> bundles =
      (dir, user) ->
          "? bundle: this pump has no software updater (no update roots of trust provisioned), so"
              + " it cannot verify a bundle; nothing changed";
  private volatile java.util.function.Supplier<String> bundleOutcome = () -> "";

  /** Who may act. */
  public enum Role {
    PATIENT,
    CLINICIAN,
    BIOMED
  }

  private static final Duration IDLE_LOGOUT = Duration.ofMinutes(10);
  private static final Duration LOCKOUT = Duration.ofMinutes(5);

  private final InfusionPump pump;
  private final PumpProgramming programming;
  private final Map<Role, String> pinHashes;
  private final PasswordHashes hashes;
  private final Clock clock;
  private Role role = Role.PATIENT;
  private String user = "patient";
  private Instant lastCommand;
  private int failures;
  private Instant lockedUntil = Instant.MIN;
  private ProgramRequest request;
  private final List<SoftLimitOverride> overrides = new ArrayList<>();
  private VerifiedProgram verified;
  private PumpOrders orders;
  private java.util.function.BiConsumer<Long, String> orderReports = (id, report) -> {};
  private Long orderInReview;
  private org.primum.pump.hl7.PendingOrder pendingInReview;
  private Long confirmedOrder;
  private org.primum.pump.hl7.PendingOrder confirmedPending;
  private VerifiedProgram confirmedProgram;

  /**
   * @param pinHashes Argon2id hashes of the clinician's and biomed's PINs (a role without one
   *     cannot sign in)
   */
  public PumpConsole(
      InfusionPump pump,
      PumpProgramming programming,
      Map<Role, String> pinHashes,
      PasswordHashes hashes,
      Clock clock) {
    this.pump = pump;
    this.programming = programming;
    this.pinHashes = new HashMap<>(pinHashes);
    this.hashes = hashes;
    this.clock = clock;
    this.lastCommand = clock.instant();
  }

  /**
   * Lets clinicians review orders from the hub ({@code orders}, {@code review ID}); once an order's
   * program starts, its report of the settings in force goes to {@code reports} (T4).
   */
  public synchronized void attachOrders(
      PumpOrders orders, java.util.function.BiConsumer<Long, String> reports) {
    this.orders = orders;
    this.orderReports = reports;
  }

  public synchronized Role role() {
    return role;
  }

  /** Runs one command line and returns what the console prints. */
  public synchronized String handle(String line) {
    Instant now = clock.instant();
    if (role != Role.PATIENT && Duration.between(lastCommand, now).compareTo(IDLE_LOGOUT) > 0) {
      signOut();
    }
    lastCommand = now;
    List<String> words = List.of(line.strip().split("\\s+"));
    String command = words.get(0).toLowerCase(Locale.ROOT);
    try {
      return switch (command) {
        case "", "status" -> screen();
        case "help" -> help();
        case "pca" -> pca();
        case "login" -> login(words);
        case "logout" -> {
          signOut();
          yield "signed out";
        }
        default -> clinical(command, words);
      };
    } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
      return "? " + e.getMessage() + " (type help)";
    }
  }

  private String clinical(String command, List<String> words) {
    if (role == Role.PATIENT) {
      return "? " + command + ": sign in first (login clinician|biomed PIN); patients have: pca";
    }
    return switch (command) {
      case "program" -> program(words);
      case "orders" -> listOrders();
      case "review" -> review(words);
      case "override" -> override(words);
      case "confirm" -> confirm();
      case "start" -> start();
      case "pause" -> transition(pump.pause(user));
      case "stop" -> transition(programming.clear(user));
      case "restore" -> restore();
      case "cancel" -> cancel();
      case "bolus" -> answer(pump.requestBolus(user), "bolus started");
      case "clear" -> {
        pump.conditionCleared(words.get(1).toUpperCase(Locale.ROOT));
        yield screen();
      }
      case "silence" -> {
        pump.pauseAudio(SafetySupervisor.MAX_AUDIO_PAUSE);
        yield "alarm sound paused for at most 2 minutes";
      }
      case "reset" -> {
        if (role != Role.BIOMED) {
          yield "? reset: biomed/service only";
        }
        yield transition(pump.resetSafeMode(user));
      }
      case "bundle" -> {
        if (role != Role.BIOMED) {
          yield "? bundle: biomed/service only";
        }
        if (words.size() < 2) {
          throw new IllegalArgumentException(
              "bundle DIR (an offline update bundle, e.g. /media/usb/primum-bundle)");
        }
        yield bundles.apply(
            java.nio.file.Path.of(String.join(" ", words.subList(1, words.size()))), user);
      }
      default -> "? unknown command " + command + " (type help)";
    };
  }

  private String listOrders() {
    if (orders == null || orders.waiting().isEmpty()) {
      return "no orders waiting";
    }
    StringBuilder out = new StringBuilder("orders waiting for review (review ID):\n");
    for (var entry : orders.waiting()) {
      var request = entry.getValue().request();
      out.append(
          String.format(
              Locale.ROOT,
              "  #%d  %s %s %s, VTBI %s mL%s%n",
              entry.getKey(),
              request.drugCode(),
              request.dose(),
              request.doseUnit(),
              request.vtbiMl(),
              entry.getValue().warnings().isEmpty() ? "" : "  (soft limit)"));
    }
    return out.toString().stripTrailing();
  }

  private String review(List<String> words) {
    if (orders == null) {
      return "? this pump takes no orders";
    }
    long id = (long) number(words.get(1));
    var order = orders.take(id);
    if (order.isEmpty()) {
      return "? no order #" + id + " waiting";
    }
    // T1: an order is reviewed and confirmed here like any program; nothing starts by itself.
    request = order.get().request();
    overrides.clear();
    verified = null;
    orderInReview = id;
    pendingInReview = order.get();
    pump.beginProgramming(user);
    return "ORDER #" + id + "\n" + check();
  }

  /** Offers the program kept from before a power cut, checked again and confirmed anew (S5). */
  private String restore() {
    var kept = programming.savedProgram();
    if (kept.isEmpty()) {
      return "? no program kept from before the last restart";
    }
    request = kept.get().request();
    overrides.clear();
    verified = null;
    orderInReview = null;
    pendingInReview = null;
    pump.beginProgramming(user);
    return String.format(
            Locale.ROOT,
            "RESTORED the program from before the restart (%.2f mL were delivered; VTBI now %.2f mL)%n",
            kept.get().deliveredMl(),
            request.vtbiMl())
        + check();
  }

  /**
   * Leaves programming; the previous program (if any) stays, paused; a reviewed order waits again.
   */
  private String cancel() {
    if (orderInReview != null) {
      orders.putBack(orderInReview, pendingInReview);
    }
    request = null;
    verified = null;
    overrides.clear();
    orderInReview = null;
    pendingInReview = null;
    return transition(pump.cancelProgramming(user));
  }

  private String start() {
    SafetySupervisor.Transition t = pump.start(user);
    if (t.accepted() && confirmedOrder != null) {
      orderReports.accept(confirmedOrder, orders.report(confirmedProgram, confirmedPending));
      confirmedOrder = null;
      confirmedPending = null;
      confirmedProgram = null;
    }
    return transition(t);
  }

  private String login(List<String> words) {
    Instant now = clock.instant();
    if (now.isBefore(lockedUntil)) {
      return "? sign-in locked for "
          + Duration.between(now, lockedUntil).toSeconds()
          + " s after wrong PINs";
    }
    Role wanted;
    try {
      wanted = Role.valueOf(words.get(1).toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
      return "? login clinician|biomed PIN";
    }
    String hash = pinHashes.get(wanted);
    if (wanted == Role.PATIENT || hash == null || words.size() < 3) {
      return "? login clinician|biomed PIN";
    }
    if (!hashes.matches(words.get(2), hash)) {
      failures++;
      if (failures >= 5) {
        lockedUntil = now.plus(LOCKOUT);
        failures = 0;
      }
      return "? wrong PIN";
    }
    failures = 0;
    role = wanted;
    user = wanted.name().toLowerCase(Locale.ROOT) + "@pump";
    return "signed in as " + wanted.name().toLowerCase(Locale.ROOT);
  }

  private void signOut() {
    role = Role.PATIENT;
    user = "patient";
    request = null;
    verified = null;
    overrides.clear();
  }

  /**
   * {@code program CARE-AREA DRUG-CODE AMOUNT UNIT VOLUME-ML DOSE DOSE-UNIT VTBI-ML [weight=KG]
   * [bolus=DOSE] [pca=DOSE,LOCKOUT-MIN,MAX-1H,MAX-4H]}
   */
  private String program(List<String> words) {
    if (words.size() < 9) {
      throw new IllegalArgumentException(
          "program CARE-AREA DRUG-CODE AMOUNT UNIT VOLUME-ML DOSE DOSE-UNIT VTBI-ML [weight=KG]"
              + " [bolus=DOSE] [pca=DOSE,LOCKOUT-MIN,MAX-1H,MAX-4H]");
    }
    AmountUnit unit =
        AmountUnit.bySymbol(words.get(4))
            .orElseThrow(() -> new IllegalArgumentException("unknown unit " + words.get(4)));
    DoseUnit doseUnit =
        DoseUnit.parse(words.get(7))
            .orElseThrow(() -> new IllegalArgumentException("unknown dose unit " + words.get(7)));
    ProgramRequest next =
        ProgramRequest.of(
            words.get(1),
            words.get(2),
            new Concentration(number(words.get(3)), unit, number(words.get(5))),
            doseUnit,
            number(words.get(6)),
            number(words.get(8)));
    for (String option : words.subList(9, words.size())) {
      String[] kv = option.split("=", 2);
      switch (kv[0]) {
        case "weight" -> next = next.withWeightKg(number(kv[1]));
        case "bolus" -> next = next.withBolus(number(kv[1]));
        case "pca" -> {
          String[] p = kv[1].split(",");
          next =
              next.withPca(new PcaRequest(number(p[0]), number(p[1]), number(p[2]), number(p[3])));
        }
        default -> throw new IllegalArgumentException("unknown option " + option);
      }
    }
    request = next;
    overrides.clear();
    verified = null;
    orderInReview = null;
    pendingInReview = null;
    pump.beginProgramming(user);
    return check();
  }

  private String check() {
    ProgramRequest withOverrides =
        request.withOverrides(overrides.toArray(SoftLimitOverride[]::new));
    Verdict verdict = programming.check(withOverrides, user);
    if (verdict instanceof Verdict.Accepted accepted) {
      verified = accepted.program();
      StringBuilder out = new StringBuilder("REVIEW, then type confirm:\n");
      for (String line : verified.displayLines()) {
        out.append("  ").append(line).append('\n');
      }
      return out.toString().stripTrailing();
    }
    verified = null;
    if (verdict instanceof Verdict.NeedsConfirmation soft) {
      StringBuilder out = new StringBuilder("SOFT LIMIT — confirm each with a reason:\n");
      for (SoftLimitWarning warning : soft.warnings()) {
        out.append("  ")
            .append(warning.message())
            .append("\n    override ")
            .append(warning.limit().name())
            .append(' ')
            .append(String.format(Locale.ROOT, "%s", warning.value()))
            .append(" REASON…\n");
      }
      return out.toString().stripTrailing();
    }
    StringBuilder out = new StringBuilder("REJECTED — cannot be delivered:\n");
    for (var reason : ((Verdict.Rejected) verdict).reasons()) {
      out.append("  ").append(reason.message()).append('\n');
    }
    return out.toString().stripTrailing();
  }

  private String override(List<String> words) {
    if (request == null) {
      return "? program first";
    }
    if (words.size() < 4) {
      throw new IllegalArgumentException("override LIMIT VALUE REASON");
    }
    LimitName limit;
    try {
      limit = LimitName.valueOf(words.get(1).toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("no limit " + words.get(1));
    }
    overrides.add(
        new SoftLimitOverride(
            limit, number(words.get(2)), user, String.join(" ", words.subList(3, words.size()))));
    return check();
  }

  private String confirm() {
    if (verified == null) {
      return "? nothing verified to confirm: program (and override soft limits) first";
    }
    SafetySupervisor.Transition t = programming.confirm(verified, user);
    if (t.accepted() && orderInReview != null) {
      confirmedOrder = orderInReview;
      confirmedPending = pendingInReview;
      confirmedProgram = verified;
    }
    orderInReview = null;
    pendingInReview = null;
    verified = null;
    request = null;
    return t.accepted() ? "confirmed; type start" : "? " + t.refusal();
  }

  private String pca() {
    return answer(pump.requestBolus("patient (PCA button)"), "dose started");
  }

  private String transition(SafetySupervisor.Transition t) {
    return t.accepted() ? screen() : "? " + t.refusal();
  }

  private String answer(String refusal, String ok) {
    return refusal.isEmpty() ? ok : "? " + refusal;
  }

  private static double number(String text) {
    try {
      return Double.parseDouble(text);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("not a number: " + text);
    }
  }

  /**
   * Shows the software updater's state on the screen (e.g. "update 0.2.0 ready: installs when no
   * therapy runs").
   */
  public void attachUpdates(java.util.function.Supplier<String> summary) {
    this.updates = java.util.Objects.requireNonNull(summary);
  }

  /**
   * Lets biomed apply an offline update bundle: {@code apply} takes the bundle's directory and the
   * user and returns the answer to show; {@code outcome} is what became of the last bundle, shown
   * on the screen.
   */
  public void attachBundles(
      java.util.function.BiFunction<java.nio.file.Path, String, String> apply,
      java.util.function.Supplier<String> outcome) {
    this.bundles = java.util.Objects.requireNonNull(apply);
    this.bundleOutcome = java.util.Objects.requireNonNull(outcome);
  }

  /** The screen: state, reason, priority, the program's own lines, volumes and every alarm. */
  public String screen() {
    InfusionPump.Screen s = pump.screen();
    StringBuilder out = new StringBuilder();
    out.append(s.state());
    s.priority().ifPresent(p -> out.append("  [").append(p).append(s.audible() ? " ♪]" : "]"));
    if (!s.reason().isEmpty()) {
      out.append("  ").append(s.reason());
    }
    out.append('\n');
    for (String line : s.program()) {
      out.append("  ").append(line).append('\n');
    }
    out.append(
        String.format(
            Locale.ROOT,
            "  infused %.2f mL · reservoir %.1f mL%s · battery %.0f %%%n",
            s.volumeInfusedMl(),
            s.reservoirMl(),
            s.timeToEmpty().map(d -> " (" + d.toMinutes() + " min to empty)").orElse(""),
            s.batteryPercent()));
    for (String alarm : s.alarms()) {
      out.append("  ! ").append(alarm).append('\n');
    }
    pump.maintenance().ifPresent(m -> out.append("  * ").append(m).append(": programming waits\n"));
    String software = updates.get();
    if (!software.isEmpty()) {
      out.append("  software: ").append(software).append('\n');
    }
    String bundle = bundleOutcome.get();
    if (!bundle.isEmpty()) {
      out.append("  offline bundle: ").append(bundle).append('\n');
    }
    out.append("  signed in: ").append(role.name().toLowerCase(Locale.ROOT));
    return out.toString();
  }

  private String help() {
    String common = "status | pca | login clinician|biomed PIN | logout";
    if (role == Role.PATIENT) {
      return common;
    }
    return common
        + "\nprogram CARE-AREA DRUG-CODE AMOUNT UNIT VOLUME-ML DOSE DOSE-UNIT VTBI-ML [weight=KG]"
        + " [bolus=DOSE] [pca=DOSE,LOCKOUT-MIN,MAX-1H,MAX-4H]"
        + "\norders | review ID | restore | cancel"
        + "\noverride LIMIT VALUE REASON | confirm | start | pause | stop | bolus | clear ALARM |"
        + " silence"
        + (role == Role.BIOMED ? " | reset | bundle DIR" : "")
        + programming.library().map(l -> "\n(drug library version " + l.version() + ")").orElse("");
  }

  /** For tests and the demo: the hash map a console needs from plain PINs. */
  public static Map<Role, String> hashPins(
      PasswordHashes hashes, Optional<String> clinician, Optional<String> biomed) {
    Map<Role, String> map = new HashMap<>();
    clinician.ifPresent(pin -> map.put(Role.CLINICIAN, hashes.hash(pin)));
    biomed.ifPresent(pin -> map.put(Role.BIOMED, hashes.hash(pin)));
    return map;
  }
}
