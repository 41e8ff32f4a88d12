package chokepoint.streams.fuse;

import chokepoint.records.Measure;
import chokepoint.topics.JsonSerde;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Sends each copy to the partition of its story, so that fusion can run on every partition: a copy is keyed by the
 * story it belongs with (the item that began it), found the way {@link FuseProcessor} finds an event (the item's own
 * earlier story, an act it names, a near title or lead, the act it talks about, and last the act it follows up, so
 * that its fusion can read that act's event), else its own id. {@link FuseProcessor} then decides on that partition,
 * with the events in hand, whether the copy joins an event: every copy it could join is there.
 * <p>
 * The router is the one look across partitions, and it runs in one task, so that two copies of a story that arrive
 * together on two partitions still meet: no index to lag behind, nothing to merge afterwards. It is made cheap for
 * that: it reads a {@link StoryCard} of a few hundred bytes, keeps the prints and acts of recent copies, and passes the
 * copy on as bytes it never parses.
 */
public final class StoryRouter implements Processor<StoryCard, byte[], String, byte[]> {

    /** The story of each act named, of each item that joined another item's story, and of each act's own notice. */
    public static final String ROUTES = "fusion-routes";
    /** The print of each recent copy, under its story: what the in-memory {@link RecentStories} is rebuilt from. */
    public static final String PRINTS = "fusion-route-prints";
    /** What recent acts and talk are about ({@link ActSubject}), under their story: rebuilt into {@link ActSubjects}. */
    public static final String SUBJECTS = "fusion-route-subjects";
    private static final String ITEM = "item:";

    /** Where a key leads, since when last seen, and whether it is kept for a measure's year or a week. */
    public record Route(String story, Instant seenAt, boolean lasting) {

        private static final JsonSerde<Route> STATE = JsonSerde.state(Route.class);

        public static Serde<Route> serde() {
            return STATE;
        }

        Route seenAgain(Instant at, boolean measure) {
            return new Route(story, at.isAfter(seenAt) ? at : seenAt, lasting || measure);
        }
    }

    private final Duration pruneEvery;
    private ProcessorContext<String, byte[]> context;
    private KeyValueStore<String, Route> routes;
    private KeyValueStore<String, StoryPrint> prints;
    private KeyValueStore<String, ActSubject> subjects;
    private RecentStories recentStories;
    private ActSubjects recentSubjects;

    /** @param pruneEvery how much stream time passes between two prunings of the routes */
    public StoryRouter(Duration pruneEvery) {
        this.pruneEvery = pruneEvery;
    }

    @Override
    public void init(ProcessorContext<String, byte[]> context) {
        this.context = context;
        this.routes = context.getStateStore(ROUTES);
        this.prints = context.getStateStore(PRINTS);
        this.subjects = context.getStateStore(SUBJECTS);
        // As in FuseProcessor: the in-memory indexes are derived state, rebuilt from the stores whenever the task starts.
        this.recentStories = new RecentStories(FuseProcessor.NEAR_COPY_WINDOW, FuseProcessor.RECENT_PRINTS);
        try (KeyValueIterator<String, StoryPrint> stored = prints.all()) {
            stored.forEachRemaining(entry -> recentStories.remember(entry.value));
        }
        recentStories.expire(prints::delete);
        this.recentSubjects = new ActSubjects(FuseProcessor.RECENT_SUBJECTS);
        try (KeyValueIterator<String, ActSubject> stored = subjects.all()) {
            stored.forEachRemaining(entry -> recentSubjects.remember(entry.value));
        }
        recentSubjects.expire(subjects::delete);
        context.schedule(pruneEvery, PunctuationType.STREAM_TIME, this::forgetPastHorizon);
    }

    @Override
    public void process(Record<StoryCard, byte[]> record) {
        StoryCard card = record.key();
        if (card == null || card.itemId() == null) {
            // Not made by the classify step: fusion reads the copy and decides alone, on one partition.
            context.forward(record.withKey(""));
            return;
        }
        if (card.seenAt() == null) {
            card = new StoryCard(card.itemId(), card.ids(), card.follows(), card.hash(), card.lead(), card.numbers(),
                    card.measure(), card.stage(), Instant.ofEpochMilli(record.timestamp()), card.references(), card.about());
        }
        String story = storyOf(card);
        remember(card, story);
        context.forward(record.withKey(story));
    }

    /** The story a copy belongs with, looked for in the order fusion looks for its event. */
    String storyOf(StoryCard card) {
        String story = recentStories.eventOf(card.itemId());
        if (story == null) {
            story = storyOfKey(ITEM + card.itemId());
        }
        for (int i = 0; story == null && i < card.ids().size(); i++) {
            story = storyOfKey(card.ids().get(i));
        }
        if (story == null) {
            story = recentStories.nearest(card.print(null));
        }
        ActSubject about = card.about();
        if (story == null && about != null && about.measure() != Measure.NONE) {
            story = about.act() ? recentSubjects.talkAbout(about) : recentSubjects.actOf(about);
        }
        // A follow-up is news of its own, but fusion reads the event of the act it acts on for its measure: beside it.
        for (int i = 0; story == null && i < card.follows().size(); i++) {
            story = storyOfKey(card.follows().get(i));
        }
        return story != null ? story : card.itemId();
    }

    private String storyOfKey(String key) {
        Route route = routes.get(key);
        return route == null ? null : route.story();
    }

    private void remember(StoryCard card, String story) {
        boolean measure = card.aboutAMeasure();
        for (String id : card.ids()) {
            keep(id, story, card.seenAt(), measure);
        }
        // An item that began its own story is found by its print for the window of prints; beyond it, only an act's
        // own notice (kept a year, and revised now and then) and an item that joined another story need a route.
        if (!story.equals(card.itemId()) || measure) {
            keep(ITEM + card.itemId(), story, card.seenAt(), measure);
        }
        StoryPrint print = card.print(story);
        prints.put(card.itemId(), print);
        recentStories.remember(print);
        recentStories.expire(prints::delete);
        ActSubject about = card.about();
        if (about != null && about.measure() != Measure.NONE) {
            boolean talkAlone = about.talk() && story.equals(card.itemId());
            if (about.act() || talkAlone) {
                ActSubject kept = about.inEvent(story);
                subjects.put(kept.itemId(), kept);
                recentSubjects.remember(kept);
                recentSubjects.expire(subjects::delete);
            }
        }
    }

    /** A key keeps the first story it led to (as fusion keeps an act's first event), seen again now. */
    private void keep(String key, String story, Instant at, boolean measure) {
        Route known = routes.get(key);
        routes.put(key, known == null ? new Route(story, at, measure) : known.seenAgain(at, measure));
    }

    /** Deletes the routes fusion no longer needs: a week after their last copy, a measure's after its event's horizon. */
    void forgetPastHorizon(long streamTime) {
        Instant now = Instant.ofEpochMilli(streamTime);
        List<String> gone = new ArrayList<>();
        try (KeyValueIterator<String, Route> all = routes.all()) {
            all.forEachRemaining(entry -> {
                Duration horizon = entry.value.lasting() ? FuseProcessor.EVENT_HORIZON : FuseProcessor.NONE_HORIZON;
                if (entry.value.seenAt().isBefore(now.minus(horizon))) {
                    gone.add(entry.key);
                }
            });
        }
        gone.forEach(routes::delete);
    }
}
