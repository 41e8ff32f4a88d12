package chokepoint.alerts.measures;

import chokepoint.records.LifeStep;
import chokepoint.records.MeasureStatus;
import chokepoint.records.RegisteredMeasure;
import chokepoint.records.Vocabulary;
import chokepoint.alerts.web.validation.Known;
import io.micronaut.core.annotation.Introspected;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.annotation.QueryValue;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * Which measures a reader of the register wants: by status (several, comma-separated), actor, target (EU covers its
 * member states), kind of measure, sector, and {@code changesWithin} days (a suspension ending, a measure taking
 * effect or expiring that soon).
 */
@Introspected
public record MeasureQuery(@Nullable @QueryValue @Known(value = Vocabulary.Kind.STATUS, list = true) String status,
                           @Nullable @QueryValue @Known(Vocabulary.Kind.ACTOR) String actor,
                           @Nullable @QueryValue @Known(Vocabulary.Kind.TARGET) String target,
                           @Nullable @QueryValue @Known(Vocabulary.Kind.MEASURE) String measure,
                           @Nullable @QueryValue @Known(Vocabulary.Kind.SECTOR) String sector,
                           @Nullable @QueryValue @Min(0) @Max(3650) Integer changesWithin) {

    /** Upcoming changes that are the change itself, not the warning before it. */
    private static final Set<String> CHANGES = Set.of(LifeStep.TAKES_EFFECT, LifeStep.SUSPENSION_ENDS, LifeStep.EXPIRES);

    public Predicate<RegisteredMeasure> filter(Instant now) {
        Set<String> statuses = status == null || status.isBlank() ? Set.of()
                : Arrays.stream(status.split(",")).map(s -> s.trim().toUpperCase(Locale.ROOT).replace('-', '_'))
                .collect(Collectors.toSet());
        return m -> (statuses.isEmpty() || statuses.contains(m.status().name()))
                && (blank(actor) || actor.equalsIgnoreCase(String.valueOf(m.actor())))
                && (blank(target) || m.targets().stream().anyMatch(t -> Vocabulary.targetMatches(target, t)))
                && (blank(measure) || m.measure().name().equalsIgnoreCase(measure))
                && (blank(sector) || m.sectors().contains(sector.toLowerCase(Locale.ROOT)))
                && (changesWithin == null || nextChange(m).map(at -> !at.isAfter(now.plus(Duration.ofDays(changesWithin))))
                .orElse(false));
    }

    /** When the measure next changes by the calendar, if it will. */
    public static java.util.Optional<Instant> nextChange(RegisteredMeasure m) {
        return m.upcoming().stream().filter(d -> CHANGES.contains(d.lifecycle())).map(RegisteredMeasure.Due::at).min(Instant::compareTo);
    }

    /** In force first, then suspended, adopted, announced, the rest; within each, the next change first, then the latest. */
    private static final List<MeasureStatus> STATUS_ORDER = List.of(MeasureStatus.IN_FORCE, MeasureStatus.SUSPENDED,
            MeasureStatus.ADOPTED, MeasureStatus.ANNOUNCED, MeasureStatus.UNKNOWN, MeasureStatus.LIFTED, MeasureStatus.EXPIRED);

    public static final Comparator<RegisteredMeasure> ORDER = Comparator
            .comparing((RegisteredMeasure m) -> STATUS_ORDER.indexOf(m.status()))
            .thenComparing(m -> nextChange(m).orElse(Instant.MAX))
            .thenComparing(RegisteredMeasure::updatedAt, Comparator.nullsLast(Comparator.reverseOrder()));

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
