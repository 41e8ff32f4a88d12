package chokepoint.streams.fuse;

import java.time.Instant;
import java.util.List;

/**
 * A remembered title hash of an event, looked up by band to find copies of the story, with the acts the event
 * names so that a candidate can be ruled out without reading the event.
 */
public record TitlePrint(String eventId, long hash, Instant seenAt, List<String> references) {

    public TitlePrint {
        references = references == null ? List.of() : List.copyOf(references);
    }
}
