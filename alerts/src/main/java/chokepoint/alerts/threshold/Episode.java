package chokepoint.alerts.threshold;

import java.time.Instant;

/**
 * One breach of a group, as the threshold processor remembers it in the {@code threshold-episodes} store: enough to
 * reopen it when the group crosses again soon after, and to let a late indicator join the breach of its own time.
 *
 * @param breachId   the breach's id
 * @param firedAt    when the group crossed (indicator time)
 * @param resolvedAt when it fell back, or null while it fires
 */
record Episode(String breachId, Instant firedAt, Instant resolvedAt) {

    boolean open() {
        return resolvedAt == null;
    }

    /** Whether an indicator at {@code at} belongs to this breach: inside its first window or while it fired. */
    boolean gathers(Instant at, java.time.Duration window) {
        return at.isAfter(firedAt.minus(window)) && (resolvedAt == null || !at.isAfter(resolvedAt));
    }

    Episode resolved(Instant at) {
        return new Episode(breachId, firedAt, at);
    }

    Episode reopened() {
        return new Episode(breachId, firedAt, null);
    }
}
