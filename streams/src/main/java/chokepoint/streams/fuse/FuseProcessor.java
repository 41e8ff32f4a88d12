package chokepoint.streams.fuse;

import chokepoint.records.ActReference;
import chokepoint.records.Indicator;
import chokepoint.records.Measure;
import chokepoint.records.SourceRef;
import chokepoint.records.Stage;
import chokepoint.streams.classify.StoryIdentifiers;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Fuses copies of one story into one event: an item that names the same official act as an earlier one (a Federal
 * Register document number, a Chinese announcement number, a CELEX number), or whose title or lead (the first
 * {@link SimHash#LEAD_WORDS} words of its text: outlets retitle a wire story but keep its first paragraph) is a near
 * copy of a recent one's (SimHash within {@link SimHash#NEAR} bits, {@link #NEAR_COPY_WINDOW} apart at most), joins
 * that event. The event's indicator is published under the event's id whenever a copy joins or a better
 * classification arrives, with every source and the earliest time seen.
 */
public final class FuseProcessor implements Processor<String, StoryCopy, String, Indicator> {

    /** The most sources an event lists (about 250 bytes each): see {@link #bounded}. */
    static final int MAX_SOURCES = 400;

    public static final String EVENTS = "fusion-events";
    public static final String IDENTIFIERS = "fusion-identifiers";
    /**
     * The story print (title and lead) of each recent copy, keyed by item: what {@link RecentStories}, the in-memory
     * index by band, is rebuilt from when the task starts.
     */
    public static final String PRINTS = "fusion-recent-prints";
    /**
     * What recent acts, and recent talk about acts that found no act yet, are about ({@link ActSubject}), keyed by item:
     * what {@link ActSubjects} is rebuilt from when the task starts.
     */
    public static final String SUBJECTS = "fusion-act-subjects";
    /** Acts and talk about them within {@link ActSubject#WINDOW}: a few thousand, where items are millions. */
    static final int RECENT_SUBJECTS = 20_000;
    /** Wire copies of a headline come within days; the same words a month later are a new story. */
    static final Duration NEAR_COPY_WINDOW = Duration.ofDays(3);
    /**
     * Story prints kept in memory: 300,000 are about 100 MB of heap and the whole window up to 100,000 items a day;
     * at a million items a day the oldest fall out after about seven hours, still longer than most copies take.
     */
    static final int RECENT_PRINTS = 300_000;
    /**
     * How long an event is kept for follow-ups to find their act: a year's suspension and the news of its end, with a
     * margin. Older events and the identifiers that point to them are deleted (a daily punctuation on stream time),
     * so the stores hold the measures of the last 400 days, not of every year.
     */
    static final Duration EVENT_HORIZON = Duration.ofDays(400);
    /**
     * An event with no measure (most items) is kept only while a copy may still join it, and a copy with a measure
     * lifts it (a vague report of "announcement No. 61" before the announcement itself): a week, not 400 days.
     */
    static final Duration NONE_HORIZON = Duration.ofDays(7);

    private final Duration pruneEvery;
    private ProcessorContext<String, Indicator> context;
    private KeyValueStore<String, Indicator> events;
    private KeyValueStore<String, String> identifiers;
    private KeyValueStore<String, StoryPrint> prints;
    private RecentStories recentStories;
    private KeyValueStore<String, ActSubject> subjects;
    private ActSubjects recentSubjects;

    /** Pruned daily, as on the live lane. */
    public FuseProcessor() {
        this(Duration.ofDays(1));
    }

    /** @param pruneEvery how much stream time passes between two prunings of the stores */
    public FuseProcessor(Duration pruneEvery) {
        this.pruneEvery = pruneEvery;
    }

    @Override
    public void init(ProcessorContext<String, Indicator> context) {
        this.context = context;
        this.events = context.getStateStore(EVENTS);
        this.identifiers = context.getStateStore(IDENTIFIERS);
        this.prints = context.getStateStore(PRINTS);
        // init runs after the stores are restored, and again when a task is revived after a failure: the index is
        // rebuilt from what the store holds, never carried over.
        this.recentStories = new RecentStories(NEAR_COPY_WINDOW, RECENT_PRINTS);
        try (KeyValueIterator<String, StoryPrint> stored = prints.all()) {
            stored.forEachRemaining(entry -> recentStories.remember(entry.value));
        }
        recentStories.expire(prints::delete);
        this.subjects = context.getStateStore(SUBJECTS);
        this.recentSubjects = new ActSubjects(RECENT_SUBJECTS);
        try (KeyValueIterator<String, ActSubject> stored = subjects.all()) {
            stored.forEachRemaining(entry -> recentSubjects.remember(entry.value));
        }
        recentSubjects.expire(subjects::delete);
        context.schedule(pruneEvery, PunctuationType.STREAM_TIME, this::forgetPastHorizon);
    }

    /**
     * Deletes events older than {@link #EVENT_HORIZON} (by their latest copy), events without a measure older than
     * {@link #NONE_HORIZON}, and the identifiers of the events deleted.
     */
    void forgetPastHorizon(long streamTime) {
        Instant now = Instant.ofEpochMilli(streamTime);
        Set<String> gone = new HashSet<>();
        try (KeyValueIterator<String, Indicator> all = events.all()) {
            all.forEachRemaining(entry -> {
                Instant latest = entry.value.sources().stream().map(SourceRef::seenAt).filter(java.util.Objects::nonNull)
                        .max(Instant::compareTo).orElse(entry.value.occurredAt());
                Instant horizon = now.minus(entry.value.measure() == Measure.NONE ? NONE_HORIZON : EVENT_HORIZON);
                if (latest != null && latest.isBefore(horizon)) {
                    gone.add(entry.key);
                }
            });
        }
        if (gone.isEmpty()) {
            return;
        }
        gone.forEach(events::delete);
        List<String> orphans = new ArrayList<>();
        try (KeyValueIterator<String, String> all = identifiers.all()) {
            all.forEachRemaining(entry -> {
                if (gone.contains(entry.value)) {
                    orphans.add(entry.key);
                }
            });
        }
        orphans.forEach(identifiers::delete);
    }

    @Override
    public void process(Record<String, StoryCopy> record) {
        Indicator copy = withMeasureOfTheActItFollows(record.value().indicator());
        SourceRef source = copy.sources().isEmpty()
                ? new SourceRef(copy.sourceId(), copy.itemId(), copy.url(), copy.title(), copy.occurredAt())
                : copy.sources().get(0);
        // The acts a follow-up acts on are not its story: a suspension of announcement No. 61 is news of its own, not a
        // copy of No. 61 (copies and reports name their act without acting on it).
        Set<String> ids = new LinkedHashSet<>(copy.references());
        copy.refersTo().forEach(reference -> ids.remove(reference.act()));
        // The copy's print, before fusion has said which event it belongs to.
        StoryPrint probe = new StoryPrint(null, copy.itemId(), record.value().hash(), record.value().lead(),
                record.value().numbers(), copy.measure(), copy.stage(), copy.occurredAt(), copy.references());
        // An item that founded its event is an update of it (the event takes its founder's id); otherwise look for
        // the event it joined before or joins now.
        Indicator founded = events.get(copy.itemId());
        // Identifiers looked up and not found need no second read before they are written.
        Set<String> unknown = new HashSet<>();
        ActSubject about = ActSubject.of(copy.itemId(), StoryIdentifiers.withoutActs(copy.title()), !ids.isEmpty(),
                copy.measure(), copy.actor(), copy.targets(), copy.occurredAt());
        String eventId = founded != null ? copy.itemId() : eventOf(probe, ids, unknown, about);
        Indicator current = founded != null ? founded : eventId.equals(copy.itemId()) ? null : events.get(eventId);
        Indicator fused = current == null ? withIdentity(copy, eventId, List.of(source), copy.occurredAt(), copy.references())
                : merge(current, copy, source);
        events.put(eventId, fused);
        for (String id : ids) {
            if (unknown.contains(id)) {
                identifiers.put(id, eventId);
            } else {
                identifiers.putIfAbsent(id, eventId);
            }
        }
        StoryPrint latest = new StoryPrint(eventId, copy.itemId(), probe.hash(), probe.lead(), probe.numbers(),
                copy.measure(), copy.stage(), copy.occurredAt(), fused.references());
        prints.put(copy.itemId(), latest);
        recentStories.remember(latest);
        recentStories.expire(prints::delete);
        rememberSubject(about, eventId);
        if (!fused.equals(current)) {
            context.forward(new Record<>(eventId, fused, record.timestamp(), record.headers()));
        }
    }

    /**
     * A follow-up that names no measure of its own ("暂停实施商务部公告2025年第61号") takes the measure, the actor, the
     * targets and the sectors of the event of the act it acts on, when that act was seen; its stage is what it does
     * to the act (suspending eases, extending imposes).
     */
    private Indicator withMeasureOfTheActItFollows(Indicator copy) {
        if (copy.refersTo().isEmpty() || copy.measure() != Measure.NONE) {
            return copy;
        }
        for (ActReference reference : copy.refersTo()) {
            String eventId = identifiers.get(reference.act());
            Indicator act = eventId == null ? null : events.get(eventId);
            if (act == null || act.measure() == Measure.NONE) {
                continue;
            }
            List<chokepoint.records.Evidence> evidence = new ArrayList<>(copy.evidence());
            evidence.add(new chokepoint.records.Evidence("refers-to", reference.act(), 0, "refers-to." + reference.relation()));
            // Extending what eased a measure (a suspension, an exclusion) keeps it eased.
            Stage stage = reference.relation().equals(ActReference.EXTENDS) && act.stage() == Stage.EASED ? Stage.EASED : reference.stage();
            return new Indicator(copy.id(), copy.itemId(), copy.sourceId(), copy.sourceKind(), copy.url(), copy.title(), act.measure(),
                    stage, copy.actor() != null ? copy.actor() : act.actor(), copy.targets().isEmpty() ? act.targets() : copy.targets(),
                    copy.sectors().isEmpty() ? act.sectors() : copy.sectors(), copy.hsCodes(), copy.controlCodes(), copy.references(),
                    stage.isPressure() ? act.severity() : 0, copy.severityReasons(), evidence, copy.rulesetVersion(), copy.sources(),
                    copy.occurredAt(), copy.classifiedAt(), copy.refersTo(), copy.dates(), copy.lifecycle(), copy.baseline(),
                    copy.modelVersion(), null);
        }
        return copy;
    }

    /**
     * Keeps what an act is about, so that talk about it finds it, and what talk that found no act is about, so that
     * the act finds it when it comes after. Talk that joined an event (by an act's number, a near title, or its
     * subject) needs no place of its own; nor does anything that is neither an act nor talk.
     */
    private void rememberSubject(ActSubject about, String eventId) {
        if (about == null || about.measure() == Measure.NONE) {
            return;
        }
        boolean talkAlone = about.talk() && eventId.equals(about.itemId());
        if (about.act() || talkAlone) {
            ActSubject kept = about.inEvent(eventId);
            subjects.put(kept.itemId(), kept);
            recentSubjects.remember(kept);
            recentSubjects.expire(subjects::delete);
        }
    }

    /**
     * The event of an item that founded none: the one it joined before, of a shared identifier, of a near title or
     * lead, of the act it talks about (or of the talk about it that came first), or a new one under its own id.
     */
    private String eventOf(StoryPrint probe, Set<String> ids, Set<String> unknown, ActSubject about) {
        String itemId = probe.itemId();
        // Only an item that joined another item's event is written down.
        String own = identifiers.get("item:" + itemId);
        if (own != null) {
            return own;
        }
        String found = null;
        for (String id : ids) {
            found = identifiers.get(id);
            if (found != null) {
                break;
            }
            unknown.add(id);
        }
        if (found == null) {
            found = recentStories.nearest(probe);
        }
        if (found == null && about != null && about.measure() != Measure.NONE) {
            found = about.act() ? recentSubjects.talkAbout(about) : recentSubjects.actOf(about);
        }
        if (found == null) {
            return itemId;
        }
        identifiers.put("item:" + itemId, found);
        return found;
    }

    /** The event with one more copy: its sources, its earliest time, and the better of the two classifications. */
    static Indicator merge(Indicator event, Indicator copy, SourceRef source) {
        List<SourceRef> sources = new ArrayList<>(event.sources());
        sources.removeIf(existing -> existing.itemId().equals(source.itemId()));
        sources.add(source);
        sources.sort(Comparator.comparing(SourceRef::seenAt));
        sources = bounded(sources);
        Instant earliest = sources.get(0).seenAt();
        boolean sameItem = event.itemId().equals(copy.itemId());
        // An act's own notice speaks for it over talk about it: the answer to journalists joins the act's event as one
        // of its sources and never makes its classification (or its count).
        int authority = Integer.compare(authority(copy), authority(event));
        Indicator classification = sameItem || authority > 0 || authority == 0 && rank(copy) > rank(event) ? copy : event;
        Set<String> references = new LinkedHashSet<>(event.references());
        references.addAll(copy.references());
        Indicator fused = withIdentity(classification, event.id(), sources, earliest, List.copyOf(references));
        // A report of an act rarely repeats its dates: the act's own copy gives them to the event.
        Set<chokepoint.records.ActDate> dates = new LinkedHashSet<>(classification.dates());
        dates.addAll(event.dates());
        dates.addAll(copy.dates());
        // A story is news once any copy of it came after its source's first poll.
        boolean baseline = sameItem ? copy.baseline() : event.baseline() && copy.baseline();
        return dates.size() == fused.dates().size() && baseline == fused.baseline() ? fused : new Indicator(fused.id(),
                fused.itemId(), fused.sourceId(), fused.sourceKind(), fused.url(), fused.title(), fused.measure(), fused.stage(),
                fused.actor(), fused.targets(), fused.sectors(), fused.hsCodes(), fused.controlCodes(), fused.references(),
                fused.severity(), fused.severityReasons(), fused.evidence(), fused.rulesetVersion(), fused.sources(),
                fused.occurredAt(), fused.classifiedAt(), fused.refersTo(), List.copyOf(dates), fused.lifecycle(), baseline,
                fused.modelVersion(), fused.correction());
    }

    /**
     * The sources an event keeps: the first reports and the latest, {@link #MAX_SOURCES} in all. The event is one
     * record, rewritten at every copy: a story copied four thousand times would pass Kafka's 1 MB record limit and
     * stop the classifier (measured: a big story's event reached 212 KB at 830 copies, benchmarks/run-memory-streams).
     * What came first (who broke the story, the act's own notice) and what came last are what an analyst reads.
     */
    static List<SourceRef> bounded(List<SourceRef> sources) {
        if (sources.size() <= MAX_SOURCES) {
            return sources;
        }
        List<SourceRef> kept = new ArrayList<>(sources.subList(0, MAX_SOURCES / 2));
        kept.addAll(sources.subList(sources.size() - MAX_SOURCES / 2, sources.size()));
        return kept;
    }

    /** The act's own notice, then reports that name it, then reports, then talk about it (answers, explanations). */
    static int authority(Indicator indicator) {
        return (ActSubject.isTalk(indicator.title()) ? 0 : 2) + (indicator.references().isEmpty() ? 0 : 1);
    }

    /** A measure at a pressure stage beats a measure, which beats nothing; then severity, then evidence. */
    static int rank(Indicator indicator) {
        int kind = indicator.isIndicator() ? 2 : indicator.measure() != Measure.NONE ? 1 : 0;
        return kind * 10_000 + indicator.severity() * 100 + Math.min(99, indicator.evidence().size());
    }

    private static Indicator withIdentity(Indicator c, String eventId, List<SourceRef> sources, Instant earliest,
                                          List<String> references) {
        return new Indicator(eventId, c.itemId(), c.sourceId(), c.sourceKind(), c.url(), c.title(), c.measure(), c.stage(),
                c.actor(), c.targets(), c.sectors(), c.hsCodes(), c.controlCodes(), references, c.severity(), c.severityReasons(),
                c.evidence(), c.rulesetVersion(), sources, earliest, c.classifiedAt(), c.refersTo(), c.dates(), c.lifecycle(),
                c.baseline(), c.modelVersion(), c.correction());
    }
}
