package chokepoint.config;

import java.time.Duration;
import java.util.List;

/**
 * Fires when at least {@code threshold} indicators that match the selection fall inside a sliding window,
 * counted separately per value of {@code groupBy}.
 *
 * @param id         stable name; part of every breach id
 * @param name       what people read
 * @param measures   measures that count (empty: any)
 * @param stages     stages that count (empty: THREATENED, INVESTIGATING, IMPOSED)
 * @param actors     actors that count (empty: any)
 * @param targets    indicators must target one of these (empty: any)
 * @param sectors    indicators must hit one of these (empty: any)
 * @param minSeverity indicators below are ignored
 * @param groupBy    {@code actor}, {@code actor-target} or {@code all}
 * @param window     sliding window length
 * @param threshold  indicators inside the window that make it fire
 */
public record ThresholdRule(String id, String name, List<String> measures, List<String> stages, List<String> actors,
                            List<String> targets, List<String> sectors, int minSeverity, String groupBy,
                            Duration window, int threshold) {

    public ThresholdRule {
        measures = measures == null ? List.of() : List.copyOf(measures);
        stages = stages == null ? List.of() : List.copyOf(stages);
        actors = actors == null ? List.of() : List.copyOf(actors);
        targets = targets == null ? List.of() : List.copyOf(targets);
        sectors = sectors == null ? List.of() : List.copyOf(sectors);
        groupBy = groupBy == null ? "actor" : groupBy;
    }
}
