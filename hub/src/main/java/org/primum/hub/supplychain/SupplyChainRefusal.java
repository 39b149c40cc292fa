package org.primum.hub.supplychain;

import org.primum.core.Rejection;

/** A supply-chain request was refused: bad input, or something it names does not exist. */
public final class SupplyChainRefusal extends Rejection {
  /** How the refusal maps onto HTTP. */
  public enum Kind {
    BAD_INPUT(400),
    NOT_FOUND(404);

    private final int status;

    Kind(int status) {
      this.status = status;
    }

    public int status() {
      return status;
    }
  }

  private final Kind kind;

  public SupplyChainRefusal(Kind kind, String code, String message) {
    super(code, message);
    this.kind = kind;
  }

  public Kind kind() {
    return kind;
  }

  static SupplyChainRefusal badInput(String code, String message) {
    return new SupplyChainRefusal(Kind.BAD_INPUT, code, message);
  }

  static SupplyChainRefusal notFound(String message) {
    return new SupplyChainRefusal(Kind.NOT_FOUND, "not-found", message);
  }
}
