package org.primum.hub.updates;

import java.util.Objects;
import org.primum.core.Rejection;

/**
 * A rollout request was refused: a malformed device update report, an unknown rollout, or an
 * operation the rollout's state does not allow. The message says what was expected and found.
 */
public final class RolloutRefusal extends Rejection {
  /** How the refusal maps onto HTTP. */
  public enum Kind {
    BAD_INPUT,
    NOT_FOUND,
    CONFLICT,
    FORBIDDEN
  }

  private final Kind kind;

  public RolloutRefusal(Kind kind, String code, String message) {
    super(code, message);
    this.kind = Objects.requireNonNull(kind, "kind");
  }

  public Kind kind() {
    return kind;
  }

  static RolloutRefusal badInput(String code, String message) {
    return new RolloutRefusal(Kind.BAD_INPUT, code, message);
  }

  static RolloutRefusal notFound(long id) {
    return new RolloutRefusal(Kind.NOT_FOUND, "rollout-unknown", "no rollout " + id);
  }

  static RolloutRefusal conflict(String code, String message) {
    return new RolloutRefusal(Kind.CONFLICT, code, message);
  }
}
