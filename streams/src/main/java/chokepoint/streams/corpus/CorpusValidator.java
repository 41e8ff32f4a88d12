package chokepoint.streams.corpus;

import chokepoint.records.Measure;
import chokepoint.records.Vocabulary;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks the corpus against its format and its split: every field required by {@code corpus/README.md}, provenance and
 * licence present, labels in the vocabulary of {@code classification.md} (stage null exactly when the measure is NONE,
 * jurisdictions as ISO codes or EU), ids unique, and, once the split is frozen, the test list unchanged (its hash),
 * every listed item still there, no item in two splits and no copy of a test text elsewhere.
 */
public final class CorpusValidator {

    private static final Pattern DATE = Pattern.compile("\\d{4}(-\\d{2}(-\\d{2})?)?");
    private static final Pattern LANG = Pattern.compile("[a-z]{2}");
    private static final Pattern LABELLED_BY =
            Pattern.compile("rule:[a-z0-9][a-z0-9.-]*|hand|hand:checked-rule|hand:corrected-rule|source-label|analyst:.+");
    private static final int MAX_WHY_WORDS = 20;
    /** Kosovo: no ISO 3166-1 code yet, XK by the EU's and the US's own usage. */
    private static final String KOSOVO = "XK";

    private CorpusValidator() {
    }

    /** Every problem found, one line each naming file, line and id; empty when the corpus is valid. */
    public static List<String> problems(Corpus corpus, Splits splits) {
        List<String> problems = new ArrayList<>(corpus.unreadable());
        Map<String, CorpusItem> byId = new HashMap<>();
        for (CorpusItem item : corpus.items()) {
            fields(item, problems);
            CorpusItem earlier = item.id() == null ? null : byId.putIfAbsent(item.id(), item);
            if (earlier != null) {
                problems.add(item.where() + ": id already used at " + earlier.file() + ":" + earlier.line());
            }
        }
        if (splits.frozen()) {
            split(corpus, splits, byId, problems);
        }
        return problems;
    }

    private static void fields(CorpusItem item, List<String> problems) {
        String at = item.where();
        required(at, "id", item.id(), problems);
        if (item.family() == null || !Corpus.FAMILIES.contains(item.family())) {
            problems.add(at + ": family '" + item.family() + "' is not one of " + Corpus.FAMILIES);
        } else if (!item.file().startsWith("items/" + item.family() + "/")) {
            problems.add(at + ": family " + item.family() + " kept outside items/" + item.family() + "/");
        }
        required(at, "publisher", item.publisher(), problems);
        if (item.lang() == null || !LANG.matcher(item.lang()).matches()) {
            problems.add(at + ": lang '" + item.lang() + "' is not an ISO 639-1 code");
        }
        if (item.date() == null || !DATE.matcher(item.date()).matches()) {
            problems.add(at + ": date '" + item.date() + "' is not YYYY-MM-DD, YYYY-MM or YYYY");
        }
        if (item.title() == null) {
            problems.add(at + ": title missing (\"\" when the text has none, as an event sentence)");
        }
        if (item.text() == null) {
            problems.add(at + ": text missing (\"\" when only the title is real)");
        }
        if ((item.title() == null || item.title().isBlank()) && (item.text() == null || item.text().isBlank())) {
            problems.add(at + ": neither title nor text");
        }
        if (item.url() == null || !item.url().matches("https?://\\S+")) {
            problems.add(at + ": url '" + item.url() + "' is not an http(s) address");
        }
        if (item.jurisdiction() != null && !Vocabulary.isJurisdiction(item.jurisdiction())) {
            problems.add(at + ": jurisdiction '" + item.jurisdiction() + "' is not an ISO code or EU");
        }
        required(at, "provenance", item.provenance(), problems);
        required(at, "licence", item.licence(), problems);
        if (item.labelledBy() == null || !LABELLED_BY.matcher(item.labelledBy()).matches()) {
            problems.add(at + ": labelledBy '" + item.labelledBy()
                    + "' is not rule:<name>, hand, hand:checked-rule, hand:corrected-rule, source-label or analyst:<name>");
        }
        required(at, "why", item.why(), problems);
        if (item.why() != null && item.why().strip().split("\\s+").length > MAX_WHY_WORDS) {
            problems.add(at + ": why has more than " + MAX_WHY_WORDS + " words");
        }
        label(item, problems);
    }

    private static void label(CorpusItem item, List<String> problems) {
        String at = item.where();
        CorpusItem.Label label = item.label();
        if (label == null || label.measure() == null) {
            problems.add(at + ": label.measure missing");
            return;
        }
        if (label.measure() == Measure.NONE && label.stage() != null) {
            problems.add(at + ": label.stage must be null when measure is NONE, not " + label.stage());
        }
        if (label.measure() != Measure.NONE && label.stage() == null) {
            problems.add(at + ": label.stage missing for measure " + label.measure());
        }
        if (label.actor() != null && !jurisdiction(label.actor())) {
            problems.add(at + ": label.actor '" + label.actor() + "' is not an ISO code or EU");
        }
        label.targets().stream().filter(t -> !jurisdiction(t))
                .forEach(t -> problems.add(at + ": label.targets has '" + t + "', not an ISO code or EU"));
    }

    private static boolean jurisdiction(String code) {
        return Vocabulary.isJurisdiction(code) || KOSOVO.equals(code);
    }

    private static void split(Corpus corpus, Splits splits, Map<String, CorpusItem> byId, List<String> problems) {
        if (!splits.currentHash().equals(splits.recordedHash())) {
            problems.add(Splits.TEST_IDS + ": the frozen test split changed (hash " + splits.currentHash() + ", frozen as "
                    + (splits.recordedHash().isEmpty() ? "missing " + Splits.TEST_HASH : splits.recordedHash())
                    + "): the test split is made once and never edited");
        }
        splits.testIds().stream().filter(id -> !byId.containsKey(id)).sorted()
                .forEach(id -> problems.add(Splits.TEST_IDS + ": test item " + id + " is no longer in the corpus"));
        for (String id : splits.devIds()) {
            if (splits.testIds().contains(id)) {
                problems.add(Splits.DEV_IDS + ": " + id + " is also a test item");
            }
        }
        for (String id : splits.trainIds()) {
            if (splits.testIds().contains(id) || splits.devIds().contains(id)) {
                problems.add(Splits.TRAIN_IDS + ": " + id + " is also in " + (splits.testIds().contains(id) ? "test" : "dev"));
            }
        }
        // The same text under another id is the same item: a copy of a test item in train or dev leaks the answer.
        Map<String, Split> assigned = splits.assign(corpus);
        Map<String, String> testTexts = new HashMap<>();
        for (CorpusItem item : corpus.items()) {
            if (assigned.get(item.id()) == Split.TEST && copyKey(item) != null) {
                testTexts.put(copyKey(item), item.id());
            }
        }
        Set<String> reported = new HashSet<>();
        for (CorpusItem item : corpus.items()) {
            String copyOf = copyKey(item) == null ? null : testTexts.get(copyKey(item));
            if (assigned.get(item.id()) != Split.TEST && copyOf != null && reported.add(item.id())) {
                problems.add(item.where() + ": same title and text as test item " + copyOf + " (in "
                        + assigned.get(item.id()).id() + ")");
            }
        }
    }

    /** Title and text as compared for copies; null for a title alone (recurring official titles are distinct acts). */
    private static String copyKey(CorpusItem item) {
        if (item.text() == null || item.text().isBlank() || item.title() == null) {
            return null;
        }
        return (item.title() + "\n" + item.text()).replaceAll("\\s+", " ").strip().toLowerCase(java.util.Locale.ROOT);
    }

    private static void required(String at, String field, String value, List<String> problems) {
        if (value == null || value.isBlank()) {
            problems.add(at + ": " + field + " missing");
        }
    }
}
