package chokepoint.alerts.dossier;

import chokepoint.alerts.threshold.AciAdvisor;
import chokepoint.alerts.threshold.Exposure;
import chokepoint.records.Breach;
import chokepoint.records.Evidence;
import chokepoint.records.Indicator;
import chokepoint.records.LifeStep;
import chokepoint.records.MeasureStatus;
import chokepoint.records.RegisteredMeasure;
import chokepoint.records.SourceRef;
import chokepoint.records.Vocabulary;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/** Puts a dossier together from what the topics hold: a pure function, shared by the API and the command line. */
public final class DossierAssembler {

    /** Enough for years of one actor's pressure on one target; more is a question too wide for one file. */
    public static final int MAX_INDICATORS = 5_000;

    private DossierAssembler() {
    }

    public static Dossier assemble(DossierRequest request, Collection<RegisteredMeasure> measures,
                                   Collection<Indicator> indicators, Collection<Breach> breaches, Instant now) {
        List<RegisteredMeasure> acts = measures.stream()
                .filter(m -> matches(request, m.actor(), m.targets()))
                .filter(m -> aliveIn(m, request.from(), request.to()))
                .sorted(Comparator.comparing(DossierAssembler::firstStep).thenComparing(RegisteredMeasure::id))
                .toList();
        List<Indicator> inside = indicators.stream()
                .filter(i -> i.isIndicator() || i.lifecycle() != null)
                .filter(i -> matches(request, i.actor(), i.targets()))
                .filter(i -> i.occurredAt() != null && !i.occurredAt().isBefore(request.from()) && i.occurredAt().isBefore(request.to()))
                .sorted(Comparator.comparing(Indicator::occurredAt).thenComparing(Indicator::id))
                .toList();
        boolean truncated = inside.size() > MAX_INDICATORS;
        List<Indicator> listed = truncated ? inside.subList(inside.size() - MAX_INDICATORS, inside.size()) : inside;
        List<Breach> fired = breaches.stream()
                .filter(b -> matches(request, b.actor(), b.targets()) || b.id().equals(request.breachId()))
                .filter(b -> b.firedAt() != null && !b.firedAt().isBefore(request.from()) && b.firedAt().isBefore(request.to()))
                .sorted(Comparator.comparing(Breach::firedAt).thenComparing(Breach::id))
                .toList();
        // The figures count what sources published: a date reached is the same measure again.
        List<Breach.IndicatorRef> pressure = listed.stream().filter(i -> i.lifecycle() == null).map(Breach.IndicatorRef::of).toList();
        Set<String> sectors = new LinkedHashSet<>();
        pressure.forEach(ref -> sectors.addAll(ref.sectors()));
        acts.forEach(m -> sectors.addAll(m.sectors()));
        return new Dossier(request.actor(), request.target(), request.from(), request.to(), request.breachId(), now, acts,
                listed.stream().map(DossierAssembler::entry).toList(), truncated, fired,
                AciAdvisor.criteria(pressure, Duration.between(request.from(), request.to())),
                request.actor() == null ? List.of() : AciAdvisor.counterLeverage(request.actor(), sectors),
                Exposure.of(request.actor(), sectors));
    }

    private static boolean matches(DossierRequest request, String actor, List<String> targets) {
        return (request.actor() == null || request.actor().equalsIgnoreCase(String.valueOf(actor)))
                && (request.target() == null || targets.stream().anyMatch(t -> Vocabulary.targetMatches(request.target(), t)));
    }

    /** A step inside the range, or in force (suspended, adopted) across it: not ended before it began. */
    private static boolean aliveIn(RegisteredMeasure m, Instant from, Instant to) {
        boolean stepInside = m.life().stream().anyMatch(s -> s.at() != null && !s.at().isBefore(from) && s.at().isBefore(to));
        boolean begunBefore = m.life().stream().anyMatch(s -> s.at() != null && s.at().isBefore(to));
        boolean endedBefore = (m.status() == MeasureStatus.LIFTED || m.status() == MeasureStatus.EXPIRED)
                && m.life().stream().map(LifeStep::at).filter(Objects::nonNull).allMatch(at -> at.isBefore(from));
        return stepInside || (begunBefore && !endedBefore);
    }

    private static Instant firstStep(RegisteredMeasure m) {
        return m.life().stream().map(LifeStep::at).filter(Objects::nonNull).min(Instant::compareTo).orElse(Instant.MAX);
    }

    private static Dossier.Entry entry(Indicator i) {
        Set<String> evidence = new LinkedHashSet<>();
        i.evidence().stream().map(Evidence::matched).filter(Objects::nonNull).forEach(evidence::add);
        Set<String> sources = new LinkedHashSet<>();
        if (i.url() != null) {
            sources.add(i.url());
        }
        i.sources().stream().map(SourceRef::url).filter(Objects::nonNull).forEach(sources::add);
        return new Dossier.Entry(i.id(), i.occurredAt(), i.title(), i.url(), i.sourceId(), i.measure(), i.stage(), i.actor(),
                i.targets(), i.sectors(), i.severity(), i.lifecycle(), List.copyOf(evidence), List.copyOf(sources), i.gist());
    }
}
