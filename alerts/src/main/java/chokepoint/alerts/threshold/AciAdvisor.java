package chokepoint.alerts.threshold;

import chokepoint.records.Breach;
import chokepoint.records.Measure;
import chokepoint.records.Stage;
import chokepoint.records.Vocabulary;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What a breach says to the Anti-Coercion Instrument: the figures behind each Art. 2(2) criterion (intensity,
 * frequency, duration, breadth, pattern), the Annex I responses that fit its measures, and where the actor
 * depends on Europe (from {@code chokepoint/aci.yml}).
 */
public final class AciAdvisor {

    record Option(String text, List<Measure> fitsMeasures) {
        Option {
            fitsMeasures = fitsMeasures == null ? List.of() : List.copyOf(fitsMeasures);
        }
    }

    record Leverage(String text, List<String> sectors) {
        Leverage {
            sectors = sectors == null ? List.of() : List.copyOf(sectors);
        }
    }

    record Data(List<Option> responseOptions, Map<String, List<Leverage>> counterLeverage) {
    }

    private static final Data DATA = load();

    private AciAdvisor() {
    }

    private static Data load() {
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory())
                .setPropertyNamingStrategy(PropertyNamingStrategies.KEBAB_CASE)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        try (InputStream in = AciAdvisor.class.getResourceAsStream("/chokepoint/aci.yml")) {
            return yaml.readValue(in, Data.class);
        } catch (IOException e) {
            throw new UncheckedIOException("bundled chokepoint/aci.yml unreadable", e);
        }
    }

    public static List<Breach.Criterion> criteria(List<Breach.IndicatorRef> inside, Duration window) {
        List<Breach.Criterion> criteria = new ArrayList<>();
        if (inside.isEmpty()) {
            return criteria;
        }
        int max = inside.stream().mapToInt(Breach.IndicatorRef::severity).max().orElse(0);
        int sum = inside.stream().mapToInt(Breach.IndicatorRef::severity).sum();
        criteria.add(new Breach.Criterion("intensity", "highest severity " + max + "/10, severity sum " + sum));
        double perWeek = inside.size() * 7.0 * 86_400 / Math.max(1, window.toSeconds());
        criteria.add(new Breach.Criterion("frequency", inside.size() + " indicator(s) in " + Durations.human(window)
                + String.format(" (%.1f a week)", perWeek)));
        Instant first = inside.get(0).occurredAt();
        Instant last = inside.get(inside.size() - 1).occurredAt();
        long days = Duration.between(first, last).toDays();
        criteria.add(new Breach.Criterion("duration", "from " + first.atZone(ZoneOffset.UTC).toLocalDate() + " to "
                + last.atZone(ZoneOffset.UTC).toLocalDate() + " (" + days + " day(s))"));
        criteria.add(new Breach.Criterion("breadth", breadth(inside)));
        Set<Measure> measures = inside.stream().map(Breach.IndicatorRef::measure).collect(Collectors.toCollection(LinkedHashSet::new));
        boolean threatThenImposition = inside.stream().anyMatch(r -> r.stage() == Stage.THREATENED)
                && inside.stream().anyMatch(r -> r.stage() == Stage.IMPOSED);
        criteria.add(new Breach.Criterion("pattern", measures.size() + " kind(s) of measure " + measures
                + (threatThenImposition ? ", threats and impositions" : "")));
        return criteria;
    }

    /**
     * "applies to all destinations (5 measure(s) name no target), 1 named target(s) [EU], 3 sector(s) [rare-earths,
     * magnets, batteries]; EU exposure to CN: heavy rare earth elements 100% (Commission CRM study, 2023), ...".
     */
    static String breadth(List<Breach.IndicatorRef> inside) {
        Set<String> targets = collect(inside, Breach.IndicatorRef::targets);
        Set<String> sectors = collect(inside, Breach.IndicatorRef::sectors);
        long everywhere = inside.stream().filter(r -> r.targets().contains(Vocabulary.ALL_DESTINATIONS)).count();
        targets.remove(Vocabulary.ALL_DESTINATIONS);
        StringBuilder figure = new StringBuilder();
        if (everywhere > 0) {
            figure.append("applies to all destinations (").append(everywhere).append(" measure(s) name no target), ");
        }
        figure.append(targets.size()).append(" named target(s) ").append(targets).append(", ")
                .append(sectors.size()).append(" sector(s) ").append(sectors);
        Set<String> actors = inside.stream().map(Breach.IndicatorRef::actor).filter(java.util.Objects::nonNull)
                .collect(Collectors.toCollection(LinkedHashSet::new));
        for (String actor : actors) {
            List<Exposure.Line> lines = Exposure.of(actor, sectors);
            if (!lines.isEmpty()) {
                figure.append("; EU exposure to ").append(actor).append(": ")
                        .append(String.join(", ", lines.stream().map(Exposure.Line::brief).toList()));
            }
        }
        return figure.toString();
    }

    static List<String> responseOptions(List<Breach.IndicatorRef> inside) {
        Set<Measure> measures = inside.stream().map(Breach.IndicatorRef::measure).collect(Collectors.toSet());
        return DATA.responseOptions().stream()
                .filter(o -> o.fitsMeasures().isEmpty() || o.fitsMeasures().stream().anyMatch(measures::contains))
                .map(Option::text).toList();
    }

    public static List<String> counterLeverage(String actor, Set<String> sectors) {
        List<Leverage> known = DATA.counterLeverage().getOrDefault(actor, List.of());
        return known.stream()
                .sorted(Comparator.comparing((Leverage l) -> l.sectors().stream().noneMatch(sectors::contains)))
                .map(Leverage::text).toList();
    }

    static Set<String> collect(List<Breach.IndicatorRef> refs, java.util.function.Function<Breach.IndicatorRef, List<String>> field) {
        Set<String> all = new LinkedHashSet<>();
        refs.forEach(ref -> all.addAll(field.apply(ref)));
        return all;
    }
}
