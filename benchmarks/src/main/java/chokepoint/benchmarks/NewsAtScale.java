package chokepoint.benchmarks;

import chokepoint.records.ActDate;
import chokepoint.records.ActReference;
import chokepoint.records.Indicator;
import chokepoint.records.Item;
import chokepoint.records.Json;
import chokepoint.records.Measure;
import chokepoint.records.SourceRef;
import chokepoint.records.Stage;
import chokepoint.streams.classify.Classifier;
import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Function;

/**
 * A stream of items shaped like a million a day of real intake, each with the indicator the classifier gives it, so
 * that the stateful part of the classifier topology can be driven at full volume without the per-item classification
 * (stateless, measured on its own in "Classifier speed"). Shapes, by share of items:
 * <ul>
 *   <li>plain news with a title and text of its own (measure NONE): what is left after the shares below;</li>
 *   <li>{@link #COPIES} copies of a story seen in the last hour or so (same title and lead, another source);</li>
 *   <li>{@link #INDICATORS} indicators: 10 actors, 5 measures, targets and sectors, a share of them naming an act by its
 *       number ({@code fr:}, {@code cn:mofcom:}, {@code celex:}), some with dates, and follow-ups that suspend or extend
 *       an earlier act until a date (the register's due dates).</li>
 * </ul>
 * Titles and texts are random draws of 7-12 and 40 words from the vocabulary of the Federal Register corpus (real
 * words, no real sentences: distinct stories must not look like copies). The indicators' evidence, severity and
 * reasons are those the real classifier (rules and model) gave to real Federal Register notices, taken once at start.
 * Item ids say the shape ({@code n-}, {@code i-}, {@code f-}): events keyed by an id not starting with {@code n} are
 * the ones threshold rules can select.
 */
final class NewsAtScale implements Function<Item, Indicator> {

    static final double COPIES = 0.05;
    static final double INDICATORS = 0.03;
    /** Copies of the one big story of the moment (a new one every {@link #HOT_HOURS} hours): hundreds of copies each. */
    static final double HOT = 0.005;
    private static final long HOT_HOURS = 4;
    private static final double NAMES_ACT = 0.4;
    private static final double FOLLOW_UP = 0.05;
    private static final String[] ACTORS = {"CN", "US", "EU", "JP", "RU", "IN", "KR", "GB", "TR", "BR"};
    private static final String[] TARGETS = {"CN", "US", "EU", "JP", "RU", "DE", "NL", "KR", "TW", "GB"};
    private static final Measure[] MEASURES = {Measure.EXPORT_CONTROL, Measure.TARIFF, Measure.SANCTION_LISTING,
            Measure.IMPORT_RESTRICTION, Measure.TRADE_DEFENSE};
    private static final Stage[] STAGES = {Stage.IMPOSED, Stage.IMPOSED, Stage.IMPOSED, Stage.THREATENED, Stage.INVESTIGATING};
    private static final String[] SECTORS = {"rare-earths", "gallium", "semiconductors", "steel", "agriculture", "autos",
            "batteries", "lithography", "graphite", "aluminium"};
    private static final int RECENT = 50_000;
    private static final int RECENT_ACTS = 20_000;

    private Random random = new Random(29);
    private final String[] vocabulary;
    private final List<Indicator> indicatorShapes;
    private final List<Indicator> newsShapes;
    /** The indicator of each item made and not yet classified: at most one under TopologyTestDriver. */
    private final Map<String, Indicator> pending = new HashMap<>();
    private final Item[] recentItems = new Item[RECENT];
    private final Indicator[] recentIndicators = new Indicator[RECENT];
    private final String[] recentActs = new String[RECENT_ACTS];
    private long made;
    /** Copies are of one of the latest this many items: about six hours of them, whatever the volume. */
    private int copyWindow = RECENT;
    private long hotSince = Long.MIN_VALUE;
    private Item hotItem;
    private Indicator hotIndicator;
    private long acts;
    /** Items and acts made before a resumed run's first (none on a run from the start): the recent rings start empty. */
    private long madeBefore;
    private long actsBefore;

    private NewsAtScale(String[] vocabulary, List<Indicator> indicatorShapes, List<Indicator> newsShapes) {
        this.vocabulary = vocabulary;
        this.indicatorShapes = indicatorShapes;
        this.newsShapes = newsShapes;
    }

    /** Reads the corpus's words and classifies its first {@code notices} notices with the bundled classifier, once. */
    static NewsAtScale fromCorpus(int notices) {
        Set<String> words = new LinkedHashSet<>();
        List<Indicator> indicators = new ArrayList<>();
        List<Indicator> news = new ArrayList<>();
        Classifier classifier = Classifier.bundled(Clock.systemUTC());
        try {
            int n = 0;
            for (String line : Files.readAllLines(Path.of(BenchmarkTexts.CORPUS))) {
                JsonNode notice = Json.MAPPER.readTree(line);
                String title = notice.path("title").asText();
                String text = notice.path("abstract").asText();
                for (String word : (title + " " + text).toLowerCase(java.util.Locale.ROOT).split("[^a-z]+")) {
                    if (word.length() >= 3) {
                        words.add(word);
                    }
                }
                if (n++ < notices) {
                    Instant at = Instant.parse("2025-01-01T00:00:00Z");
                    Indicator shape = classifier.classify(new Item("fr:" + n, "federal-register", "rss", "US", null, title,
                            text, "en", at, null, at, Integer.toHexString(line.hashCode())));
                    (shape.measure() == Measure.NONE ? news : indicators).add(shape);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("benchmark corpus not found at " + BenchmarkTexts.CORPUS
                    + " (set -Dchokepoint.corpus=FILE)", e);
        }
        if (indicators.isEmpty() || news.isEmpty()) {
            throw new IllegalStateException("the corpus gave no indicator or no news shape: " + BenchmarkTexts.CORPUS);
        }
        return new NewsAtScale(words.toArray(String[]::new), indicators, news);
    }

    /** Copies from now on are of one of the latest {@code items} (at most {@value #RECENT}). */
    void copiesOfTheLatest(long items) {
        copyWindow = (int) Math.max(1, Math.min(RECENT, items));
    }

    /**
     * Goes on from a run that made {@code made} items and {@code acts} acts: new ids follow theirs, copies and follow-ups
     * are of items and acts made from here on (the earlier ones are not in memory), and the draws are new ones.
     */
    void resume(long made, long acts) {
        this.made = made;
        this.acts = acts;
        this.madeBefore = made;
        this.actsBefore = acts;
        this.random = new Random(29 ^ made);
    }

    long made() {
        return made;
    }

    long acts() {
        return acts;
    }

    int vocabularySize() {
        return vocabulary.length;
    }

    int indicatorShapes() {
        return indicatorShapes.size();
    }

    /** The next item, published at {@code at}, its indicator kept for {@link #apply}. */
    Item next(Instant at) {
        long n = made++;
        double draw = random.nextDouble();
        Made next = draw < COPIES + HOT && n > madeBefore ? copy(n, draw < HOT, at) : story(n, draw < COPIES + HOT + INDICATORS, at);
        int slot = (int) (n % RECENT);
        recentItems[slot] = next.item();
        recentIndicators[slot] = next.indicator();
        pending.put(next.item().id(), next.indicator());
        return next.item();
    }

    private record Made(Item item, Indicator indicator) {
    }

    /** Another outlet's copy of a recent story, or of the big story of the moment: same title and lead. */
    private Made copy(long n, boolean hot, Instant at) {
        int k = hot ? hotStory(n, at) : (int) ((n - 1 - random.nextInt((int) Math.min(n - madeBefore, copyWindow))) % RECENT);
        Item original = k < 0 ? hotItem : recentItems[k];
        Indicator shape = k < 0 ? hotIndicator : recentIndicators[k];
        Item item = item(original.id().charAt(0) + "-" + n, "outlet-" + random.nextInt(2_000), original.title(),
                original.text(), at);
        return new Made(item, withIdentity(shape, item, shape.references(), shape.refersTo(), shape.dates()));
    }

    /** A story of its own: plain news, or a signal (an indicator, an act's notice, a follow-up of an earlier act). */
    private Made story(long n, boolean signal, Instant at) {
        boolean followUp = signal && random.nextDouble() < FOLLOW_UP && acts > actsBefore;
        String prefix = followUp ? "f-" : signal ? "i-" : "n-";
        String act = signal && !followUp && random.nextDouble() < NAMES_ACT ? newAct(at) : null;
        String title = words(7 + random.nextInt(6)) + (act == null ? "" : " " + act.substring(act.lastIndexOf(':') + 1));
        Item item = item(prefix + n, (signal ? "official-" : "outlet-") + random.nextInt(2_000), title, words(40), at);
        return new Made(item, followUp ? followUp(item, at) : signal ? signal(item, act, at) : news(item));
    }

    /** -1, after making the latest item the big story of the moment when the last one is a few hours old. */
    private int hotStory(long n, Instant at) {
        long hour = at.toEpochMilli() / 3_600_000L;
        if (hotItem == null || hour - hotSince >= HOT_HOURS) {
            hotSince = hour;
            int latest = (int) ((n - 1) % RECENT);
            hotItem = recentItems[latest];
            hotIndicator = recentIndicators[latest];
        }
        return -1;
    }

    @Override
    public Indicator apply(Item item) {
        Indicator indicator = pending.remove(item.id());
        if (indicator == null) {
            throw new IllegalStateException("no indicator made for " + item.id());
        }
        return indicator;
    }

    private String newAct(Instant at) {
        long number = acts++;
        int year = at.atZone(ZoneOffset.UTC).getYear();
        String act = switch ((int) (number % 3)) {
            case 0 -> "fr:" + year + "-" + String.format("%05d", number);
            case 1 -> "cn:mofcom:" + year + "-" + number;
            default -> "celex:3" + year + "R" + String.format("%04d", number);
        };
        recentActs[(int) (number % RECENT_ACTS)] = act;
        return act;
    }

    private Indicator news(Item item) {
        Indicator shape = newsShapes.get(random.nextInt(newsShapes.size()));
        return withIdentity(shape, item, List.of(), List.of(), List.of());
    }

    private Indicator signal(Item item, String act, Instant at) {
        Indicator shape = indicatorShapes.get(random.nextInt(indicatorShapes.size()));
        List<ActDate> dates = act != null && random.nextInt(5) == 0
                ? List.of(new ActDate(ActDate.EFFECTIVE, day(at, 3 + random.nextInt(28)))) : List.of();
        Indicator own = withIdentity(shape, item, act == null ? List.of() : List.of(act), List.of(), dates);
        String actor = ACTORS[random.nextInt(ACTORS.length)];
        String target = TARGETS[random.nextInt(TARGETS.length)];
        List<String> targets = target.equals(actor) ? List.of() : List.of(target);
        return new Indicator(own.id(), own.itemId(), own.sourceId(), own.sourceKind(), own.url(), own.title(),
                MEASURES[random.nextInt(MEASURES.length)], STAGES[random.nextInt(STAGES.length)], actor, targets,
                List.of(SECTORS[random.nextInt(SECTORS.length)]), own.hsCodes(), own.controlCodes(), own.references(),
                own.severity(), own.severityReasons(), own.evidence(), own.rulesetVersion(), own.sources(), own.occurredAt(),
                own.classifiedAt(), own.refersTo(), own.dates(), null, false, own.modelVersion(), null);
    }

    /** A notice that suspends or extends an earlier act until a date: no measure of its own, fusion gives it the act's. */
    private Indicator followUp(Item item, Instant at) {
        long kept = Math.min(acts - actsBefore, RECENT_ACTS);
        int drawn = random.nextInt((int) kept);
        String act = recentActs[(int) (kept < RECENT_ACTS ? (actsBefore + drawn) % RECENT_ACTS : drawn)];
        String relation = random.nextBoolean() ? ActReference.SUSPENDS : ActReference.EXTENDS;
        Indicator shape = newsShapes.get(random.nextInt(newsShapes.size()));
        return withIdentity(shape, item, List.of(act), List.of(new ActReference(act, relation)),
                List.of(new ActDate(ActDate.UNTIL, day(at, 20 + random.nextInt(60)))));
    }

    private static LocalDate day(Instant at, int daysLater) {
        return at.atZone(ZoneOffset.UTC).toLocalDate().plusDays(daysLater);
    }

    private static Indicator withIdentity(Indicator shape, Item item, List<String> references, List<ActReference> refersTo,
                                          List<ActDate> dates) {
        Instant at = item.effectiveTime();
        return new Indicator(item.id(), item.id(), item.sourceId(), item.sourceKind(), item.url(), item.title(),
                shape.measure(), shape.stage(), shape.actor(), shape.targets(), shape.sectors(), shape.hsCodes(),
                shape.controlCodes(), references, shape.severity(), shape.severityReasons(), shape.evidence(),
                shape.rulesetVersion(), List.of(new SourceRef(item.sourceId(), item.id(), item.url(), item.title(), at)),
                at, at, refersTo, dates, null, false, shape.modelVersion(), null);
    }

    private static Item item(String id, String source, String title, String text, Instant at) {
        return new Item(id, source, "rss", null, "https://" + source + ".example/" + id, title, text, "en", at, null, at,
                Long.toHexString(title.hashCode() * 31L + text.hashCode()));
    }

    private String words(int count) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < count; i++) {
            if (i > 0) {
                out.append(' ');
            }
            String word = vocabulary[random.nextInt(vocabulary.length)];
            out.append(i == 0 ? Character.toUpperCase(word.charAt(0)) + word.substring(1) : word);
        }
        return out.toString();
    }
}
