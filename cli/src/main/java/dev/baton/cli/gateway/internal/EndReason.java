package dev.baton.cli.gateway.internal;

/** Why a delivery is no longer open to its remote worker. */
enum EndReason {
  COMPLETED("its result was accepted already"),
  FAILED("its failure was accepted already"),
  HEARTBEAT_MISSED("its heartbeats stopped, so it was given back to the fleet"),
  CANCELLED("its turn was stopped"),
  INTERRUPTED("the gateway stopped running it (the turn's grace ran out or the gateway shut down)"),
  UNCLAIMED("no remote worker claimed it in time");

  private final String detail;

  EndReason(String detail) {
    this.detail = detail;
  }

  /** Why, for a problem's detail. */
  String detail() {
    return detail;
  }
}
