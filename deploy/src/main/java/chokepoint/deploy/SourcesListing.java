package chokepoint.deploy;

import chokepoint.alerts.threshold.Durations;
import chokepoint.config.SourceConfig;
import chokepoint.ingest.PublishingRhythm;
import chokepoint.records.SourceState;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * What {@code ./chokepoint sources list} prints: the sources grouped by jurisdiction and publisher, each with its
 * kind, interval, publishing windows and when it last found something (from the source states, when Kafka is
 * reachable), so that a publisher configured but silent shows.
 */
final class SourcesListing {

    private SourcesListing() {
    }

    /** @param states the sources' states by id, or null when they could not be read */
    static String render(List<SourceConfig> sources, Map<String, SourceState> states, Instant now) {
        Map<String, Map<String, List<SourceConfig>>> grouped = sources.stream().collect(Collectors.groupingBy(
                s -> s.jurisdiction() == null ? "news" : s.jurisdiction(), TreeMap::new,
                Collectors.groupingBy(SourcesListing::publisher, TreeMap::new, Collectors.toList())));
        StringBuilder out = new StringBuilder();
        grouped.forEach((jurisdiction, publishers) -> {
            out.append(jurisdiction).append('\n');
            publishers.forEach((publisher, ofPublisher) -> {
                out.append("  ").append(publisher).append('\n');
                for (SourceConfig source : ofPublisher.stream().sorted(Comparator.comparing(SourceConfig::id)).toList()) {
                    SourceState state = states == null ? null : states.get(source.id());
                    out.append(String.format("    %-28s %-14s every %-5s last found %s%n", source.id(), source.kind(),
                            Durations.human(source.interval()), lastFound(state, states != null, now)));
                    out.append(String.format("    %-28s windows: %s%n", "", PublishingRhythm.of(source, state).describe()));
                    out.append(String.format("    %-28s %s%n", "", source.url()));
                    if (source.note() != null) {
                        out.append(String.format("    %-28s checked: %s%n", "", source.note()));
                    }
                }
            });
        });
        if (states == null) {
            out.append("(when each source last found something is read from Kafka, which did not answer: start ./chokepoint run)\n");
        }
        return out.toString();
    }

    /** The publisher as configured, else the host of its address. */
    static String publisher(SourceConfig source) {
        if (source.publisher() != null && !source.publisher().isBlank()) {
            return source.publisher();
        }
        try {
            return URI.create(source.url()).getHost();
        } catch (IllegalArgumentException e) {
            return source.url();
        }
    }

    private static String lastFound(SourceState state, boolean known, Instant now) {
        if (!known) {
            return "unknown";
        }
        if (state == null || state.lastAttempt() == null) {
            return "never polled";
        }
        if (state.lastNewItemAt() == null) {
            return "nothing yet" + (state.lastError() == null ? "" : " (failing: " + state.lastError() + ")");
        }
        Duration ago = Duration.between(state.lastNewItemAt(), now);
        return state.lastNewItemAt() + " (" + Durations.human(ago.isNegative() ? Duration.ZERO : ago) + " ago)"
                + (state.consecutiveFailures() > 0 ? ", failing now: " + state.lastError() : "");
    }
}
