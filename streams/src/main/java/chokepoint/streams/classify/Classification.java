package chokepoint.streams.classify;

import chokepoint.records.Evidence;
import chokepoint.records.Measure;
import chokepoint.records.Stage;

import java.util.List;

/** What the classifier concluded about one text, before it is attached to an item. */
public record Classification(Measure measure, Stage stage, String actor, List<String> targets, List<String> sectors,
                             List<String> hsCodes, List<String> controlCodes, int severity, List<String> severityReasons, List<Evidence> evidence, String rulesetVersion) {
}
