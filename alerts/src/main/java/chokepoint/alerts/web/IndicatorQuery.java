package chokepoint.alerts.web;

import io.micronaut.core.annotation.Introspected;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.annotation.QueryValue;

/** The filter's query parameters, shared by the JSON API, the event stream and the Atom feed. */
@Introspected
public record IndicatorQuery(@Nullable @QueryValue String actor, @Nullable @QueryValue String target,
                             @Nullable @QueryValue String measure, @Nullable @QueryValue String stage,
                             @Nullable @QueryValue String sector, @Nullable @QueryValue Integer minSeverity,
                             @Nullable @QueryValue String source, @Nullable @QueryValue Boolean all) {

    public IndicatorFilter filter() {
        return new IndicatorFilter(blank(actor), blank(target), blank(measure), blank(stage), blank(sector),
                minSeverity == null ? 0 : minSeverity, blank(source), all != null && all);
    }

    private static String blank(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
