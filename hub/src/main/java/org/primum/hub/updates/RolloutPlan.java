package org.primum.hub.updates;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.primum.core.formats.Texts;

/**
 * How a rollout proceeds: its waves, by cumulative percentage of the target devices or by site, and
 * the thresholds that let a wave advance or make the rollout pause itself.
 *
 * @param percentages cumulative percentages, strictly increasing, the last 100 (percentage waves)
 * @param sites one wave per site, in order (site waves)
 * @param successThreshold percent of a wave's assigned devices that must end HEALTHY to advance
 * @param failureThreshold the rollout pauses when failures and rollbacks exceed this percent of the
 *     wave (with a small wave, a single failure does)
 * @param maxFailures the rollout also pauses at this many failures in a wave; 0 for no such limit
 * @param waveTimeout after this long a wave is judged even if some devices have not finished
 * @param soak a wave lasts at least this long before the next one starts
 */
public record RolloutPlan(
    Strategy strategy,
    List<Integer> percentages,
    List<String> sites,
    int successThreshold,
    int failureThreshold,
    int maxFailures,
    Duration waveTimeout,
    Duration soak) {
  public static final int DEFAULT_SUCCESS_THRESHOLD = 95;
  public static final int DEFAULT_FAILURE_THRESHOLD = 5;
  public static final Duration DEFAULT_WAVE_TIMEOUT = Duration.ofHours(1);
  public static final List<Integer> DEFAULT_WAVES = List.of(1, 10, 50, 100);

  /** How devices are split into waves. */
  public enum Strategy {
    PERCENTAGE,
    SITE
  }

  public RolloutPlan {
    Objects.requireNonNull(strategy, "strategy");
    percentages = List.copyOf(percentages);
    sites = List.copyOf(sites);
    Objects.requireNonNull(waveTimeout, "waveTimeout");
    Objects.requireNonNull(soak, "soak");
    if (strategy == Strategy.PERCENTAGE) {
      checkPercentages(percentages);
      if (!sites.isEmpty()) {
        throw new IllegalArgumentException("percentage waves name no sites");
      }
    } else {
      if (sites.isEmpty() || !percentages.isEmpty()) {
        throw new IllegalArgumentException("site waves name at least one site and no percentages");
      }
      if (new LinkedHashSet<>(sites).size() != sites.size()) {
        throw new IllegalArgumentException("each site may appear in one wave only: " + sites);
      }
      sites.forEach(s -> Texts.requireLabel("site", s));
    }
    percent("success threshold", successThreshold);
    percent("failure threshold", failureThreshold);
    if (maxFailures < 0) {
      throw new IllegalArgumentException(
          "max failures is 0 (no limit) or more, found " + maxFailures);
    }
    if (waveTimeout.isNegative() || waveTimeout.isZero()) {
      throw new IllegalArgumentException("the wave timeout must be positive, found " + waveTimeout);
    }
    if (soak.isNegative()) {
      throw new IllegalArgumentException("the soak time must not be negative, found " + soak);
    }
  }

  /** Percentage waves {@code 1,10,50,100} with the default thresholds. */
  public static RolloutPlan defaults() {
    return byPercentage(DEFAULT_WAVES);
  }

  /** Percentage waves with the default thresholds. */
  public static RolloutPlan byPercentage(List<Integer> cumulative) {
    return new RolloutPlan(
        Strategy.PERCENTAGE,
        cumulative,
        List.of(),
        DEFAULT_SUCCESS_THRESHOLD,
        DEFAULT_FAILURE_THRESHOLD,
        0,
        DEFAULT_WAVE_TIMEOUT,
        Duration.ZERO);
  }

  /** One wave per site with the default thresholds. */
  public static RolloutPlan bySite(List<String> sites) {
    return new RolloutPlan(
        Strategy.SITE,
        List.of(),
        sites,
        DEFAULT_SUCCESS_THRESHOLD,
        DEFAULT_FAILURE_THRESHOLD,
        0,
        DEFAULT_WAVE_TIMEOUT,
        Duration.ZERO);
  }

  /**
   * Parses {@code --waves 1,10,50,100} or {@code --waves-by-site Ward-A,Ward-B} (one of them; none
   * means the default percentages).
   *
   * @throws IllegalArgumentException naming what was expected and found
   */
  public static RolloutPlan parse(Optional<String> waves, Optional<String> wavesBySite) {
    if (waves.isPresent() && wavesBySite.isPresent()) {
      throw new IllegalArgumentException("give waves by percentage or by site, not both");
    }
    if (wavesBySite.isPresent()) {
      return bySite(split(wavesBySite.get()));
    }
    if (waves.isEmpty()) {
      return defaults();
    }
    List<Integer> numbers = new ArrayList<>();
    for (String part : split(waves.get())) {
      try {
        numbers.add(
            Integer.parseInt(part.endsWith("%") ? part.substring(0, part.length() - 1) : part));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(
            "waves are cumulative percentages such as 1,10,50,100, found \""
                + Texts.printable(part, 20)
                + "\"");
      }
    }
    return byPercentage(numbers);
  }

  public RolloutPlan withThresholds(int success, int failure, int maxFailureCount) {
    return new RolloutPlan(
        strategy, percentages, sites, success, failure, maxFailureCount, waveTimeout, soak);
  }

  public RolloutPlan withTiming(Duration timeout, Duration minimumSoak) {
    return new RolloutPlan(
        strategy,
        percentages,
        sites,
        successThreshold,
        failureThreshold,
        maxFailures,
        timeout,
        minimumSoak);
  }

  /** The waves as stored and shown: {@code 1,10,50,100} or {@code Ward-A,Ward-B}. */
  public String text() {
    return strategy == Strategy.PERCENTAGE
        ? String.join(",", percentages.stream().map(String::valueOf).toList())
        : String.join(",", sites);
  }

  /** Rebuilds a stored plan. */
  static RolloutPlan stored(
      String strategy,
      String text,
      int success,
      int failure,
      int maxFailures,
      Duration timeout,
      Duration soak) {
    RolloutPlan waves =
        Strategy.valueOf(strategy) == Strategy.SITE
            ? parse(Optional.empty(), Optional.of(text))
            : parse(Optional.of(text), Optional.empty());
    return waves.withThresholds(success, failure, maxFailures).withTiming(timeout, soak);
  }

  private static List<String> split(String text) {
    List<String> parts = new ArrayList<>();
    for (String part : text.split(",", -1)) {
      String p = part.strip();
      if (p.isEmpty()) {
        throw new IllegalArgumentException(
            "expected a comma-separated list without empty items, found \""
                + Texts.printable(text, 60)
                + "\"");
      }
      parts.add(p);
    }
    return parts;
  }

  private static void checkPercentages(List<Integer> percentages) {
    if (percentages.isEmpty()) {
      throw new IllegalArgumentException("percentage waves need at least one percentage");
    }
    int previous = 0;
    for (int p : percentages) {
      if (p <= previous || p > 100) {
        throw new IllegalArgumentException(
            String.format(
                Locale.ROOT,
                "wave percentages are cumulative, strictly increasing and at most 100, found %s",
                percentages));
      }
      previous = p;
    }
    if (previous != 100) {
      throw new IllegalArgumentException(
          "the last wave must reach 100 % of the devices, found " + percentages);
    }
  }

  private static void percent(String name, int value) {
    if (value < 0 || value > 100) {
      throw new IllegalArgumentException(name + " is a percentage 0-100, found " + value);
    }
  }
}
