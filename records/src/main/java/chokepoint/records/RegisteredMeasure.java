package chokepoint.records;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * One official act in the measure register ({@code chokepoint.measures}, compacted, keyed by {@link #id()}): who took
 * it against whom, on what, and its life from announcement to lifting, each step with its evidence.
 *
 * @param id             the act's identifier, as fusion writes it: {@code cn:mofcom:2025-61}, {@code celex:32025R1234},
 *                       {@code fr:2025-03456}, {@code eo:14257}
 * @param title          the act's title (its own notice's, else the first follow-up's)
 * @param url            link to the act's own notice, else to the first follow-up
 * @param actor          who took it
 * @param targets        whom it is aimed at
 * @param measure        what kind of measure
 * @param sectors        sectors and commodities it hits
 * @param hsCodes        HS codes its notices name
 * @param controlCodes   control codes its notices name
 * @param severity       the highest severity its notices were given
 * @param status         where it stands
 * @param effectiveFrom  the day it takes (or took) effect, when a text said
 * @param suspendedUntil the last day of its suspension, while suspended and a text said
 * @param endsOn         the last day it runs (expiry), when a text said
 * @param life           its steps, oldest first
 * @param upcoming       the dates the register will publish a change on (due first), with what happens
 * @param sources        every item that showed a step, earliest first
 * @param updatedAt      when the register last changed it (stream or wall-clock time)
 */
public record RegisteredMeasure(String id, String title, String url, String actor, List<String> targets, Measure measure,
                                List<String> sectors, List<String> hsCodes, List<String> controlCodes, int severity,
                                MeasureStatus status, LocalDate effectiveFrom, LocalDate suspendedUntil, LocalDate endsOn,
                                List<LifeStep> life, List<Due> upcoming, List<SourceRef> sources,
                                Instant updatedAt) implements Complete {

    /**
     * A change the register will publish when its moment comes.
     *
     * @param lifecycle what it publishes ({@link Indicator#lifecycle()})
     * @param at        when
     * @param day       the measure's day it is about (the day it takes effect, the last day of a suspension)
     */
    public record Due(String lifecycle, Instant at, LocalDate day) {
    }

    public RegisteredMeasure {
        targets = targets == null ? List.of() : List.copyOf(targets);
        sectors = sectors == null ? List.of() : List.copyOf(sectors);
        hsCodes = hsCodes == null ? List.of() : List.copyOf(hsCodes);
        controlCodes = controlCodes == null ? List.of() : List.copyOf(controlCodes);
        life = life == null ? List.of() : List.copyOf(life);
        upcoming = upcoming == null ? List.of() : List.copyOf(upcoming);
        sources = sources == null ? List.of() : List.copyOf(sources);
    }

    /** The English gist of a non-English title ({@link Gist}); null for an English one. */
    @com.fasterxml.jackson.annotation.JsonProperty(value = "gist", access = com.fasterxml.jackson.annotation.JsonProperty.Access.READ_ONLY)
    public String gist() {
        // The act as it was taken; where it stands now (suspended, lifted) is its status, shown beside it.
        return Gist.of(title, measure, Stage.IMPOSED, actor, targets, sectors, effectiveFrom);
    }

    /** The same measure with other changes to come. */
    public RegisteredMeasure withUpcoming(List<Due> changes) {
        return new RegisteredMeasure(id, title, url, actor, targets, measure, sectors, hsCodes, controlCodes, severity, status,
                effectiveFrom, suspendedUntil, endsOn, life, changes, sources, updatedAt);
    }

    @Override
    public List<String> missing() {
        return Complete.nulls(new String[]{"id", "status"}, id, status);
    }
}
