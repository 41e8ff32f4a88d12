package chokepoint.alerts.web;

import chokepoint.records.Vocabulary;
import chokepoint.records.Indicator;
import io.micronaut.core.annotation.Nullable;

import java.util.Locale;

/**
 * What a reader of the feed, the API or the Atom feed wants to see: every field optional, all given ones must
 * match. By default only indicators (a measure at a pressure stage); {@code all=true} adds everything classified.
 */
public record IndicatorFilter(@Nullable String actor, @Nullable String target, @Nullable String measure,
                              @Nullable String stage, @Nullable String sector, int minSeverity, @Nullable String source,
                              boolean all) {

    public boolean test(Indicator indicator) {
        return (all || indicator.isIndicator())
                && (actor == null || actor.equalsIgnoreCase(String.valueOf(indicator.actor())))
                && (target == null || indicator.targets().stream().anyMatch(t -> Vocabulary.targetMatches(target, t)))
                && (measure == null || indicator.measure().name().equalsIgnoreCase(measure))
                && (stage == null || indicator.stage() != null && indicator.stage().name().equalsIgnoreCase(stage))
                && (sector == null || indicator.sectors().contains(sector.toLowerCase(Locale.ROOT)))
                && indicator.severity() >= minSeverity
                && (source == null || indicator.sources().stream().anyMatch(s -> source.equals(s.sourceId()))
                        || source.equals(indicator.sourceId()));
    }
}
