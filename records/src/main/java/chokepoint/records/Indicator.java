package chokepoint.records;

import com.fasterxml.jackson.annotation.JsonIgnore;

import java.time.Instant;
import java.util.List;

/**
 * The classification of one item, published on {@code chokepoint.indicators} keyed by {@link #id()}.
 * Every item gets one, including those with measure NONE: they are counted, not dropped; only
 * {@link #isIndicator()} records count towards threshold rules.
 *
 * @param id              the indicator's identity (today the item id; one per fused event later)
 * @param itemId          the item it was derived from
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
 * @param severity        0..10
 * @param severityReasons what the severity is made of
 * @param evidence        the matches behind the decision
 * @param rulesetVersion  version of the classifier rule set that decided
 * @param occurredAt      the item's publication (or fetch) time
 * @param classifiedAt    when it was classified
 */
public record Indicator(String id, String itemId, String sourceId, String sourceKind, String url, String title, Measure measure,
                        Stage stage, String actor, List<String> targets, List<String> sectors, List<String> hsCodes,
                        List<String> controlCodes, int severity,
                        List<String> severityReasons, List<Evidence> evidence, String rulesetVersion,
                        Instant occurredAt, Instant classifiedAt) {

    public Indicator {
        targets = targets == null ? List.of() : List.copyOf(targets);
        sectors = sectors == null ? List.of() : List.copyOf(sectors);
        hsCodes = hsCodes == null ? List.of() : List.copyOf(hsCodes);
        controlCodes = controlCodes == null ? List.of() : List.copyOf(controlCodes);
        severityReasons = severityReasons == null ? List.of() : List.copyOf(severityReasons);
        evidence = evidence == null ? List.of() : List.copyOf(evidence);
    }

    /** True when the item signals pressure: a measure at stage THREATENED, INVESTIGATING or IMPOSED. */
    @JsonIgnore
    public boolean isIndicator() {
        return measure != Measure.NONE && stage != null && stage.isPressure();
    }
}
