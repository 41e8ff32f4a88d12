package chokepoint.records;

import java.time.Instant;
import java.time.LocalDate;

/**
 * One step in a measure's life, with the item that showed it, or the day that brought it.
 *
 * @param step     {@code announced}, {@code adopted}, {@code takes-effect}, {@code suspended}, {@code suspension-ends},
 *                 {@code extended}, {@code amended}, {@code implemented}, {@code lifted}, {@code resumed} or
 *                 {@code expires}
 * @param at       when: the item's publication, or the start of the day a date brought
 * @param from     the day the step applies from, when the text says
 * @param until    the day it runs to (a suspension's last day, an expiry), when the text says
 * @param byAct    the act that took the step, when another act did (announcement No. 70 suspends No. 61)
 * @param event    the indicator (event) that showed it; null for steps a date brought
 * @param title    that item's title, or what the date brought
 * @param url      link to the item
 * @param sourceId the item's source; {@code measure-register} for steps a date brought
 */
public record LifeStep(String step, Instant at, LocalDate from, LocalDate until, String byAct, String event, String title,
                       String url, String sourceId) {

    public static final String ANNOUNCED = "announced";
    public static final String ADOPTED = "adopted";
    public static final String TAKES_EFFECT = "takes-effect";
    public static final String SUSPENDED = "suspended";
    public static final String SUSPENSION_ENDS = "suspension-ends";
    public static final String EXTENDED = "extended";
    public static final String AMENDED = "amended";
    public static final String IMPLEMENTED = "implemented";
    public static final String LIFTED = "lifted";
    public static final String RESUMED = "resumed";
    public static final String EXPIRES = "expires";

    /** A step the calendar took (no item showed it). */
    public boolean timeDriven() {
        return event == null;
    }
}
