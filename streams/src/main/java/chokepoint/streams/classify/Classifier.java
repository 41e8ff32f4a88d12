package chokepoint.streams.classify;

import chokepoint.records.Evidence;
import chokepoint.records.Indicator;
import chokepoint.records.Item;
import chokepoint.records.Measure;
import chokepoint.records.SourceRef;
import chokepoint.records.Stage;
import chokepoint.streams.learn.LearnedModel;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Decides what an item says about economic coercion: the measure, its stage, who acts, on whom, which sectors,
 * how severe, and the evidence for each part. Shared by the stream processor and {@code ./chokepoint classify}.
 * Thread-safe: it keeps no state between items.
 */
public final class Classifier {

    /** Matches in a title say what an item is about; the same words deep in the text say much less. */
    private static final int TITLE_FACTOR = 3;
    /** A measure word in the title is enough; in the body it takes a strong phrase or several mentions. */
    private static final int MIN_MEASURE_SCORE = 3;
    /** How much of the body counts as its lead for the choice of measure. */
    private static final int LEAD_CHARS = 600;
    /** Enough text to hold the lead and the operative paragraph; bounds the cost of huge pages. */
    private static final int MAX_TEXT_CHARS = 20_000;
    /** When stage cues tie, the more specific reading wins; IMPOSED is also the default. */
    private static final List<Stage> STAGE_PRIORITY =
            List.of(Stage.EASED, Stage.PROCEDURAL, Stage.INVESTIGATING, Stage.THREATENED, Stage.IMPOSED);

    private final RuleSet rules;
    private final PhraseMatcher matcher;
    private final Clock clock;
    private final LearnedModel learned;

    /** The rules alone. */
    public Classifier(RuleSet rules, Clock clock) {
        this(rules, null, clock);
    }

    /** The rules with a learned model beside them (null: the rules alone). */
    public Classifier(RuleSet rules, LearnedModel learned, Clock clock) {
        this.rules = rules;
        this.matcher = new PhraseMatcher(rules);
        this.clock = clock;
        this.learned = learned;
    }

    /** The bundled rules and the bundled model, as the stream processor and the command line run them. */
    public static Classifier bundled(Clock clock) {
        return new Classifier(RuleSet.bundled(), LearnedModel.bundled(), clock);
    }

    public String rulesetVersion() {
        return rules.version();
    }

    /** The learned model's version, or null when the rules decide alone. */
    public String modelVersion() {
        return learned == null ? null : learned.version();
    }

    public LearnedModel learnedModel() {
        return learned;
    }

    /** The same rules with another model (null: the rules alone). */
    public Classifier withModel(LearnedModel model) {
        return new Classifier(rules, model, clock);
    }

    public Indicator classify(Item item) {
        Classification c = classify(item.title(), item.text(), item.jurisdiction());
        return new Indicator(item.id(), item.id(), item.sourceId(), item.sourceKind(), item.url(), item.title(), c.measure(), c.stage(),
                c.actor(), c.targets(), c.sectors(), c.hsCodes(), c.controlCodes(),
                List.copyOf(StoryIdentifiers.find(item.title(), item.text(), item.url())), c.severity(), c.severityReasons(), c.evidence(),
                c.rulesetVersion(),
                List.of(new SourceRef(item.sourceId(), item.id(), item.url(), item.title(), item.effectiveTime())),
                item.effectiveTime(), clock.instant(), c.refersTo(), datesOf(item), null, item.baseline(), c.modelVersion(), null);
    }

    /** The dates the item's act gives itself, its publication day read in its publisher's zone. */
    private static List<chokepoint.records.ActDate> datesOf(Item item) {
        java.time.LocalDate published = item.effectiveTime() == null ? null
                : item.effectiveTime().atZone(chokepoint.records.ActDate.zoneOf(item.jurisdiction())).toLocalDate();
        return ActDates.find(item.title(), item.text(), published);
    }

    /**
     * @param publisherJurisdiction who published the text (an official source), used as the actor when no
     *                              agency is named in the title; null for news
     */
    public Classification classify(String title, String text, String publisherJurisdiction) {
        Classification byRules = classifyByRules(title, text, publisherJurisdiction);
        if (learned == null) {
            return byRules;
        }
        return learned.apply(byRules, title, text, publisherJurisdiction,
                (measure, stage, targets, sectors) -> Severity.of(measure, stage, targets, sectors, rules.chokepointSectors()));
    }

    /** What the rules alone say, with how sure they were ({@link Classification#signals()}). */
    public Classification classifyByRules(String title, String text, String publisherJurisdiction) {
        Classification byRules = classifyByRulesUnscripted(title, text, publisherJurisdiction);
        return byRules.signals() == null ? byRules : byRules.withSignals(byRules.signals().withScript(RuleSignals.scriptOf(Headline.of(title, text))));
    }

    private Classification classifyByRulesUnscripted(String title, String text, String publisherJurisdiction) {
        Classification classification = classifyText(title, text, publisherJurisdiction);
        List<chokepoint.records.ActReference> refersTo = ActReferences.of(title, text);
        if (refersTo.isEmpty()) {
            return classification;
        }
        // A follow-up of an earlier act: its stage is what it does to that act (suspending eases, extending imposes);
        // its measure, when it names none, is the act's, which the stream processor takes from the act's event.
        Classification followUp = classification.withReferences(refersTo);
        if (followUp.measure() == Measure.NONE) {
            Measure known = rules.knownAct(refersTo.get(0).act());
            if (known == null) {
                return followUp;
            }
            // A well-known act (the rule file's [act] sections): its measure, and its issuer as the actor.
            String issuer = refersTo.get(0).act().startsWith("cn:") ? "CN" : refersTo.get(0).act().startsWith("fr:")
                    || refersTo.get(0).act().startsWith("eo:") ? "US" : refersTo.get(0).act().startsWith("celex:") ? "EU" : null;
            List<Evidence> evidence = new ArrayList<>(followUp.evidence());
            evidence.add(new Evidence("title", refersTo.get(0).act(), 0, "act." + known.name()));
            String actor = publisherJurisdiction != null ? publisherJurisdiction : issuer;
            followUp = new Classification(known, followUp.stage(), actor,
                    followUp.targets(), followUp.sectors(), followUp.hsCodes(), followUp.controlCodes(), 0, List.of(), evidence,
                    followUp.rulesetVersion(), refersTo)
                    .withSignals(new RuleSignals("act", "reference", actor, followUp.targets(),
                            publisherJurisdiction != null ? "publisher" : "act")
                            .withCues(followUp.signals() == null ? List.of() : followUp.signals().cues()));
        }
        if (refersTo.get(0).relation().equals(chokepoint.records.ActReference.AMENDS)) {
            return followUp;  // an amendment goes the way its own words say
        }
        return new Classification(followUp.measure(), refersTo.get(0).stage(), followUp.actor(), followUp.targets(),
                followUp.sectors(), followUp.hsCodes(), followUp.controlCodes(),
                refersTo.get(0).stage().isPressure() ? followUp.severity() : 0, followUp.severityReasons(), followUp.evidence(),
                followUp.rulesetVersion(), refersTo, followUp.signals() == null ? null
                : followUp.signals().withStageCue("reference"), null);
    }

    private Classification classifyText(String givenTitle, String givenText, String publisherJurisdiction) {
        String title = Headline.of(givenTitle, givenText);
        String text = Headline.bodyBeside(givenTitle, givenText);
        String body = text == null ? "" : text.length() > MAX_TEXT_CHARS ? text.substring(0, MAX_TEXT_CHARS) : text;
        List<PhraseMatch> found = new ArrayList<>(matcher.find("title", title == null ? "" : title));
        found.addAll(matcher.find("text", body));
        List<PhraseMatch> matches = withoutOtherSenses(found);
        List<RuleSignals.Cue> cues = RuleCues.of(matches.stream().filter(Classifier::inLead).toList(), title, body);

        List<Evidence> evidence = new ArrayList<>();
        CodeFinder.Codes codes = CodeFinder.find(title, body);
        Measure measure = bestMeasure(matches, evidence);
        String heading = title == null ? "" : title;
        if (measure == Measure.NONE) {
            boolean otherSense = evidence.stream().anyMatch(e -> e.rule().startsWith("other-sense"));
            return none(matches, heading, body, publisherJurisdiction, evidence, codes, otherSense ? "clause" : "silent", cues);
        }
        String[] stageCue = {"default"};
        Stage stage = bestStage(matches, measure, evidence, Clauses.sentences(body), stageCue);
        // The clause layer: what the words in front of the title's main predicate say about it.
        PhraseMatch predicate = predicate(matches, measure);
        if (predicate != null) {
            String before = Clauses.before(heading, predicate.start());
            if (Clauses.negated(before)) {
                evidence.add(new Evidence("title", before.strip(), 0, "clause.negated"));
                return none(matches, heading, body, publisherJurisdiction, evidence, codes, "clause", cues);
            }
            int opposing = Clauses.opposing(before);
            if (opposing >= 0 && !(stage == Stage.THREATENED && governmentSpeaks(matches, heading, predicate.start() - before.length() + opposing))) {
                // A speaker who opposes, judges or warns about a measure neither takes nor threatens one.
                evidence.add(new Evidence("title", before.strip(), 0, "clause.speaker-opposes"));
                return none(matches, heading, body, publisherJurisdiction, evidence, codes, "clause", cues);
            }
            if (stage == Stage.THREATENED && predicate.rule().kind() == RuleKind.STAGE && Clauses.speech(predicate.matched())
                    && !governmentSpeaks(matches, heading, predicate.start())) {
                // "IMF warns tariffs could slow growth": a warning is a threat only from who can act on it.
                evidence.add(new Evidence("title", before.strip(), 0, "clause.third-party-speaks"));
                return none(matches, heading, body, publisherJurisdiction, evidence, codes, "clause", cues);
            }
            if (stage == Stage.IMPOSED && (Clauses.modal(before) || Clauses.saysItWill(before, heading))) {
                evidence.add(new Evidence("title", before.strip(), 0, "clause.modal"));
                stage = Stage.THREATENED;
            }
        }
        String[] actorCue = {"none"};
        String actor = actor(matches, heading, body, publisherJurisdiction, evidence, actorCue);
        List<String> targets = targets(matches, actor, heading, body, evidence);
        if (targets.isEmpty() && measure == Measure.EXPORT_CONTROL && stage.isPressure()) {
            // An export control that names no destination restricts exports to all of them (China's rare-earth
            // controls): it counts against every target, the EU's too, rather than against none.
            targets = List.of(chokepoint.records.Vocabulary.ALL_DESTINATIONS);
            evidence.add(new Evidence("title", "", 0, "target.all-destinations"));
        }
        List<String> sectors = sectors(matches, evidence);
        Severity.Score severity = Severity.of(measure, stage, targets, sectors, rules.chokepointSectors());
        boolean inTitle = matches.stream().anyMatch(m -> m.rule().kind() == RuleKind.MEASURE && m.field().equals("title")
                && m.rule().value().equals(measure.name()));
        return new Classification(measure, stage, actor, targets, sectors, codes.hs(), codes.control(),
                severity.value(), severity.reasons(), evidence, rules.version())
                .withSignals(new RuleSignals(inTitle ? "title" : "text", stageCue[0], actor, targets, actorCue[0]).withCues(cues));
    }

    /**
     * No measure: the rules still read who would act and on whom, for the learned layer to use if it finds a measure
     * the rules missed; the classification itself names none.
     */
    private Classification none(List<PhraseMatch> matches, String title, String body, String publisher,
                                List<Evidence> evidence, CodeFinder.Codes codes, String measureCue, List<RuleSignals.Cue> cues) {
        List<Evidence> unused = new ArrayList<>();
        String[] actorCue = {"none"};
        String actor = actor(matches, title, body, publisher, unused, actorCue);
        List<String> targets = targets(matches, actor, title, body, unused);
        return new Classification(Measure.NONE, null, null, List.of(), sectors(matches, evidence), codes.hs(),
                codes.control(), 0, List.of(), evidence, rules.version())
                .withSignals(new RuleSignals(measureCue, "none", actor, targets, actorCue[0]).withCues(cues));
    }

    /** The severity of a measure at a stage with these targets and sectors, as the rules score it. */
    public Severity.Score severity(Measure measure, Stage stage, List<String> targets, List<String> sectors) {
        return Severity.of(measure, stage, targets, sectors, rules.chokepointSectors());
    }

    /** Drops measure and stage words that stand inside a phrase giving them another sense, and those phrases. */
    private static List<PhraseMatch> withoutOtherSenses(List<PhraseMatch> matches) {
        List<PhraseMatch> senses = matches.stream().filter(m -> m.rule().kind() == RuleKind.OTHER_SENSE).toList();
        if (senses.isEmpty()) {
            return matches;
        }
        return matches.stream()
                .filter(m -> m.rule().kind() != RuleKind.OTHER_SENSE || m.rule().value().equals("item"))
                .filter(m -> senses.stream().noneMatch(sense -> sense.field().equals(m.field())
                        && sense.rule().value().equals(m.rule().kind().sectionName())
                        && sense.start() <= m.start() && sense.end() >= m.end()))
                .toList();
    }

    /** What a text is about is said in its title and lead; a measure named further down is context. */
    private static boolean inLead(PhraseMatch match) {
        return match.field().equals("title") || match.start() < LEAD_CHARS;
    }

    private static int weightOf(PhraseMatch match) {
        return match.rule().weight() * (match.field().equals("title") ? TITLE_FACTOR : 1);
    }

    private static Measure bestMeasure(List<PhraseMatch> matches, List<Evidence> evidence) {
        // A title about support or promotion that names no measure itself is not about one, whatever the body says.
        boolean titleNamesMeasure = matches.stream()
                .anyMatch(m -> m.rule().kind() == RuleKind.MEASURE && m.field().equals("title"));
        PhraseMatch notAMeasure = first(matches, RuleKind.OTHER_SENSE, "title");
        if (notAMeasure != null && !titleNamesMeasure) {
            evidence.add(toEvidence(notAMeasure));
            return Measure.NONE;
        }
        Map<Measure, Integer> scores = new EnumMap<>(Measure.class);
        for (PhraseMatch match : matches) {
            if (match.rule().kind() == RuleKind.MEASURE && inLead(match)) {
                scores.merge(Measure.valueOf(match.rule().value()), weightOf(match), Integer::sum);
            }
        }
        Measure best = scores.entrySet().stream()
                .filter(e -> e.getValue() >= MIN_MEASURE_SCORE)
                .max(Map.Entry.<Measure, Integer>comparingByValue()
                        .thenComparing(e -> -e.getKey().ordinal()))
                .map(Map.Entry::getKey).orElse(Measure.NONE);
        addEvidence(matches, RuleKind.MEASURE, best.name(), evidence);
        return best;
    }

    /** The title's main predicate: its decisive stage word, else the first word of the measure in it; null if none. */
    private static PhraseMatch predicate(List<PhraseMatch> matches, Measure measure) {
        PhraseMatch stageWord = decisiveInTitle(matches);
        if (stageWord != null) {
            return stageWord;
        }
        return matches.stream().filter(m -> m.field().equals("title") && m.rule().kind() == RuleKind.MEASURE
                && m.rule().value().equals(measure.name())).min(Comparator.comparingInt(PhraseMatch::start)).orElse(null);
    }

    /** Whether a jurisdiction or a government body is named in the title before {@code position} (it is the speaker). */
    private static boolean governmentSpeaks(List<PhraseMatch> matches, String title, int position) {
        return matches.stream().anyMatch(m -> m.field().equals("title") && m.start() < position
                && (m.rule().kind() == RuleKind.COUNTRY || m.rule().kind() == RuleKind.AGENCY)
                && !TargetCues.isTargeted(title, m.start(), m.end()));
    }

    private static PhraseMatch decisiveInTitle(List<PhraseMatch> matches) {
        return matches.stream()
                .filter(m -> m.rule().kind() == RuleKind.STAGE && m.field().equals("title") && m.rule().weight() >= 2)
                .min(Comparator.comparingInt((PhraseMatch m) -> -m.rule().weight()).thenComparingInt(PhraseMatch::start))
                .orElse(null);
    }

    /**
     * A title says what the notice does, so its stage words decide: the strongest clear one (weight 2 or more) in
     * the title wins, and of
     * equals the first ("Additions ... and Removal" is an addition; "warns it may impose" is a threat; "Initiation
     * of ... Administrative Reviews" is procedural). Without one in the title, the body's stage words are weighed,
     * ties going to the more specific stage. No stage word at all means IMPOSED.
     */
    private static Stage bestStage(List<PhraseMatch> matches, Measure measure, List<Evidence> evidence, List<int[]> sentences,
                                   String[] cue) {
        PhraseMatch firstInTitle = decisiveInTitle(matches);
        if (firstInTitle != null) {
            cue[0] = "title";
            evidence.add(toEvidence(firstInTitle));
            return Stage.valueOf(firstInTitle.rule().value());
        }
        List<PhraseMatch> measureWords = matches.stream()
                .filter(m -> m.rule().kind() == RuleKind.MEASURE && m.rule().value().equals(measure.name())).toList();
        java.util.Set<Integer> measureSentences = new java.util.HashSet<>();
        measureWords.stream().filter(m -> m.field().equals("text"))
                .forEach(m -> measureSentences.add(Clauses.sentenceOf(sentences, m.start())));
        Map<Stage, Integer> scores = new EnumMap<>(Stage.class);
        for (PhraseMatch match : matches) {
            if (match.rule().kind() == RuleKind.STAGE && (match.field().equals("title")
                    || measureSentences.contains(Clauses.sentenceOf(sentences, match.start())))) {
                scores.merge(Stage.valueOf(match.rule().value()), weightOf(match), Integer::sum);
            }
        }
        PhraseMatch openChange = first(matches, RuleKind.CHANGE, "title");
        if (openChange != null) {
            // A title that announces a change without its direction: the text's direction (anywhere in it: the text
            // is about the title's change), else procedural.
            Map<Stage, Integer> direction = new EnumMap<>(Stage.class);
            matches.stream().filter(m -> m.rule().kind() == RuleKind.STAGE && m.field().equals("text"))
                    .filter(m -> List.of("IMPOSED", "EASED", "THREATENED").contains(m.rule().value()))
                    .forEach(m -> direction.merge(Stage.valueOf(m.rule().value()), weightOf(m), Integer::sum));
            cue[0] = "change";
            if (direction.isEmpty()) {
                evidence.add(toEvidence(openChange));
                return Stage.PROCEDURAL;
            }
            scores.clear();
            scores.putAll(direction);
        }
        if (scores.isEmpty()) {
            return Stage.IMPOSED;
        }
        if (openChange == null) {
            cue[0] = "text";
        }
        int top = scores.values().stream().max(Integer::compare).orElse(0);
        Stage best = STAGE_PRIORITY.stream().filter(s -> scores.getOrDefault(s, 0) == top).findFirst()
                .orElse(Stage.IMPOSED);
        addEvidence(matches, RuleKind.STAGE, best.name(), evidence);
        return best;
    }

    /**
     * Who acts, strongest evidence first: a title that opens with a jurisdiction and a colon ("Malaysia: ..."), a
     * government body named in the title, the publishing jurisdiction, a body named in the text, then the first
     * jurisdiction named as a subject (not after "from", "on", "against"..., not possessive) in title, then text,
     * and last a word only one jurisdiction's own law uses ("national emergency", "Section 337").
     */
    private static String actor(List<PhraseMatch> matches, String title, String text, String publisher,
                                List<Evidence> evidence, String[] cue) {
        PhraseMatch heading = first(matches, RuleKind.COUNTRY, "title");
        if (heading != null && heading.start() == 0 && (title.startsWith(":", heading.end()) || title.startsWith("：", heading.end()))) {
            cue[0] = "heading";
            return cite(heading, evidence);
        }
        // A spokesperson's answers on a matter ("商务部新闻发言人就美将我多家实体列入…答记者问"): the matter's own
        // subject acts, not the ministry that speaks about it.
        int matter = ChineseClauses.matterStart(title);
        PhraseMatch agencyInTitle = matches.stream().filter(m -> m.rule().kind() == RuleKind.AGENCY && m.field().equals("title"))
                .filter(m -> m.start() >= matter).min(Comparator.comparingInt(PhraseMatch::start)).orElse(null);
        if (agencyInTitle != null) {
            cue[0] = "agency-title";
            return cite(agencyInTitle, evidence);
        }
        // A title names who acts before the measure ("China imposes tariffs on ..."); a name after it is its object
        // ("Imposing Tariffs on Countries Importing Venezuelan Oil").
        int measureInTitle = matches.stream()
                .filter(m -> m.rule().kind() == RuleKind.MEASURE && m.field().equals("title"))
                .mapToInt(PhraseMatch::start).min().orElse(Integer.MAX_VALUE);
        PhraseMatch subject = subject(matches, "title", title, matter, measureInTitle);
        PhraseMatch body = matches.stream().filter(m -> m.rule().kind() == RuleKind.BODY && m.field().equals("title"))
                .filter(m -> m.start() >= matter && m.start() < measureInTitle).findFirst().orElse(null);
        if (body != null && (subject == null || body.start() < subject.start())) {
            // "联合国安理会延长对也门的制裁", "Wassenaar Arrangement amends its lists": no jurisdiction acts.
            evidence.add(toEvidence(body));
            cue[0] = "body";
            return null;
        }
        if (subject != null) {
            cue[0] = "subject-title";
            return cite(subject, evidence);
        }
        if (matter > 0) {
            PhraseMatch speaker = first(matches, RuleKind.AGENCY, "title");
            if (speaker != null) {
                cue[0] = "speaker";
                return cite(speaker, evidence);
            }
        }
        PhraseMatch agencyInText = first(matches, RuleKind.AGENCY, "text");
        if (agencyInText != null) {
            cue[0] = "agency-text";
            return cite(agencyInText, evidence);
        }
        PhraseMatch subjectInText = subject(matches, "text", text, 0, Integer.MAX_VALUE);
        if (subjectInText != null) {
            cue[0] = "subject-text";
            return cite(subjectInText, evidence);
        }
        PhraseMatch hint = first(matches, RuleKind.HINT, "title");
        if (hint == null) {
            hint = first(matches, RuleKind.HINT, "text");
        }
        if (hint != null) {
            cue[0] = "hint";
            return cite(hint, evidence);
        }
        // The publishing source's jurisdiction is the actor of last resort: a ministry's notice names no actor when it
        // is the actor, and a news item about another country's act names that country.
        cue[0] = publisher == null ? "none" : "publisher";
        return publisher;
    }

    /** The first jurisdiction named as a subject (not after "from", "on", "against", 对…, not possessive) in a field. */
    private static PhraseMatch subject(List<PhraseMatch> matches, String field, String fieldText, int from, int before) {
        return matches.stream()
                .filter(m -> m.rule().kind() == RuleKind.COUNTRY && m.field().equals(field))
                .filter(m -> m.start() >= from && m.start() < before)
                .filter(m -> !TargetCues.isTargeted(fieldText, m.start(), m.end()))
                .min(Comparator.comparingInt(PhraseMatch::start)).orElse(null);
    }

    private static List<String> targets(List<PhraseMatch> matches, String actor, String title, String text, List<Evidence> evidence) {
        Set<String> targets = new LinkedHashSet<>();
        for (String field : List.of("title", "text")) {
            String fieldText = field.equals("title") ? title : text;
            matches.stream()
                    .filter(m -> m.field().equals(field) && m.rule().kind() == RuleKind.COUNTRY)
                    .filter(m -> !m.rule().value().equals(actor))
                    .filter(m -> !TargetCues.isPlace(fieldText, m.start()))
                    .sorted(Comparator.comparingInt(PhraseMatch::start))
                    .forEach(m -> {
                        if (targets.add(m.rule().value())) {
                            evidence.add(toEvidence(m));
                        }
                    });
            // Countries named in the title are the target; the body lists many others in passing.
            if (!targets.isEmpty()) {
                break;
            }
        }
        return List.copyOf(targets);
    }

    private static List<String> sectors(List<PhraseMatch> matches, List<Evidence> evidence) {
        Set<String> sectors = new LinkedHashSet<>();
        matches.stream().filter(m -> m.rule().kind() == RuleKind.SECTOR).forEach(m -> {
            if (sectors.add(m.rule().value())) {
                evidence.add(toEvidence(m));
            }
        });
        return List.copyOf(sectors);
    }

    private static PhraseMatch first(List<PhraseMatch> matches, RuleKind kind, String field) {
        return matches.stream().filter(m -> m.rule().kind() == kind && m.field().equals(field))
                .min(Comparator.comparingInt(PhraseMatch::start)).orElse(null);
    }

    private static String cite(PhraseMatch match, List<Evidence> evidence) {
        evidence.add(toEvidence(match));
        return match.rule().value();
    }

    private static void addEvidence(List<PhraseMatch> matches, RuleKind kind, String value, List<Evidence> evidence) {
        matches.stream().filter(m -> m.rule().kind() == kind && m.rule().value().equals(value))
                .forEach(m -> evidence.add(toEvidence(m)));
    }

    private static Evidence toEvidence(PhraseMatch match) {
        return new Evidence(match.field(), match.matched(), match.start(), match.rule().ruleId());
    }
}
