package chokepoint.records;

import com.fasterxml.jackson.annotation.JsonIgnore;

import java.time.Instant;
import java.util.List;

/**
 * The classification of one item, published on {@code chokepoint.indicators} keyed by {@link #id()}.
 * Every item gets one, including those with measure NONE: they are counted, not dropped; only
 * {@link #isIndicator()} records count towards threshold rules.
 *
 * @param id              the indicator's identity: the event's, one per story however many copies reached us
 * @param itemId          the item whose classification it carries (the best of the copies)
 * @param sourceId        the item's source
 * @param sourceKind      the kind of that source (rss, ...), so that rules can select by it
 * @param url             link back to the source item
 * @param title           the item's title
 * @param measure         the kind of measure
 * @param stage           where the measure stands, null when measure is NONE
 * @param actor           jurisdiction taking the measure, or null
 * @param targets         jurisdictions aimed at
 * @param sectors         sectors and commodities hit
 * @param hsCodes         Harmonized System codes named in the text (8505.11, 2805.30.00)
 * @param controlCodes    export-control classification numbers named in the text (3A090, 1E902.a)
 * @param references      official acts the text names, as identifiers shared by every copy of the story
 * @param refersTo        earlier acts this item acts on, and how (suspends, extends, amends, implements, repeals,
 *                        resumes): a follow-up is a story of its own, its measure that of the act when it names none
 *                        ({@code fr:2025-19508}, {@code cn:mofcom:2025-61}, {@code celex:32025R1234})
 * @param severity        0..10
 * @param severityReasons what the severity is made of
 * @param evidence        the matches behind the decision
 * @param rulesetVersion  version of the classifier rule set that decided
 * @param sources         every copy of the story fused into this indicator, earliest first
 * @param occurredAt      the earliest publication (or fetch) time of those copies
 * @param classifiedAt    when it was classified
 * @param dates           the dates the text gives its act: when it takes effect, until when it (or a suspension) runs
 * @param lifecycle       null for what a source published; for what the measure register publishes when a measure's
 *                        date arrives or nears, which: {@code takes-effect}, {@code takes-effect-soon},
 *                        {@code suspension-ends}, {@code suspension-ends-soon}, {@code expires}, {@code expires-soon}
 * @param baseline        true when every copy came with its source's first poll ({@link Item#baseline()}): shown and
 *                        replayable, not counted by live threshold rules
 * @param modelVersion    version of the learned model beside the rules (null when the rules decided alone)
 * @param correction      an analyst's correction, when measure, stage, actor and targets are theirs; null otherwise
 */
public record Indicator(String id, String itemId, String sourceId, String sourceKind, String url, String title, Measure measure,
                        Stage stage, String actor, List<String> targets, List<String> sectors, List<String> hsCodes,
                        List<String> controlCodes, List<String> references, int severity,
                        List<String> severityReasons, List<Evidence> evidence, String rulesetVersion,
                        List<SourceRef> sources, Instant occurredAt, Instant classifiedAt, List<ActReference> refersTo,
                        List<ActDate> dates, String lifecycle, boolean baseline, String modelVersion,
                        Correction correction) implements Complete {

    /** An indicator before the learned layer and corrections: the rules decided, no one corrected it. */
    public Indicator(String id, String itemId, String sourceId, String sourceKind, String url, String title, Measure measure,
                     Stage stage, String actor, List<String> targets, List<String> sectors, List<String> hsCodes,
                     List<String> controlCodes, List<String> references, int severity, List<String> severityReasons,
                     List<Evidence> evidence, String rulesetVersion, List<SourceRef> sources, Instant occurredAt,
                     Instant classifiedAt, List<ActReference> refersTo, List<ActDate> dates, String lifecycle,
                     boolean baseline) {
        this(id, itemId, sourceId, sourceKind, url, title, measure, stage, actor, targets, sectors, hsCodes, controlCodes,
                references, severity, severityReasons, evidence, rulesetVersion, sources, occurredAt, classifiedAt, refersTo,
                dates, lifecycle, baseline, null, null);
    }

    /** An indicator of something Chokepoint saw happen (not a source's first poll). */
    public Indicator(String id, String itemId, String sourceId, String sourceKind, String url, String title, Measure measure,
                     Stage stage, String actor, List<String> targets, List<String> sectors, List<String> hsCodes,
                     List<String> controlCodes, List<String> references, int severity, List<String> severityReasons,
                     List<Evidence> evidence, String rulesetVersion, List<SourceRef> sources, Instant occurredAt,
                     Instant classifiedAt, List<ActReference> refersTo, List<ActDate> dates, String lifecycle) {
        this(id, itemId, sourceId, sourceKind, url, title, measure, stage, actor, targets, sectors, hsCodes, controlCodes,
                references, severity, severityReasons, evidence, rulesetVersion, sources, occurredAt, classifiedAt, refersTo,
                dates, lifecycle, false);
    }

    /** An indicator of a source's item that gives no dates. */
    public Indicator(String id, String itemId, String sourceId, String sourceKind, String url, String title, Measure measure,
                     Stage stage, String actor, List<String> targets, List<String> sectors, List<String> hsCodes,
                     List<String> controlCodes, List<String> references, int severity, List<String> severityReasons,
                     List<Evidence> evidence, String rulesetVersion, List<SourceRef> sources, Instant occurredAt,
                     Instant classifiedAt, List<ActReference> refersTo) {
        this(id, itemId, sourceId, sourceKind, url, title, measure, stage, actor, targets, sectors, hsCodes, controlCodes,
                references, severity, severityReasons, evidence, rulesetVersion, sources, occurredAt, classifiedAt, refersTo,
                List.of(), null);
    }

    /** An indicator of an item that acts on no earlier act. */
    public Indicator(String id, String itemId, String sourceId, String sourceKind, String url, String title, Measure measure,
                     Stage stage, String actor, List<String> targets, List<String> sectors, List<String> hsCodes,
                     List<String> controlCodes, List<String> references, int severity, List<String> severityReasons,
                     List<Evidence> evidence, String rulesetVersion, List<SourceRef> sources, Instant occurredAt,
                     Instant classifiedAt) {
        this(id, itemId, sourceId, sourceKind, url, title, measure, stage, actor, targets, sectors, hsCodes, controlCodes,
                references, severity, severityReasons, evidence, rulesetVersion, sources, occurredAt, classifiedAt, List.of());
    }

    @Override
    public java.util.List<String> missing() {
        return Complete.nulls(new String[]{"id", "measure", "occurredAt"}, id, measure, occurredAt);
    }


    public Indicator {
        targets = targets == null ? List.of() : List.copyOf(targets);
        sectors = sectors == null ? List.of() : List.copyOf(sectors);
        hsCodes = hsCodes == null ? List.of() : List.copyOf(hsCodes);
        controlCodes = controlCodes == null ? List.of() : List.copyOf(controlCodes);
        references = references == null ? List.of() : List.copyOf(references);
        severityReasons = severityReasons == null ? List.of() : List.copyOf(severityReasons);
        evidence = evidence == null ? List.of() : List.copyOf(evidence);
        sources = sources == null ? List.of() : List.copyOf(sources);
        refersTo = refersTo == null ? List.of() : List.copyOf(refersTo);
        dates = dates == null ? List.of() : List.copyOf(dates);
    }

    /** This indicator as an analyst corrected it: their measure, stage, actor and targets, marked with who and when. */
    public Indicator corrected(Correction c, int newSeverity, List<String> newSeverityReasons) {
        Correction applied = c.withWas(correction != null ? correction.was() : Correction.summary(measure, stage, actor, targets));
        return new Indicator(id, itemId, sourceId, sourceKind, url, title, c.measure(), c.measure() == Measure.NONE ? null
                : c.stage(), c.measure() == Measure.NONE ? null : c.actor(), c.measure() == Measure.NONE ? List.of()
                : c.targets(), sectors, hsCodes, controlCodes, references, newSeverity, newSeverityReasons, evidence, rulesetVersion,
                sources, occurredAt, classifiedAt, refersTo, dates, lifecycle, baseline, modelVersion, applied);
    }

    /** The same indicator with the learned model's version recorded. */
    public Indicator withModelVersion(String version) {
        return new Indicator(id, itemId, sourceId, sourceKind, url, title, measure, stage, actor, targets, sectors, hsCodes,
                controlCodes, references, severity, severityReasons, evidence, rulesetVersion, sources, occurredAt,
                classifiedAt, refersTo, dates, lifecycle, baseline, version, correction);
    }

    /**
     * A one-line English gist when the title is not English ({@link Gist}), beside the original wherever it is read;
     * derived from the fields on every write, so a better glossary improves old records too. Null (left out of the
     * JSON) for an English title.
     */
    @com.fasterxml.jackson.annotation.JsonProperty(value = "gist", access = com.fasterxml.jackson.annotation.JsonProperty.Access.READ_ONLY)
    public String gist() {
        return Gist.of(this);
    }

    /** True when the item signals pressure: a measure at stage THREATENED, INVESTIGATING or IMPOSED. */
    @JsonIgnore
    public boolean isIndicator() {
        return measure != Measure.NONE && stage != null && stage.isPressure();
    }
}
