package chokepoint.streams.fuse;

import chokepoint.records.Indicator;
import chokepoint.records.Measure;
import chokepoint.records.SourceRef;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Fuses copies of one story into one event: an item that names the same official act as an earlier one (a Federal
 * Register document number, a Chinese announcement number, a CELEX number), or whose title is a near copy of a
 * recent one (SimHash within {@link SimHash#NEAR} bits, {@link #NEAR_COPY_WINDOW} apart at most), joins that
 * event. The event's indicator is published under the event's id whenever a copy joins or a better
 * classification arrives, with every source and the earliest time seen.
 */
public final class FuseProcessor implements Processor<String, Indicator, String, Indicator> {

    public static final String EVENTS = "fusion-events";
    public static final String IDENTIFIERS = "fusion-identifiers";
    /** Title prints by band and event ({@code band|event}), so that a band's prints are one prefix scan. */
    public static final String TITLES = "fusion-title-prints";
    /** Wire copies of a headline come within days; the same words a month later are a new story. */
    static final Duration NEAR_COPY_WINDOW = Duration.ofDays(3);
    /** Title prints kept per band; older ones fall out first. */
    private static final int PRINTS_PER_BAND = 32;
    private static final Serializer<String> KEYS = new StringSerializer();

    private ProcessorContext<String, Indicator> context;
    private KeyValueStore<String, Indicator> events;
    private KeyValueStore<String, String> identifiers;
    private KeyValueStore<String, TitlePrint> titles;

    @Override
    public void init(ProcessorContext<String, Indicator> context) {
        this.context = context;
        this.events = context.getStateStore(EVENTS);
        this.identifiers = context.getStateStore(IDENTIFIERS);
        this.titles = context.getStateStore(TITLES);
    }

    @Override
    public void process(Record<String, Indicator> record) {
        Indicator copy = record.value();
        SourceRef source = copy.sources().isEmpty()
                ? new SourceRef(copy.sourceId(), copy.itemId(), copy.url(), copy.title(), copy.occurredAt())
                : copy.sources().get(0);
        Set<String> ids = new LinkedHashSet<>(copy.references());
        long print = SimHash.of(copy.title());
        // Each band is read once per item, for the lookup and for the update alike.
        Map<String, List<TitlePrint>> bands = new HashMap<>();
        String eventId = eventOf(copy.itemId(), ids, print, copy.occurredAt(), bands);

        Indicator current = events.get(eventId);
        Indicator fused = current == null ? withIdentity(copy, eventId, List.of(source), copy.occurredAt(), copy.references())
                : merge(current, copy, source);
        events.put(eventId, fused);
        ids.forEach(id -> identifiers.putIfAbsent(id, eventId));
        remember(print, eventId, copy.occurredAt(), fused.references(), bands);
        if (!fused.equals(current)) {
            context.forward(record.withKey(eventId).withValue(fused));
        }
    }

    /** The event an item belongs to: the one of its own id (an update), of a shared identifier, of a near title. */
    private String eventOf(String itemId, Set<String> ids, long print, Instant at, Map<String, List<TitlePrint>> bands) {
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
        }
        if (found == null) {
            found = nearTitle(print, at, ids, bands);
        }
        String eventId = found != null ? found : itemId;
        identifiers.put("item:" + itemId, eventId);
        return eventId;
    }

    /**
     * An event with a near-identical title, unless both name official acts and none in common: "Additions to the
     * Entity List" is published every few weeks, each time a different rule with its own document number.
     */
    private String nearTitle(long print, Instant at, Set<String> ids, Map<String, List<TitlePrint>> bands) {
        for (String band : SimHash.bands(print)) {
            for (TitlePrint candidate : bands.computeIfAbsent(band, this::printsOf)) {
                boolean close = Duration.between(candidate.seenAt(), at).abs().compareTo(NEAR_COPY_WINDOW) <= 0;
                if (close && SimHash.distance(candidate.hash(), print) <= SimHash.NEAR && compatible(candidate, ids)) {
                    return candidate.eventId();
                }
            }
        }
        return null;
    }

    private List<TitlePrint> printsOf(String band) {
        List<TitlePrint> prints = new ArrayList<>();
        try (KeyValueIterator<String, TitlePrint> entries = titles.prefixScan(band + "|", KEYS)) {
            entries.forEachRemaining(entry -> prints.add(entry.value));
        }
        return prints;
    }

    private static boolean compatible(TitlePrint candidate, Set<String> ids) {
        if (ids.isEmpty() || candidate.references().isEmpty()) {
            return true;
        }
        return candidate.references().stream().anyMatch(ids::contains);
    }

    /**
     * One small entry per band and event: a new copy writes its own few bytes instead of rewriting the band's whole
     * list. Prints older than the near-copy window can no longer match anything recent, and a band keeps its newest
     * {@link #PRINTS_PER_BAND}; both are pruned here, when the band is written.
     */
    private void remember(long print, String eventId, Instant at, List<String> references,
                          Map<String, List<TitlePrint>> bands) {
        TitlePrint latest = new TitlePrint(eventId, print, at, references);
        Instant expired = at.minus(NEAR_COPY_WINDOW);
        for (String band : SimHash.bands(print)) {
            titles.put(band + "|" + eventId, latest);
            List<TitlePrint> prints = new ArrayList<>(bands.computeIfAbsent(band, this::printsOf));
            prints.removeIf(p -> p.eventId().equals(eventId));
            prints.add(latest);
            if (prints.size() > PRINTS_PER_BAND || prints.stream().anyMatch(p -> p.seenAt().isBefore(expired))) {
                prints.sort(Comparator.comparing(TitlePrint::seenAt).reversed());
                for (int i = 0; i < prints.size(); i++) {
                    TitlePrint old = prints.get(i);
                    if (i >= PRINTS_PER_BAND || old.seenAt().isBefore(expired)) {
                        titles.delete(band + "|" + old.eventId());
                    }
                }
            }
        }
    }

    /** The event with one more copy: its sources, its earliest time, and the better of the two classifications. */
    static Indicator merge(Indicator event, Indicator copy, SourceRef source) {
        List<SourceRef> sources = new ArrayList<>(event.sources());
        sources.removeIf(existing -> existing.itemId().equals(source.itemId()));
        sources.add(source);
        sources.sort(Comparator.comparing(SourceRef::seenAt));
        Instant earliest = sources.get(0).seenAt();
        boolean sameItem = event.itemId().equals(copy.itemId());
        Indicator classification = sameItem || rank(copy) > rank(event) ? copy : event;
        Set<String> references = new LinkedHashSet<>(event.references());
        references.addAll(copy.references());
        return withIdentity(classification, event.id(), sources, earliest, List.copyOf(references));
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
                c.evidence(), c.rulesetVersion(), sources, earliest, c.classifiedAt());
    }
}
