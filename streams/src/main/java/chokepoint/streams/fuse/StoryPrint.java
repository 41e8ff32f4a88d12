package chokepoint.streams.fuse;

import chokepoint.records.Measure;
import chokepoint.records.Stage;

import java.time.Instant;
import java.util.List;

/**
 * What fusion remembers of one copy to find later copies of its story: the event it belongs to, the SimHash of its
 * title and of its lead ({@link SimHash#NONE} when the text was too short to have one), the numbers its title names
 * ({@link SimHash#numbers}), what it was classified as, when it was seen, and the acts its event names, so that a
 * candidate can be ruled out without reading the event. Every copy keeps its own print, so an event is found by any
 * of its titles (the Chinese announcement's, the English version's, a wire's).
 *
 * @param stage null for an item that is about no measure
 */
public record StoryPrint(String eventId, String itemId, long hash, long lead, long numbers, Measure measure, Stage stage,
                         Instant seenAt, List<String> references) {

    public StoryPrint {
        references = references == null ? List.of() : List.copyOf(references);
    }

    /**
     * Whether two prints can be the same story apart from their words: the same numbers where both titles have some
     * (tariffs raised to 84% are not the 34% of two days before), and an official act in common where both name acts
     * ("Additions to the Entity List" is published every few weeks, each time a different rule).
     */
    boolean canBeCopyOf(StoryPrint other) {
        if (numbers != SimHash.NONE && other.numbers != SimHash.NONE && numbers != other.numbers) {
            return false;
        }
        if (references.isEmpty() || other.references.isEmpty()) {
            return true;
        }
        for (String reference : other.references) {
            if (references.contains(reference)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether two copies were read alike: near-identical headlines that differ in the word that matters (a ban lifted
     * is not the ban imposed a day before) are told apart by their classification. Equal leads need not be: an
     * outlet's own headline may name no measure at all.
     */
    boolean readAlike(StoryPrint other) {
        return measure == other.measure && stage == other.stage;
    }
}
