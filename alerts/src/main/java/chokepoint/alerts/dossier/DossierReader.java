package chokepoint.alerts.dossier;

import chokepoint.kafka.KafkaClients;
import chokepoint.records.Breach;
import chokepoint.records.Indicator;
import chokepoint.records.RegisteredMeasure;
import chokepoint.topics.TopicReader;
import chokepoint.topics.Topics;

import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Reads what a dossier needs from the topics themselves: the register (compacted), the indicators and breaches
 * published from the start of the range on (by timestamp), each in its latest state.
 */
public final class DossierReader {

    private final KafkaClients clients;

    public DossierReader(KafkaClients clients) {
        this.clients = clients;
    }

    /** The whole dossier from the topics: how the command line makes one, with no alerts service running. */
    public Dossier read(DossierRequest request, Instant now) {
        Map<String, RegisteredMeasure> measures = new LinkedHashMap<>();
        TopicReader.readAll(clients, Topics.MEASURES, (act, measure) -> {
            if (measure == null) {
                measures.remove(act);
            } else {
                measures.put(act, measure);
            }
        });
        Map<String, Breach> breaches = new LinkedHashMap<>();
        TopicReader.readFrom(clients, Topics.BREACHES, request.from(), (id, breach) -> {
            if (breach != null) {
                breaches.put(id, breach);
            }
        });
        return DossierAssembler.assemble(request, measures.values(), indicators(request), breaches.values(), now);
    }

    /**
     * The indicators of the range, each in its latest state (an alerts instance holds the register and the breaches
     * already; the indicators of a range are read when asked for): from the first record stamped at the range's start
     * to the first stamped a grace after its end, so that late copies of the range's indicators are read and a
     * year-old range does not read the years since.
     */
    /** How late an indicator may be published after its own time and still be read into its range's dossier. */
    static final java.time.Duration LATE = chokepoint.config.ThresholdRule.DEFAULT_GRACE;

    public Collection<Indicator> indicators(DossierRequest request) {
        // Only what can count is kept: a year of items is mostly NONE.
        Map<String, Indicator> indicators = new LinkedHashMap<>();
        TopicReader.readBetween(clients, Topics.INDICATORS, request.from(), request.to().plus(LATE), (id, indicator) -> {
            if (indicator != null && (indicator.isIndicator() || indicator.lifecycle() != null)) {
                indicators.put(id, indicator);
            } else {
                indicators.remove(id);
            }
        });
        return indicators.values();
    }

    /** A breach in its latest state, read from the whole topic. */
    public Optional<Breach> breach(String id) {
        Breach[] found = new Breach[1];
        TopicReader.readAll(clients, Topics.BREACHES, (key, breach) -> {
            if (id.equals(key) && breach != null) {
                found[0] = breach;
            }
        });
        return Optional.ofNullable(found[0]);
    }
}
