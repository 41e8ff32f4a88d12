package chokepoint.alerts.web;

import chokepoint.alerts.web.validation.Known;
import chokepoint.records.Vocabulary;
import io.micronaut.core.annotation.Introspected;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.annotation.QueryValue;

/**
 * The filter's query parameters, shared by the JSON API, the event stream and the Atom feed; a word outside the
 * vocabulary is a 400 with what was probably meant, never a silently empty answer.
 */
@Introspected
public record IndicatorQuery(@Nullable @QueryValue @Known(Vocabulary.Kind.ACTOR) String actor,
                             @Nullable @QueryValue @Known(Vocabulary.Kind.TARGET) String target,
                             @Nullable @QueryValue @Known(Vocabulary.Kind.MEASURE) String measure,
                             @Nullable @QueryValue @Known(Vocabulary.Kind.STAGE) String stage,
                             @Nullable @QueryValue @Known(Vocabulary.Kind.SECTOR) String sector,
                             @Nullable @QueryValue @Min(0) @Max(10) Integer minSeverity,
                             @Nullable @QueryValue String source, @Nullable @QueryValue Boolean all) {

    public IndicatorFilter filter() {
        return new IndicatorFilter(blank(actor), blank(target), blank(measure), blank(stage), blank(sector),
                minSeverity == null ? 0 : minSeverity, blank(source), all != null && all);
    }

    private static String blank(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
