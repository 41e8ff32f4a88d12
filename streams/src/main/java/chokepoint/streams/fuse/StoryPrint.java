package chokepoint.streams.fuse;

import java.time.Instant;
import java.util.List;

/**
 * What fusion remembers of one copy to find later copies of its story: the event it belongs to, the SimHash of its
 * title and of its lead ({@link SimHash#NONE} when the text was too short to have one), when it was seen, and the
 * acts its event names, so that a candidate can be ruled out without reading the event. Every copy keeps its own
 * print, so an event is found by any of its titles (the Chinese announcement's, the English version's, a wire's).
 */
public record StoryPrint(String eventId, String itemId, long hash, long lead, Instant seenAt, List<String> references) {

    public StoryPrint {
        references = references == null ? List.of() : List.copyOf(references);
    }
}
