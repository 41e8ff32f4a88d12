package chokepoint.streams.fuse;

import java.time.Instant;

/** A remembered title hash of an event, looked up by band to find copies of the story. */
public record TitlePrint(String eventId, long hash, Instant seenAt) {
}
