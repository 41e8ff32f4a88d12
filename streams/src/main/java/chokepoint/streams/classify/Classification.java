package chokepoint.streams.classify;

import chokepoint.records.Evidence;
import chokepoint.records.Measure;
import chokepoint.records.Stage;

import java.util.List;

/** What the classifier concluded about one text, before it is attached to an item. */
public record Classification(Measure measure, Stage stage, String actor, List<String> targets, List<String> sectors,
                             List<String> hsCodes, List<String> controlCodes, int severity, List<String> severityReasons, List<Evidence> evidence,
                             String rulesetVersion, List<chokepoint.records.ActReference> refersTo, RuleSignals signals,
                             String modelVersion) {

    public Classification {
        refersTo = refersTo == null ? List.of() : List.copyOf(refersTo);
    }

    /** A classification by the rules alone. */
    public Classification(Measure measure, Stage stage, String actor, List<String> targets, List<String> sectors,
                          List<String> hsCodes, List<String> controlCodes, int severity, List<String> severityReasons,
                          List<Evidence> evidence, String rulesetVersion, List<chokepoint.records.ActReference> refersTo) {
        this(measure, stage, actor, targets, sectors, hsCodes, controlCodes, severity, severityReasons, evidence,
                rulesetVersion, refersTo, null, null);
    }

    public Classification(Measure measure, Stage stage, String actor, List<String> targets, List<String> sectors,
                          List<String> hsCodes, List<String> controlCodes, int severity, List<String> severityReasons,
                          List<Evidence> evidence, String rulesetVersion) {
        this(measure, stage, actor, targets, sectors, hsCodes, controlCodes, severity, severityReasons, evidence, rulesetVersion, List.of());
    }

    /** The same classification, acting on these earlier acts. */
    public Classification withReferences(List<chokepoint.records.ActReference> references) {
        return new Classification(measure, stage, actor, targets, sectors, hsCodes, controlCodes, severity, severityReasons,
                evidence, rulesetVersion, references, signals, modelVersion);
    }

    /** The same classification, with how sure the rules were of it. */
    public Classification withSignals(RuleSignals ruleSignals) {
        return new Classification(measure, stage, actor, targets, sectors, hsCodes, controlCodes, severity, severityReasons,
                evidence, rulesetVersion, refersTo, ruleSignals, modelVersion);
    }
}
