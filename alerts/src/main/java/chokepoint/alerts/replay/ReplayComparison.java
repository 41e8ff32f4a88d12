package chokepoint.alerts.replay;

import chokepoint.kafka.KafkaClients;
import chokepoint.records.Breach;
import chokepoint.records.BreachIds;
import chokepoint.records.Indicator;
import chokepoint.topics.Lane;
import chokepoint.topics.TopicReader;
import chokepoint.topics.Topics;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Sets what a replay made beside what happened live: the breaches that fired in the range on either side or both,
 * and the indicators classified differently now.
 */
final class ReplayComparison {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ReplayComparison.class);

    private final KafkaClients clients;
    private final Lane lane;
    private final ReplayRequest request;

    ReplayComparison(KafkaClients clients, Lane lane, ReplayRequest request) {
        this.clients = clients;
        this.lane = lane;
        this.request = request;
    }

    ReplayResult result(long itemsRead, double seconds) {
        Map<String, Breach> replayed = replayedBreaches();
        Map<String, Breach> live = liveBreaches();
        List<ReplayResult.BreachRow> rows = new ArrayList<>();
        int both = 0;
        int onlyReplay = 0;
        for (Breach breach : replayed.values()) {
            boolean inLive = live.containsKey(BreachIds.normalise(breach.id()));
            both += inLive ? 1 : 0;
            onlyReplay += inLive ? 0 : 1;
            rows.add(row(breach, true, inLive));
        }
        int onlyLive = 0;
        for (Breach breach : live.values()) {
            if (!replayed.containsKey(BreachIds.normalise(breach.id()))) {
                onlyLive++;
                rows.add(row(breach, false, true));
            }
        }
        rows.sort(Comparator.comparing(ReplayResult.BreachRow::firedAt).thenComparing(ReplayResult.BreachRow::id));

        Map<String, Indicator> replayIndicators = replayedIndicators();
        Map<String, Indicator> liveIndicators = liveIndicators(replayIndicators);
        List<ReplayResult.Change> changes = new ArrayList<>();
        int changed = 0;
        for (Indicator now : replayIndicators.values()) {
            Indicator then = liveIndicators.get(now.itemId());
            if (then != null && differs(then, now)) {
                changed++;
                if (changes.size() < ReplayResult.MAX_CHANGES) {
                    changes.add(new ReplayResult.Change(now.itemId(), now.title(), now.url(), then.measure(), then.stage(), then.actor(),
                            then.severity(), now.measure(), now.stage(), now.actor(), now.severity()));
                }
            }
        }
        return new ReplayResult(itemsRead, replayIndicators.size(), rows, onlyReplay, onlyLive, both, changes, changed, seconds,
                seconds > 0 ? itemsRead / seconds : 0, List.copyOf(replayed.values()));
    }

    private Map<String, Breach> replayedBreaches() {
        Map<String, Breach> replayed = new LinkedHashMap<>();
        // Breaches that fired during the warm-up belong to the time before the range, as they do live.
        TopicReader.readAll(clients, lane.breaches(), Topics.BREACHES,
                (key, breach) -> {
                    if (breach != null && request.covers(breach.firedAt())) {
                        replayed.putIfAbsent(BreachIds.normalise(key), breach);
                    }
                });
        return replayed;
    }

    private Map<String, Breach> liveBreaches() {
        Map<String, Breach> live = new LinkedHashMap<>();
        // Only the range: a breach's record is stamped when it changed, never before it fired.
        TopicReader.readFrom(clients, Topics.BREACHES, request.from() == null ? Instant.EPOCH : request.from(), (key, breach) -> {
            if (breach != null && !"health".equals(breach.kind()) && request.covers(breach.firedAt())) {
                // Breaches that fired before ids lost their '|' are keyed as they would be today.
                live.putIfAbsent(BreachIds.normalise(key), breach);
            }
        });
        return live;
    }

    private Map<String, Indicator> replayedIndicators() {
        Map<String, Indicator> replayed = new HashMap<>();
        int[] read = {0};
        TopicReader.readAll(clients, lane.indicators(), Topics.INDICATORS,
                (key, indicator) -> {
                    read[0]++;
                    if (indicator != null && request.covers(indicator.occurredAt())) {
                        replayed.put(indicator.itemId(), indicator);
                    }
                });
        LOG.debug("{}: {} indicator record(s) read, {} in the range", lane.indicators(), read[0], replayed.size());
        return replayed;
    }

    private Map<String, Indicator> liveIndicators(Map<String, Indicator> replayed) {
        Map<String, Indicator> live = new HashMap<>();
        TopicReader.readFrom(clients, Topics.INDICATORS, lane.from() == null ? Instant.EPOCH : lane.from(), (key, indicator) -> {
            if (indicator != null && replayed.containsKey(indicator.itemId())) {
                live.put(indicator.itemId(), indicator);
            }
        });
        return live;
    }

    private static boolean differs(Indicator a, Indicator b) {
        return a.measure() != b.measure() || a.stage() != b.stage() || !Objects.equals(a.actor(), b.actor())
                || !Set.copyOf(a.targets()).equals(Set.copyOf(b.targets())) || a.severity() != b.severity();
    }

    private static ReplayResult.BreachRow row(Breach breach, boolean inReplay, boolean inLive) {
        return new ReplayResult.BreachRow(breach.id(), breach.ruleId(), breach.ruleName(), breach.groupKey(), breach.firedAt(),
                breach.count(), inReplay, inLive);
    }
}
