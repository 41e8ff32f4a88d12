package chokepoint.streams.learn;

import chokepoint.records.Evidence;
import chokepoint.records.Measure;
import chokepoint.records.Stage;
import chokepoint.streams.classify.Classification;
import chokepoint.streams.classify.RuleSignals;
import chokepoint.streams.classify.Severity;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * The learned layer beside the rules: a model of the measure, one of the stage and one of the actor (given a measure),
 * linear over {@link TextFeatures}, and the {@link CombinationPolicy} that says where they decide instead of the rules.
 * The rules keep everything else (evidence, acts, dates, sectors, codes, targets). Its version is written
 * on every indicator beside the rules' version. One file, {@code chokepoint/classifier/model.bin}, written by
 * {@code ./chokepoint train}.
 */
public final class LearnedModel {

    public static final String RESOURCE = "chokepoint/classifier/model.bin";
    private static final String MAGIC = "chokepoint-learned-model";
    /**
     * 3: the stage head reads features of its own ({@link TextFeatures#forStage}), which a format-2 file never learned;
     * 4: the actor head too ({@link TextFeatures#forActor}).
     */
    private static final int FORMAT = 4;
    /** The actor class meaning "no actor" (an international body, nobody named). */
    public static final String NO_ACTOR = "-";
    /** The actor class of jurisdictions too rare to learn: the rules' reading stands. */
    public static final String OTHER_ACTOR = "other";

    private final String version;
    private final LinearModel measure;
    private final LinearModel stage;
    private final LinearModel actor;
    private final CombinationPolicy policy;
    private final JointScorer scorer;

    public LearnedModel(String version, LinearModel measure, LinearModel stage, LinearModel actor, CombinationPolicy policy) {
        this.version = version;
        this.measure = measure;
        this.stage = stage;
        this.actor = actor;
        this.policy = policy;
        this.scorer = new JointScorer(measure, stage, actor);
    }

    /**
     * What the model alone says about a text.
     *
     * @param actor the jurisdiction, {@link #NO_ACTOR} or {@link #OTHER_ACTOR}
     */
    public record Prediction(Measure measure, double measureProbability, Stage stage, double stageProbability,
                             String actor, double actorProbability) {
        public String describe() {
            if (measure == Measure.NONE) {
                return String.format(Locale.ROOT, "model %.2f: NONE", measureProbability);
            }
            return String.format(Locale.ROOT, "model %.2f: %s, %s%s", measureProbability * stageProbability, measure, stage,
                    actor.equals(NO_ACTOR) || actor.equals(OTHER_ACTOR) ? "" : ", " + actor);
        }
    }

    public String version() {
        return version;
    }

    public CombinationPolicy policy() {
        return policy;
    }

    public LinearModel measureModel() {
        return measure;
    }

    public LinearModel stageModel() {
        return stage;
    }

    public LinearModel actorModel() {
        return actor;
    }

    public LearnedModel withPolicy(CombinationPolicy newPolicy) {
        return new LearnedModel(version, measure, stage, actor, newPolicy);
    }

    public Prediction predict(String title, String text, String publisher, Classification rules) {
        return predict(TextFeatures.of(title, text, publisher, rules), TextFeatures.forStage(title, text, rules),
                TextFeatures.forActor(title, text, publisher, rules));
    }

    /** What the model says of features already read. */
    public Prediction predict(TextFeatures.Vector x) {
        return predict(x, TextFeatures.EMPTY);
    }

    /** What the model says of features already read, with the stage head's own. */
    public Prediction predict(TextFeatures.Vector x, TextFeatures.Vector stageOnly) {
        return predict(x, stageOnly, TextFeatures.EMPTY);
    }

    /** What the model says of features already read, with the stage head's and the actor head's own. */
    public Prediction predict(TextFeatures.Vector x, TextFeatures.Vector stageOnly, TextFeatures.Vector actorOnly) {
        double[] scores = scorer.scores(x);
        if (stageOnly.size() > 0) {
            scorer.add(scores, 1, stageOnly);
        }
        if (actorOnly.size() > 0) {
            scorer.add(scores, 2, actorOnly);
        }
        double[] pm = scorer.probabilities(scores, 0);
        double[] ps = scorer.probabilities(scores, 1);
        double[] pa = scorer.probabilities(scores, 2);
        int m = argmax(pm);
        int s = argmax(ps);
        int a = argmax(pa);
        return new Prediction(Measure.valueOf(measure.classes().get(m)), pm[m], Stage.valueOf(stage.classes().get(s)), ps[s],
                actor.classes().get(a), pa[a]);
    }

    /** What the severity of a changed decision is; the rules' scoring, given by the classifier. */
    public interface SeverityScorer {
        Severity.Score score(Measure measure, Stage stage, List<String> targets, List<String> sectors);
    }

    /**
     * The rules' classification with measure and stage decided where the policy says the rules are unsure, and the
     * model's reading in the evidence ("model 0.86: EXPORT_CONTROL, IMPOSED").
     */
    public Classification apply(Classification rules, String title, String text, String publisher, SeverityScorer severity) {
        return combine(rules, predict(title, text, publisher, rules), policy, version, severity);
    }

    /** The rules' classification and the model's prediction combined under a policy. */
    /**
     * Where the rules' stage came from, as the policy knows it. A title word that eases (lifted, cancelled, repealed,
     * 取消, 已废止, 暂停) is a cue of its own: it is rarer than the words that impose, and a threshold shared with them
     * let the model overrule "China cancels its countermeasures" with "imposes" at 0.6.
     */
    static String stageCue(Classification rules) {
        String cue = rules.signals() == null ? "title" : rules.signals().stageCue();
        return "title".equals(cue) && rules.stage() == Stage.EASED ? RuleSignals.EASING_TITLE : cue;
    }

    /** The policy's key for the way the rules reached their measure (cue and script). */
    static String measureKey(Classification rules) {
        return RuleSignals.key(rules.signals() == null ? "title" : rules.signals().measureCue(), script(rules));
    }

    /** The policy's key for the way the rules reached their stage. */
    static String stageKey(Classification rules) {
        return RuleSignals.key(stageCue(rules), script(rules));
    }

    /** The policy's key for the way the rules reached their actor. */
    static String actorKey(Classification rules) {
        return RuleSignals.key(rules.signals() == null ? "agency-title" : rules.signals().actorCue(), script(rules));
    }

    private static String script(Classification rules) {
        return rules.signals() == null ? "latin" : rules.signals().script();
    }

    public static Classification combine(Classification rules, Prediction p, CombinationPolicy policy, String version,
                                         SeverityScorer severity) {
        String measureCue = measureKey(rules);
        Measure measureNow = rules.measure();
        if (p.measure() != rules.measure() && p.measureProbability() >= policy.measureThreshold(measureCue)) {
            measureNow = p.measure();
        }
        Stage stageNow = rules.stage();
        if (measureNow == Measure.NONE) {
            stageNow = null;
        } else if (rules.measure() == Measure.NONE) {
            stageNow = p.stage();   // the rules found no measure, so no stage: the model's
        } else {
            if (p.stage() != rules.stage() && p.stageProbability() >= policy.stageThreshold(stageKey(rules))) {
                stageNow = p.stage();
            }
        }
        // A measure the rules missed takes the actor and targets they read anyway.
        String actorNow = rules.measure() == Measure.NONE && rules.signals() != null ? rules.signals().actor() : rules.actor();
        List<String> targets = rules.measure() == Measure.NONE && rules.signals() != null ? rules.signals().targets()
                : rules.targets();
        String actorCue = actorKey(rules);
        String predictedActor = p.actor().equals(NO_ACTOR) ? null : p.actor();
        if (measureNow != Measure.NONE && !p.actor().equals(OTHER_ACTOR) && !java.util.Objects.equals(predictedActor, actorNow)
                && p.actorProbability() >= policy.actorThreshold(actorCue)) {
            actorNow = predictedActor;
            String acting = actorNow;
            targets = targets.stream().filter(t -> !t.equals(acting)).toList();
        }
        List<Evidence> evidence = new ArrayList<>(rules.evidence());
        boolean changed = measureNow != rules.measure() || stageNow != rules.stage()
                || measureNow != Measure.NONE && !java.util.Objects.equals(actorNow, rules.actor());
        boolean agrees = p.measure() == rules.measure() && (rules.measure() == Measure.NONE || p.stage() == rules.stage());
        evidence.add(new Evidence("model", p.describe(), 0,
                changed ? "model.decided" : agrees ? "model.agrees" : "model.overruled"));
        if (!changed) {
            return new Classification(rules.measure(), rules.stage(), rules.actor(), rules.targets(), rules.sectors(),
                    rules.hsCodes(), rules.controlCodes(), rules.severity(), rules.severityReasons(), evidence,
                    rules.rulesetVersion(), rules.refersTo(), rules.signals(), version);
        }
        if (measureNow == Measure.NONE) {
            return new Classification(Measure.NONE, null, null, List.of(), rules.sectors(), rules.hsCodes(),
                    rules.controlCodes(), 0, List.of(), evidence, rules.rulesetVersion(), rules.refersTo(), rules.signals(),
                    version);
        }
        Severity.Score score = severity.score(measureNow, stageNow, targets, rules.sectors());
        return new Classification(measureNow, stageNow, actorNow, targets, rules.sectors(), rules.hsCodes(),
                rules.controlCodes(), score.value(), score.reasons(), evidence, rules.rulesetVersion(), rules.refersTo(),
                rules.signals(), version);
    }

    private static int argmax(double[] p) {
        int best = 0;
        for (int i = 1; i < p.length; i++) {
            if (p[i] > p[best]) {
                best = i;
            }
        }
        return best;
    }

    public void write(OutputStream target) throws IOException {
        // GZIPOutputStream writes no time stamp: the same model gives the same bytes.
        GZIPOutputStream zip = new GZIPOutputStream(target);
        DataOutputStream out = new DataOutputStream(zip);
        out.writeUTF(MAGIC);
        out.writeInt(FORMAT);
        out.writeUTF(version);
        measure.write(out);
        stage.write(out);
        actor.write(out);
        policy.write(out);
        out.flush();
        zip.finish();
    }

    public byte[] bytes() {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            write(bytes);
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static LearnedModel read(InputStream source) throws IOException {
        DataInputStream in = new DataInputStream(new BufferedInputStream(new GZIPInputStream(source)));
        if (!MAGIC.equals(in.readUTF())) {
            throw new IOException("not a Chokepoint model file");
        }
        int format = in.readInt();
        if (format != FORMAT) {
            throw new IOException("model file format " + format + ", this build reads " + FORMAT);
        }
        String version = in.readUTF();
        return new LearnedModel(version, LinearModel.read(in), LinearModel.read(in), LinearModel.read(in),
                CombinationPolicy.read(in));
    }

    public static LearnedModel load(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return read(in);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read the model " + file + ": " + e.getMessage(), e);
        }
    }

    /** The model shipped in the jar, or null when none is (the rules then decide alone). Read once per process. */
    public static LearnedModel bundled() {
        return Bundled.MODEL;
    }

    /** Read on first use (the holder idiom): the file is a few megabytes. */
    private static final class Bundled {
        static final LearnedModel MODEL = readBundled();

        private static LearnedModel readBundled() {
            try (InputStream in = LearnedModel.class.getClassLoader().getResourceAsStream(RESOURCE)) {
                return in == null ? null : read(in);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the bundled model " + RESOURCE, e);
            }
        }
    }
}
