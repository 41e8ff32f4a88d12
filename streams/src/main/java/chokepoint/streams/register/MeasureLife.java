package chokepoint.streams.register;

import chokepoint.records.ActDate;
import chokepoint.records.ActReference;
import chokepoint.records.Indicator;
import chokepoint.records.LifeStep;
import chokepoint.records.Measure;
import chokepoint.records.MeasureStatus;
import chokepoint.records.RegisteredMeasure;
import chokepoint.records.RegisteredMeasure.Due;
import chokepoint.records.SourceRef;
import chokepoint.records.Stage;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A measure's life as pure functions: the step an indicator shows, and what the steps so far make of the measure
 * (its status, its days, what the register will publish next). {@link MeasureRegisterProcessor} keeps the results.
 */
final class MeasureLife {

    /** "…takes effect tomorrow". */
    static final Duration EFFECT_WARNING = Duration.ofDays(1);
    /** "A suspension ends within 30 days": time to prepare for the controls coming back. */
    static final Duration SUSPENSION_WARNING = Duration.ofDays(30);
    static final Duration EXPIRY_WARNING = Duration.ofDays(30);

    static final String TAKES_EFFECT_SOON = "takes-effect-soon";
    static final String SUSPENSION_ENDS_SOON = "suspension-ends-soon";
    static final String EXPIRES_SOON = "expires-soon";

    private MeasureLife() {
    }

    /** The act an indicator is the notice of: the first official act it names that it does not act on. */
    static String ownAct(Indicator indicator) {
        Set<String> actedOn = new LinkedHashSet<>();
        indicator.refersTo().forEach(reference -> actedOn.add(reference.act()));
        return indicator.references().stream()
                .filter(id -> id.startsWith("cn:") || id.startsWith("celex:") || id.startsWith("fr:") || id.startsWith("eo:"))
                .filter(id -> !actedOn.contains(id))
                .findFirst().orElse(null);
    }

    /** The step a notice of its own act shows: null when the act is neither announced nor adopted by it. */
    static String ownStep(Indicator indicator) {
        if (indicator.measure() == Measure.NONE || indicator.stage() == null) {
            return null;
        }
        return switch (indicator.stage()) {
            case IMPOSED -> LifeStep.ADOPTED;
            case THREATENED, INVESTIGATING -> LifeStep.ANNOUNCED;
            default -> null;
        };
    }

    /** The step a follow-up takes on the act it names. */
    static String followUpStep(ActReference reference) {
        return switch (reference.relation()) {
            case ActReference.SUSPENDS -> LifeStep.SUSPENDED;
            case ActReference.EXTENDS -> LifeStep.EXTENDED;
            case ActReference.REPEALS -> LifeStep.LIFTED;
            case ActReference.RESUMES -> LifeStep.RESUMED;
            case ActReference.IMPLEMENTS -> LifeStep.IMPLEMENTED;
            default -> LifeStep.AMENDED;
        };
    }

    /**
     * The measure with the step {@code indicator} shows: replacing what the same event showed before (an event is
     * published again whenever a copy joins it), the act's fields from its own notice, the rest gathered.
     */
    static RegisteredMeasure withStep(RegisteredMeasure current, String act, Indicator indicator, String stepName,
                                      String byAct, boolean own) {
        RegisteredMeasure m = current != null ? current : new RegisteredMeasure(act, null, null, null, List.of(),
                Measure.NONE, List.of(), List.of(), List.of(), 0, MeasureStatus.UNKNOWN, null, null, null, List.of(),
                List.of(), List.of(), null);
        LocalDate from = day(indicator, ActDate.EFFECTIVE);
        LocalDate until = day(indicator, ActDate.UNTIL);
        LifeStep step = new LifeStep(stepName, indicator.occurredAt(), from, until, byAct, indicator.id(), indicator.title(),
                indicator.url(), indicator.sourceId());
        List<LifeStep> life = new ArrayList<>(m.life());
        life.removeIf(s -> indicator.id().equals(s.event()) && s.step().equals(stepName));
        life.add(step);
        boolean takesFields = own || m.title() == null;
        Measure measure = m.measure() == Measure.NONE || (own && indicator.measure() != Measure.NONE) ? indicator.measure() : m.measure();
        List<SourceRef> sources = new ArrayList<>(m.sources());
        for (SourceRef source : indicator.sources()) {
            if (sources.stream().noneMatch(s -> s.itemId().equals(source.itemId()))) {
                sources.add(source);
            }
        }
        sources.sort(Comparator.comparing(SourceRef::seenAt, Comparator.nullsLast(Comparator.naturalOrder())));
        Instant updated = m.updatedAt() == null || indicator.occurredAt().isAfter(m.updatedAt()) ? indicator.occurredAt() : m.updatedAt();
        return settle(new RegisteredMeasure(act, takesFields ? indicator.title() : m.title(), takesFields ? indicator.url() : m.url(),
                own && indicator.actor() != null ? indicator.actor() : m.actor() != null ? m.actor() : indicator.actor(),
                union(m.targets(), indicator.targets()), measure, union(m.sectors(), indicator.sectors()),
                union(m.hsCodes(), indicator.hsCodes()), union(m.controlCodes(), indicator.controlCodes()),
                Math.max(m.severity(), indicator.stage() != null && indicator.stage().isPressure() ? indicator.severity() : 0),
                m.status(), null, null, null, life, List.of(), sources, updated));
    }

    /** The measure with a step its calendar took at {@code due}, and its clock moved there. */
    static RegisteredMeasure withDateReached(RegisteredMeasure m, Due due) {
        List<LifeStep> life = new ArrayList<>(m.life());
        String step = switch (due.lifecycle()) {
            case LifeStep.TAKES_EFFECT, LifeStep.SUSPENSION_ENDS, LifeStep.EXPIRES -> due.lifecycle();
            default -> null;  // a warning changes nothing in the measure's life
        };
        if (step != null) {
            life.add(new LifeStep(step, due.at(), due.day(), null, null, null, describe(due), null, MeasureRegisterProcessor.SOURCE_ID));
        }
        Instant updated = m.updatedAt() == null || due.at().isAfter(m.updatedAt()) ? due.at() : m.updatedAt();
        return settle(new RegisteredMeasure(m.id(), m.title(), m.url(), m.actor(), m.targets(), m.measure(), m.sectors(),
                m.hsCodes(), m.controlCodes(), m.severity(), m.status(), null, null, null, life, List.of(), m.sources(), updated));
    }

    /**
     * Status, days and upcoming changes from the steps, oldest first. The register's clock for a measure is its
     * {@code updatedAt}: the latest notice or date reached. A change due at or before it has happened (or was
     * overtaken), so only later ones are upcoming.
     */
    static RegisteredMeasure settle(RegisteredMeasure m) {
        List<LifeStep> life = new ArrayList<>(m.life());
        life.sort(Comparator.comparing(LifeStep::at, Comparator.nullsFirst(Comparator.naturalOrder())));
        ZoneId zone = ActDate.zoneOf(m.actor());
        MeasureStatus status = MeasureStatus.UNKNOWN;
        LocalDate effectiveFrom = null;
        LocalDate suspendedUntil = null;
        LocalDate endsOn = null;
        List<LifeStep> kept = new ArrayList<>();
        for (LifeStep step : life) {
            if (overtaken(step, status)) {
                // A date the calendar reached while a notice published later (dated earlier) had already changed
                // the measure: No. 61 "takes effect" on 1 December although No. 70 suspended it on 7 November.
                continue;
            }
            kept.add(step);
            switch (step.step()) {
                case LifeStep.ANNOUNCED -> status = status == MeasureStatus.UNKNOWN ? MeasureStatus.ANNOUNCED : status;
                case LifeStep.ADOPTED -> {
                    effectiveFrom = step.from() != null ? step.from() : effectiveFrom;
                    endsOn = step.until() != null ? step.until() : endsOn;
                    // In force only when a text said from when (a date, or "from the day of publication", which
                    // ActDates turns into that day); adopted with no such word, it is ADOPTED, not presumed in force.
                    boolean inForce = effectiveFrom != null && !start(effectiveFrom, zone).isAfter(step.at());
                    status = status == MeasureStatus.SUSPENDED || status == MeasureStatus.LIFTED || status == MeasureStatus.IN_FORCE
                            ? status : inForce ? MeasureStatus.IN_FORCE : MeasureStatus.ADOPTED;
                }
                case LifeStep.TAKES_EFFECT -> status = status == MeasureStatus.ADOPTED ? MeasureStatus.IN_FORCE : status;
                case LifeStep.SUSPENDED -> {
                    status = MeasureStatus.SUSPENDED;
                    suspendedUntil = step.until();
                }
                case LifeStep.EXTENDED -> {
                    if (status == MeasureStatus.SUSPENDED) {
                        suspendedUntil = step.until() != null ? step.until() : suspendedUntil;
                    } else {
                        endsOn = step.until() != null ? step.until() : endsOn;
                        status = status == MeasureStatus.EXPIRED || status == MeasureStatus.UNKNOWN ? MeasureStatus.IN_FORCE : status;
                    }
                }
                case LifeStep.SUSPENSION_ENDS, LifeStep.RESUMED -> {
                    status = status == MeasureStatus.SUSPENDED || step.step().equals(LifeStep.RESUMED) ? MeasureStatus.IN_FORCE : status;
                    suspendedUntil = null;
                }
                case LifeStep.LIFTED -> {
                    status = MeasureStatus.LIFTED;
                    suspendedUntil = null;
                }
                case LifeStep.EXPIRES -> status = status == MeasureStatus.IN_FORCE ? MeasureStatus.EXPIRED : status;
                default -> {
                    // amended, implemented: the act goes on as it was
                }
            }
        }
        List<Due> upcoming = new ArrayList<>();
        if (status == MeasureStatus.ADOPTED && effectiveFrom != null) {
            schedule(upcoming, LifeStep.TAKES_EFFECT, TAKES_EFFECT_SOON, EFFECT_WARNING, start(effectiveFrom, zone), effectiveFrom);
        } else if (status == MeasureStatus.SUSPENDED && suspendedUntil != null) {
            schedule(upcoming, LifeStep.SUSPENSION_ENDS, SUSPENSION_ENDS_SOON, SUSPENSION_WARNING,
                    start(suspendedUntil.plusDays(1), zone), suspendedUntil);
        } else if (status == MeasureStatus.IN_FORCE && endsOn != null) {
            schedule(upcoming, LifeStep.EXPIRES, EXPIRES_SOON, EXPIRY_WARNING, start(endsOn.plusDays(1), zone), endsOn);
        }
        Instant clock = m.updatedAt();
        upcoming.removeIf(due -> clock != null && !due.at().isAfter(clock));
        return new RegisteredMeasure(m.id(), m.title(), m.url(), m.actor(), m.targets(), m.measure(), m.sectors(), m.hsCodes(),
                m.controlCodes(), m.severity(), status, effectiveFrom, status == MeasureStatus.SUSPENDED ? suspendedUntil : null,
                endsOn, kept, upcoming, m.sources(), m.updatedAt());
    }

    /**
     * Whether a step the register's own calendar took has no place in the life as the notices now tell it: the
     * measure was not in the state that date changes (not waiting to take effect, not suspended, not in force).
     * Notices arrive in any order (a backlog, a late source), so a date may be reached before the notice that
     * overtook it is read; the life is told again from the notices and only the dates that still happen.
     */
    private static boolean overtaken(LifeStep step, MeasureStatus status) {
        if (!MeasureRegisterProcessor.SOURCE_ID.equals(step.sourceId())) {
            return false;
        }
        return switch (step.step()) {
            case LifeStep.TAKES_EFFECT -> status != MeasureStatus.ADOPTED;
            case LifeStep.SUSPENSION_ENDS -> status != MeasureStatus.SUSPENDED;
            case LifeStep.EXPIRES -> status != MeasureStatus.IN_FORCE;
            default -> false;
        };
    }

    private static void schedule(List<Due> upcoming, String event, String warning, Duration lead, Instant at, LocalDate day) {
        upcoming.add(new Due(warning, at.minus(lead), day));
        upcoming.add(new Due(event, at, day));
    }

    /** What a date brought, in words: the title of a step and of the indicator published for it. */
    static String describe(Due due) {
        return switch (due.lifecycle()) {
            case LifeStep.TAKES_EFFECT -> "Takes effect on " + due.day();
            case TAKES_EFFECT_SOON -> "Takes effect tomorrow, " + due.day();
            case LifeStep.SUSPENSION_ENDS -> "Suspension ended after " + due.day() + "; the measure applies again";
            case SUSPENSION_ENDS_SOON -> "Suspension ends within 30 days (last day " + due.day() + ")";
            case LifeStep.EXPIRES -> "Expired after " + due.day();
            case EXPIRES_SOON -> "Expires within 30 days (last day " + due.day() + ")";
            default -> due.lifecycle() + " " + due.day();
        };
    }

    /** The stage an indicator of a date brings: the measure bites (again), or it ends. */
    static Stage stageOf(String lifecycle) {
        return lifecycle.startsWith("expires") ? Stage.EASED : Stage.IMPOSED;
    }

    private static Instant start(LocalDate day, ZoneId zone) {
        return day.atStartOfDay(zone).toInstant();
    }

    private static LocalDate day(Indicator indicator, String kind) {
        return indicator.dates().stream().filter(d -> d.kind().equals(kind)).map(ActDate::date).filter(Objects::nonNull)
                .findFirst().orElse(null);
    }

    private static List<String> union(List<String> a, List<String> b) {
        Set<String> all = new LinkedHashSet<>(a);
        all.addAll(b);
        return List.copyOf(all);
    }
}
