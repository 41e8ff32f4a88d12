package chokepoint.records;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Reads fused events (one indicator per story, with all its sources) from the stream processor's state, without
 * going through a topic: what the page and the API ask when a user opens one event or a time range.
 */
public interface EventQueries {

    /** The event by id, if this process holds it. */
    Optional<Indicator> event(String id);

    /** Events whose earliest copy falls in {@code [from, to)}, newest first, at most {@code limit}. */
    List<Indicator> events(Instant from, Instant to, int limit);
}
