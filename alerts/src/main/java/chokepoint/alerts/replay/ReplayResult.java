package chokepoint.alerts.replay;

import chokepoint.records.Breach;
import chokepoint.records.Measure;
import com.fasterxml.jackson.annotation.JsonIgnore;
import chokepoint.records.Stage;

import java.time.Instant;
import java.util.List;

/**
 * What a replay found, side by side with what happened.
 *
 * @param itemsRead      items of the range read again
 * @param indicators     indicators the replay produced (measure NONE included)
 * @param breaches       every breach: fired in the replay, live, or both
 * @param onlyReplay     how many fired only in the replay (the changed rules would have raised them)
 * @param onlyLive       how many fired live but not in the replay
 * @param both           how many fired in both
 * @param changes        indicators whose classification differs from the live one (at most {@link #MAX_CHANGES})
 * @param changedCount   how many differ in all
 * @param seconds        wall time of the replay
 * @param itemsPerSecond items read again per second
 * @param fired          the breaches the replay raised, whole, for re-delivery on request (not shown in the API)
 */
public record ReplayResult(long itemsRead, long indicators, List<BreachRow> breaches, int onlyReplay, int onlyLive, int both,
                           List<Change> changes, int changedCount, double seconds, double itemsPerSecond,
                           @JsonIgnore List<Breach> fired) {

    public static final int MAX_CHANGES = 200;

    /** One breach, and where it fired. */
    public record BreachRow(String id, String ruleId, String ruleName, String groupKey, Instant firedAt, int count,
                            boolean inReplay, boolean inLive) {
    }

    /** One item classified differently now than when it arrived. */
    public record Change(String itemId, String title, String url, Measure liveMeasure, Stage liveStage, String liveActor,
                         int liveSeverity, Measure replayMeasure, Stage replayStage, String replayActor, int replaySeverity) {
    }
}
