package chokepoint.streams.learn;

import chokepoint.streams.classify.RuleSignals;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Map;
import java.util.TreeMap;

/**
 * When the model's word replaces the rules': for each way the rules reached their measure (a measure word in the
 * title, only in the lead, a known act, a word the clause layer discounted, nothing: {@code RuleSignals.MEASURE_CUES}),
 * their stage ({@code RuleSignals.STAGE_CUES}) and their actor ({@code RuleSignals.ACTOR_CUES}), the probability above
 * which the model decides. The thresholds are
 * chosen on the dev split by {@link ModelTrainer}: where the rules were right more often than the model at any
 * threshold, the threshold is above 1 and the rules keep the decision; that is what "unsure" means, measured.
 */
public record CombinationPolicy(Map<String, Double> measure, Map<String, Double> stage, Map<String, Double> actor) {

    /** Above any probability: the rules decide. */
    public static final double NEVER = 1.01;

    /** The model decides everything (to measure the model alone). */
    public static CombinationPolicy modelAlone() {
        return new CombinationPolicy(every(RuleSignals.MEASURE_CUES, 0.0), every(RuleSignals.STAGE_CUES, 0.0),
                every(RuleSignals.ACTOR_CUES, 0.0));
    }

    /** Every cue in every script at one threshold. */
    public static Map<String, Double> every(java.util.List<String> cues, double threshold) {
        Map<String, Double> map = new TreeMap<>();
        for (String cue : cues) {
            for (String script : RuleSignals.SCRIPTS) {
                map.put(RuleSignals.key(cue, script), threshold);
            }
        }
        return map;
    }

    /** The rules decide everything; the model only shows its reading in the evidence. */
    public static CombinationPolicy rulesAlone() {
        return new CombinationPolicy(Map.of(), Map.of(), Map.of());
    }

    public CombinationPolicy {
        measure = Map.copyOf(new TreeMap<>(measure));
        stage = Map.copyOf(new TreeMap<>(stage));
        actor = Map.copyOf(new TreeMap<>(actor));
    }

    public double actorThreshold(String cue) {
        return actor.getOrDefault(cue, NEVER);
    }

    public double measureThreshold(String cue) {
        return measure.getOrDefault(cue, NEVER);
    }

    public double stageThreshold(String cue) {
        return stage.getOrDefault(cue, NEVER);
    }

    void write(DataOutputStream out) throws IOException {
        writeMap(out, measure);
        writeMap(out, stage);
        writeMap(out, actor);
    }

    static CombinationPolicy read(DataInputStream in) throws IOException {
        return new CombinationPolicy(readMap(in), readMap(in), readMap(in));
    }

    private static void writeMap(DataOutputStream out, Map<String, Double> map) throws IOException {
        Map<String, Double> sorted = new TreeMap<>(map);
        out.writeInt(sorted.size());
        for (Map.Entry<String, Double> e : sorted.entrySet()) {
            out.writeUTF(e.getKey());
            out.writeDouble(e.getValue());
        }
    }

    private static Map<String, Double> readMap(DataInputStream in) throws IOException {
        Map<String, Double> map = new TreeMap<>();
        int n = in.readInt();
        for (int i = 0; i < n; i++) {
            map.put(in.readUTF(), in.readDouble());
        }
        return map;
    }
}
