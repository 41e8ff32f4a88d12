package chokepoint.streams.fuse;

import java.time.Instant;
import java.util.List;

/**
 * What fusion remembers of an event to find later copies of its story: the SimHash of its title, of its lead
 * ({@link SimHash#NONE} when the text was too short to have one), when it was seen, and the acts it names, so that a
 * candidate can be ruled out without reading the event.
 */
public record StoryPrint(String eventId, long hash, long lead, Instant seenAt, List<String> references) {

    public StoryPrint {
        references = references == null ? List.of() : List.copyOf(references);
    }
}
