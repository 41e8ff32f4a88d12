package chokepoint.streams.fuse;

import chokepoint.records.ActReference;
import chokepoint.records.Indicator;
import chokepoint.records.Measure;
import chokepoint.records.Stage;
import chokepoint.streams.classify.StoryIdentifiers;
import chokepoint.topics.JsonSerde;
import org.apache.kafka.common.serialization.Serde;

import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What {@link StoryRouter} needs of a copy to send it to the partition of its story, and nothing more: the acts it is
 * a copy of, the acts it follows up, its prints and what it is about. Made on the partition that classified the copy
 * and carried as the key of the one-partition topic into the router, so that the router, the one task every item
 * passes, reads a few hundred bytes and leaves the copy itself as bytes it never parses.
 *
 * @param ids        the acts the copy names as its own (its references less those it acts on), as fusion reads them
 * @param follows    the acts it suspends, extends, amends or lifts: it is news of its own, fused beside them
 * @param references every act it names, for {@link StoryPrint#canBeCopyOf}
 * @param about      what act it is, or talks about, by its title ({@link ActSubject}); null when its title says too little
 */
public record StoryCard(String itemId, List<String> ids, List<String> follows, long hash, long lead, long numbers,
                        Measure measure, Stage stage, Instant seenAt, List<String> references, ActSubject about) {

    private static final JsonSerde<StoryCard> JSON = JsonSerde.of(StoryCard.class);

    public StoryCard {
        ids = ids == null ? List.of() : List.copyOf(ids);
        follows = follows == null ? List.of() : List.copyOf(follows);
        references = references == null ? List.of() : List.copyOf(references);
    }

    /** The card of a classified copy, read as {@link FuseProcessor} reads it. */
    public static StoryCard of(StoryCopy copy) {
        Indicator indicator = copy.indicator();
        Set<String> ids = new LinkedHashSet<>(indicator.references());
        List<String> follows = indicator.refersTo().stream().map(ActReference::act).toList();
        follows.forEach(ids::remove);
        ActSubject about = ActSubject.of(indicator.itemId(), StoryIdentifiers.withoutActs(indicator.title()), !ids.isEmpty(),
                indicator.measure(), indicator.actor(), indicator.targets(), indicator.occurredAt());
        return new StoryCard(indicator.itemId(), List.copyOf(ids), follows, copy.hash(), copy.lead(), copy.numbers(),
                indicator.measure(), indicator.stage(), indicator.occurredAt(), indicator.references(), about);
    }

    /** The print the router keeps of this copy, under the story it was sent with. */
    StoryPrint print(String story) {
        return new StoryPrint(story, itemId, hash, lead, numbers, measure, stage, seenAt, references);
    }

    /** Kept for long: an act's story is looked for by its follow-ups for a year and more. */
    boolean aboutAMeasure() {
        return measure != null && measure != Measure.NONE;
    }

    public static Serde<StoryCard> serde() {
        return JSON;
    }
}
