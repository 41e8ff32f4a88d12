package chokepoint.alerts.dossier;

import chokepoint.alerts.threshold.Exposure;
import chokepoint.records.Breach;
import chokepoint.records.Measure;
import chokepoint.records.RegisteredMeasure;
import chokepoint.records.Stage;

import java.time.Instant;
import java.util.List;

/**
 * The file an analyst builds for a case under the Anti-Coercion Instrument: for one actor against one target over a
 * time range, the measures and their lives, every indicator with its evidence and sources, the breaches, the Art. 2(2)
 * figures and the counter-leverage that fits the sectors hit. Printed as a page, and as CSV and JSON with the same
 * facts ({@link DossierFormats}).
 *
 * @param actor           who applies pressure (null: anyone)
 * @param target          on whom (null: anyone; EU covers its member states)
 * @param from            start of the range, inclusive
 * @param to              end of the range, exclusive
 * @param breachId        the breach the dossier was asked for, if one was
 * @param generatedAt     when it was put together
 * @param measures        acts of the actor against the target alive in the range, with their lives
 * @param indicators      indicators in the range, oldest first (at most {@link DossierAssembler#MAX_INDICATORS})
 * @param truncated       true when there were more indicators than that
 * @param breaches        breaches that fired in the range, in their latest state
 * @param criteria        what the indicators show for each Art. 2(2) criterion, over the range
 * @param counterLeverage where the actor depends on Europe, those that fit the sectors hit first
 * @param exposure        the EU's exposure in the sectors hit: the share of its supply from the actor, from public
 *                        figures with their source and year ({@link Exposure})
 */
public record Dossier(String actor, String target, Instant from, Instant to, String breachId, Instant generatedAt,
                      List<RegisteredMeasure> measures, List<Entry> indicators, boolean truncated, List<Breach> breaches,
                      List<Breach.Criterion> criteria, List<String> counterLeverage, List<Exposure.Line> exposure) {

    /**
     * One indicator as a dossier lists it.
     *
     * @param evidence the words and clauses the classification rests on
     * @param sources  every copy of the story: the links a reader follows
     * @param gist     the one-line English gist of a non-English title, null for an English one
     */
    public record Entry(String id, Instant occurredAt, String title, String url, String sourceId, Measure measure,
                        Stage stage, String actor, List<String> targets, List<String> sectors, int severity,
                        String lifecycle, List<String> evidence, List<String> sources, String gist) {
    }
}
