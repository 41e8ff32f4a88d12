package chokepoint.streams.classify;

import chokepoint.records.Evidence;
import chokepoint.records.Measure;
import chokepoint.records.Stage;

import java.util.List;

/** What the classifier concluded about one text, before it is attached to an item. */
public record Classification(Measure measure, Stage stage, String actor, List<String> targets, List<String> sectors,
                             List<String> hsCodes, List<String> controlCodes, int severity, List<String> severityReasons, List<Evidence> evidence,
                             String rulesetVersion, List<chokepoint.records.ActReference> refersTo) {

    public Classification {
        refersTo = refersTo == null ? List.of() : List.copyOf(refersTo);
    }

    public Classification(Measure measure, Stage stage, String actor, List<String> targets, List<String> sectors,
                          List<String> hsCodes, List<String> controlCodes, int severity, List<String> severityReasons,
                          List<Evidence> evidence, String rulesetVersion) {
        this(measure, stage, actor, targets, sectors, hsCodes, controlCodes, severity, severityReasons, evidence, rulesetVersion, List.of());
    }

    /** The same classification, acting on these earlier acts. */
    public Classification withReferences(List<chokepoint.records.ActReference> references) {
        return new Classification(measure, stage, actor, targets, sectors, hsCodes, controlCodes, severity, severityReasons,
                evidence, rulesetVersion, references);
    }
}
