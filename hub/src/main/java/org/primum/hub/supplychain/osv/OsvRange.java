package org.primum.hub.supplychain.osv;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;
import org.primum.hub.supplychain.osv.versions.Version;

/**
 * One {@code affected[].ranges[]} entry of an OSV record: a timeline of events under one ordering,
 * valid from birth (OSV schema "affected[].ranges[].events": one key per event, at least one {@code
 * introduced}, never both {@code fixed} and {@code last_affected}).
 *
 * <p>The events are parsed and sorted when the record is read, so evaluating a version is a single
 * pass. {@code GIT} ranges need the repository's commit graph and are never evaluated here.
 */
public final class OsvRange {
  /** OSV schema "affected[].ranges[].type". */
  public enum Type {
    /** SemVer 2.0.0 precedence, whatever the ecosystem. */
    SEMVER,
    /** The ecosystem's own ordering. */
    ECOSYSTEM,
    /** Git commits; needs the repository. */
    GIT
  }

  /** OSV schema "affected[].ranges[].events". */
  public enum Kind {
    INTRODUCED("introduced"),
    FIXED("fixed"),
    LAST_AFFECTED("last_affected"),
    LIMIT("limit");

    private final String field;

    Kind(String field) {
      this.field = field;
    }

    /** The JSON key, e.g. {@code last_affected}. */
    public String field() {
      return field;
    }
  }

  /** One event: its kind, the version text as written and, when evaluable, the parsed version. */
  public static final class Event {
    private final Kind kind;
    private final String value;
    private final Version version;

    Event(Kind kind, String value, Version version) {
      this.kind = Objects.requireNonNull(kind, "kind");
      this.value = Objects.requireNonNull(value, "value");
      this.version = version;
    }

    public Kind kind() {
      return kind;
    }

    /** The version as written in the record. */
    public String value() {
      return value;
    }

    /**
     * The parsed version; empty for {@code introduced: "0"} (before every version), a {@code limit}
     * containing {@code *} (after every version), GIT commits, and unsupported ecosystems.
     */
    public Optional<Version> version() {
      return Optional.ofNullable(version);
    }

    /** OSV schema "Special values": {@code introduced: "0"} sorts before any other version. */
    boolean fromTheBeginning() {
      return kind == Kind.INTRODUCED && value.equals("0");
    }

    @Override
    public String toString() {
      return kind.field + " " + value;
    }
  }

  private final Type type;
  private final Optional<String> repo;
  private final List<Event> events;
  private final boolean evaluable;
  private final Event[] timeline;
  private final Event[] limits;

  /**
   * @param evaluable whether every event carries a parsed version (or a special value): true for
   *     SEMVER and ECOSYSTEM ranges of a supported ecosystem
   */
  OsvRange(Type type, Optional<String> repo, List<Event> events, boolean evaluable) {
    this.type = Objects.requireNonNull(type, "type");
    this.repo = Objects.requireNonNull(repo, "repo");
    this.events = List.copyOf(events);
    this.evaluable = evaluable && type != Type.GIT;
    List<Event> ordered = new ArrayList<>();
    List<Event> limitEvents = new ArrayList<>();
    for (Event event : this.events) {
      (event.kind == Kind.LIMIT ? limitEvents : ordered).add(event);
    }
    if (this.evaluable) {
      // OSV schema "Evaluation": sorted(range.events). Events with equal versions keep the order
      // the record gives them (List.sort is stable): the author's timeline decides a tie.
      ordered.sort(
          Comparator.comparing(Event::fromTheBeginning)
              .reversed()
              .thenComparing(
                  (a, b) ->
                      a.fromTheBeginning() || b.fromTheBeginning()
                          ? 0
                          : a.version.compareTo(b.version)));
    }
    this.timeline = ordered.toArray(Event[]::new);
    this.limits = limitEvents.toArray(Event[]::new);
  }

  public Type type() {
    return type;
  }

  /** The repository of a GIT range (OSV schema "affected[].ranges[].repo"). */
  public Optional<String> repo() {
    return repo;
  }

  /** The events in the order the record lists them. */
  public List<Event> events() {
    return events;
  }

  /** Whether {@link #contains} can answer: a SEMVER or ECOSYSTEM range of a supported ecosystem. */
  public boolean evaluable() {
    return evaluable;
  }

  /**
   * Whether {@code version} lies in this range, by the OSV schema "Evaluation" pseudo-code: below
   * some limit (an implicit {@code limit: "*"} when there is none), and vulnerable after walking
   * the sorted events ({@code introduced} inclusive, {@code fixed} exclusive, {@code last_affected}
   * inclusive).
   *
   * @param version parsed under this range's ordering (SemVer for SEMVER ranges, the ecosystem's
   *     ordering for ECOSYSTEM ranges)
   * @throws IllegalStateException for a GIT range or a range of an unsupported ecosystem
   */
  public boolean contains(Version version) {
    if (!evaluable) {
      throw new IllegalStateException("a " + type + " range of this record is not evaluable");
    }
    // OSV schema "Evaluation": BeforeLimits.
    if (limits.length > 0) {
      boolean below = false;
      for (Event limit : limits) {
        if (limit.version == null || version.compareTo(limit.version) < 0) {
          below = true;
          break;
        }
      }
      if (!below) {
        return false;
      }
    }
    // OSV schema "Evaluation": IncludedInRanges.
    boolean vulnerable = false;
    for (Event event : timeline) {
      if (event.fromTheBeginning()) {
        vulnerable = true;
        continue;
      }
      int c = version.compareTo(event.version);
      if (c < 0) {
        break; // every later event is at or above this one: none can apply
      }
      switch (event.kind) {
        case INTRODUCED -> vulnerable = true; // v >= introduced
        case FIXED -> vulnerable = false; // v >= fixed
        case LAST_AFFECTED -> vulnerable = vulnerable && c == 0; // v > last_affected clears
        default -> throw new IllegalStateException("limit events are not in the timeline");
      }
    }
    return vulnerable;
  }

  @Override
  public String toString() {
    return type
        + " ["
        + events.stream().map(Event::toString).collect(Collectors.joining(", "))
        + "]";
  }
}
