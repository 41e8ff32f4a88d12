package chokepoint.alerts.delivery;

/** An update waiting for its group interval, in the changelogged store that keeps it across a crash or a hand-over. */
record Held(Routed routed, long releaseAt) {
}
