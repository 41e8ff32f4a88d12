package chokepoint.alerts.threshold;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The EU's exposure to an actor's measures: for each sector they hit, the share of the EU's supply that comes from
 * that actor, from public figures with their source and year ({@code chokepoint/exposure.yml}, provenance in the
 * file). What the Art. 2(2) breadth of a breach and a dossier show in numbers beside the sectors.
 */
public final class Exposure {

    /** Where a figure comes from. */
    public record Source(String title, String shortName, String url) {
    }

    /**
     * One published figure.
     *
     * @param sector   the classifier's sector it is about
     * @param material what exactly was measured (heavy rare earth elements, REE+ imports ...)
     * @param codes    the HS codes it covers, when the source names them
     * @param share    per cent
     * @param basis    what the per cent is of (share of EU supply, of EU imports by weight ...)
     * @param year     the year of the figure
     * @param source   the key of its {@link Source}
     */
    public record Figure(String sector, String material, List<String> codes, double share, String basis, int year,
                         String source) {
        public Figure {
            codes = codes == null ? List.of() : List.copyOf(codes);
        }
    }

    /** A figure with its source resolved: what a reader is shown. */
    public record Line(String actor, Figure figure, Source source) {

        /** "heavy rare earth elements: 100% of EU supply from CN (2023; European Commission, ...)". */
        public String text() {
            return figure.material() + ": " + percent(figure.share()) + " " + figure.basis().replace("share of ", "of ")
                    + " from " + actor + " (" + figure.year() + "; " + source.title() + ")";
        }

        /** Shorter, for a line of a message: "heavy rare earth elements 100% (Commission CRM study, 2023)". */
        public String brief() {
            return figure.material().replaceAll(" \\(.*\\)$", "") + " " + percent(figure.share()) + " (" + source.shortName()
                    + ", " + figure.year() + ")";
        }
    }

    record Data(Map<String, Source> sources, Map<String, List<Figure>> exposure) {
    }

    private static final Data DATA = load();

    private Exposure() {
    }

    private static Data load() {
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory())
                .setPropertyNamingStrategy(PropertyNamingStrategies.KEBAB_CASE)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        try (InputStream in = Exposure.class.getResourceAsStream("/chokepoint/exposure.yml")) {
            Data data = yaml.readValue(in, Data.class);
            data.exposure().values().forEach(figures -> figures.forEach(f -> {
                if (!data.sources().containsKey(f.source())) {
                    throw new IllegalStateException("chokepoint/exposure.yml: figure for " + f.material() + " names unknown source " + f.source());
                }
            }));
            return data;
        } catch (IOException e) {
            throw new UncheckedIOException("bundled chokepoint/exposure.yml unreadable", e);
        }
    }

    /** The figures for the sectors an actor's measures hit, in the file's order; empty when none is published. */
    public static List<Line> of(String actor, Collection<String> sectors) {
        if (actor == null) {
            return List.of();
        }
        return DATA.exposure().getOrDefault(actor, List.of()).stream()
                .filter(f -> sectors.contains(f.sector()))
                .map(f -> new Line(actor, f, DATA.sources().get(f.source()))).toList();
    }

    /** Every figure, for the documentation's table and tests. */
    public static List<Line> all() {
        return DATA.exposure().entrySet().stream().flatMap(e -> e.getValue().stream()
                .map(f -> new Line(e.getKey(), f, DATA.sources().get(f.source())))).toList();
    }

    public static String percent(double share) {
        return share == Math.rint(share) ? String.format(Locale.ROOT, "%.0f%%", share) : String.format(Locale.ROOT, "%.1f%%", share);
    }
}
