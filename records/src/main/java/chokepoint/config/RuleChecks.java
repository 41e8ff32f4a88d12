package chokepoint.config;

import chokepoint.records.Vocabulary;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Checks threshold rules, from the configuration file or the API: kinds, windows, levels, and words that the
 * classifier writes (a rule with "China" for CN would never match), naming every bad field with what was probably
 * meant. Subscription filters use {@link #checkVocabulary} too.
 */
public final class RuleChecks {

    /** The longest window, baseline or grace a rule may have. */
    public static final Duration MAX_RULE_SPAN = Duration.ofDays(3650);

    private static final Set<String> GROUP_BY = Set.of("actor", "actor-target", "all");
    private static final Set<String> KINDS = Set.of(ThresholdRule.COUNT, ThresholdRule.SEVERITY_SUM, ThresholdRule.RATE,
            ThresholdRule.ESCALATION);
    private static final Set<String> MEASURES = Set.of("EXPORT_CONTROL", "IMPORT_RESTRICTION", "TARIFF",
            "TRADE_DEFENSE", "SANCTION_LISTING", "INVESTMENT_RESTRICTION", "SERVICES_FINANCE_RESTRICTION",
            "INFORMAL_PRESSURE");
    private static final Set<String> STAGES = Set.of("THREATENED", "INVESTIGATING", "IMPOSED", "EASED", "PROCEDURAL");

    private RuleChecks() {
    }

    static void check(List<ThresholdRule> rules, List<String> problems) {
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < rules.size(); i++) {
            ThresholdRule rule = rules.get(i);
            String at = "rules[" + i + "]";
            if (rule.id() != null && !ids.add(rule.id())) {
                problems.add(at + ".id: '" + rule.id() + "' is used twice");
            }
            check(rule, at, problems);
        }
    }

    /** The problems of one rule, each prefixed with {@code at} (e.g. {@code rules[2]}); empty when it is valid. */
    static void check(ThresholdRule rule, String at, List<String> problems) {
        if (rule.id() == null || !ConfigValidator.ID.matcher(rule.id()).matches()) {
            problems.add(at + ".id: lower-case letters, digits, '.', '_' or '-', at most 64");
        }
        if (!KINDS.contains(rule.kind())) {
            problems.add(at + ".kind: one of " + KINDS);
        }
        if (ThresholdRule.RATE.equals(rule.kind()) && (rule.baseline() == null || rule.window() == null
                || rule.baseline().compareTo(rule.window()) <= 0)) {
            problems.add(at + ".baseline: a rate rule needs a baseline longer than its window");
        }
        if (rule.grace() != null && rule.grace().isNegative()) {
            problems.add(at + ".grace: must not be negative");
        }
        if (rule.factor() < 1) {
            problems.add(at + ".factor: must be at least 1");
        }
        if (rule.minSeverity() < 0 || rule.minSeverity() > 10) {
            problems.add(at + ".min-severity: 0 to 10");
        }
        if (rule.name() == null || rule.name().isBlank()) {
            problems.add(at + ".name: required");
        }
        rule.measures().stream().filter(m -> !MEASURES.contains(m))
                .forEach(m -> problems.add(at + ".measures: " + Vocabulary.unknown("measure", m,
                        Vocabulary.suggest(m, MEASURES)) + " (one of " + new TreeSet<>(MEASURES) + ")"));
        checkVocabulary(rule.actors(), rule.targets(), rule.sectors(), at, problems);
        rule.sourceKinds().stream().filter(k -> !SourceChecks.SOURCE_KINDS.contains(k))
                .forEach(k -> problems.add(at + ".source-kinds: " + Vocabulary.unknown("source kind", k,
                        Vocabulary.suggest(k, SourceChecks.SOURCE_KINDS)) + " (one of " + new TreeSet<>(SourceChecks.SOURCE_KINDS) + ")"));
        rule.lifecycle().stream().filter(l -> !ThresholdRule.LIFECYCLE.contains(l))
                .forEach(l -> problems.add(at + ".lifecycle: " + Vocabulary.unknown("lifecycle date", l,
                        Vocabulary.suggest(l, ThresholdRule.LIFECYCLE)) + " (one of " + ThresholdRule.LIFECYCLE + ")"));
        rule.stages().stream().filter(s -> !STAGES.contains(s))
                .forEach(s -> problems.add(at + ".stages: unknown stage '" + s + "' (one of " + STAGES + ")"));
        if (!GROUP_BY.contains(rule.groupBy())) {
            problems.add(at + ".group-by: one of " + GROUP_BY);
        }
        if (rule.window() == null || rule.window().toSeconds() < 1) {
            problems.add(at + ".window: required, at least 1s");
        }
        // A window, baseline or grace of 99999999d would hold every indicator for ever and make the store and the
        // breach's figures meaningless: ten years is more than any coercion campaign the rules describe.
        atMostTenYears(rule.window(), at + ".window", problems);
        atMostTenYears(rule.baseline(), at + ".baseline", problems);
        atMostTenYears(rule.grace(), at + ".grace", problems);
        if (rule.threshold() < 1) {
            problems.add(at + ".threshold: must be at least 1");
        }
    }

    private static void atMostTenYears(Duration span, String at, List<String> problems) {
        if (span != null && span.compareTo(MAX_RULE_SPAN) > 0) {
            problems.add(at + ": at most " + MAX_RULE_SPAN.toDays() + "d");
        }
    }

    /**
     * Actors and targets are jurisdictions as the classifier writes them (ISO codes or EU; a target may also be
     * EU-institutions), sectors the classifier's: a rule or filter written with "China" or "rare-earth" would never
     * match anything, so it is refused with what was probably meant.
     */
    public static void checkVocabulary(List<String> actors, List<String> targets, List<String> sectors, String at,
                                       List<String> problems) {
        actors.stream().filter(a -> !Vocabulary.isJurisdiction(a)).forEach(a -> problems.add(at + ".actors: "
                + Vocabulary.unknown("jurisdiction", a, Vocabulary.suggestJurisdiction(a)) + " (ISO 3166-1 alpha-2 codes or EU)"));
        targets.stream().filter(t -> !Vocabulary.isTarget(t)).forEach(t -> problems.add(at + ".targets: "
                + Vocabulary.unknown("jurisdiction", t, Vocabulary.suggestJurisdiction(t))
                + " (ISO 3166-1 alpha-2 codes, EU for the Union and its member states, EU-institutions for the EU alone)"));
        sectors.stream().filter(sector -> !Vocabulary.SECTORS.contains(sector)).forEach(sector -> problems.add(at
                + ".sectors: " + Vocabulary.unknown("sector", sector, Vocabulary.suggest(sector, Vocabulary.SECTORS))
                + " (one of " + String.join(", ", Vocabulary.SECTORS) + ")"));
    }
}
