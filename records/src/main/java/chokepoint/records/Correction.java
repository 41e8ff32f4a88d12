package chokepoint.records;

import java.time.Instant;
import java.util.List;

/**
 * An analyst's correction of an indicator, on the compacted topic {@code chokepoint.corrections} keyed by the
 * indicator's id (the event's, which is the id of the story's first item): the right measure, stage, actor and targets,
 * who said so (the owner of the token used) and when. The classifier's topology re-emits the indicator under the same
 * key with these values; {@code ./chokepoint labels export} writes them in the corpus format for the next training.
 *
 * @param indicatorId the indicator corrected
 * @param measure     the right measure (NONE: not a measure at all)
 * @param stage       the right stage, null when measure is NONE
 * @param actor       the right actor, or null
 * @param targets     the right targets
 * @param by          the name of the token's owner
 * @param at          when the correction was made
 * @param note        why, in the analyst's words (optional)
 * @param was         what the classifier had said ("TARIFF, IMPOSED, US → CN"), filled when the correction is applied
 * @param itemId      the item whose classification was corrected (the story's best copy), for the export
 * @param title       its title as the analyst saw it
 * @param url         its link
 * @param sourceId    its source
 */
public record Correction(String indicatorId, Measure measure, Stage stage, String actor, List<String> targets, String by,
                         Instant at, String note, String was, String itemId, String title, String url,
                         String sourceId) implements Complete {

    public Correction {
        targets = targets == null ? List.of() : List.copyOf(targets);
    }

    public Correction withWas(String previous) {
        return new Correction(indicatorId, measure, stage, actor, targets, by, at, note, previous, itemId, title, url,
                sourceId);
    }

    @Override
    public List<String> missing() {
        return Complete.nulls(new String[]{"indicatorId", "measure", "by", "at"}, indicatorId, measure, by, at);
    }

    /** How a classification reads in one line: "TARIFF, IMPOSED, US → CN". */
    public static String summary(Measure measure, Stage stage, String actor, List<String> targets) {
        return measure + (stage == null ? "" : ", " + stage) + (actor == null ? "" : ", " + actor)
                + (targets == null || targets.isEmpty() ? "" : " → " + String.join(",", targets));
    }
}
