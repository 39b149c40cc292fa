package org.primum.hub.fleet;

import org.primum.core.Rejection;

/** The fleet service refused a request from a device or a user. */
public final class FleetRefusal extends Rejection {
  /** What kind of refusal, which the routes turn into an HTTP status. */
  public enum Kind {
    BAD_INPUT(400),
    UNAUTHENTICATED(401),
    FORBIDDEN(403),
    NOT_FOUND(404),
    CONFLICT(409);

    private final int status;

    Kind(int status) {
      this.status = status;
    }

    public int status() {
      return status;
    }
  }

  private final Kind kind;

  public FleetRefusal(Kind kind, String code, String message) {
    super(code, message);
    this.kind = kind;
  }

  public Kind kind() {
    return kind;
  }
}
