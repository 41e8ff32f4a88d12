package chokepoint.alerts.corrections;

import chokepoint.records.Correction;
import chokepoint.records.Indicator;
import chokepoint.records.Json;
import chokepoint.records.Measure;
import chokepoint.records.Stage;
import chokepoint.records.Vocabulary;
import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads an analyst's correction from a request body {@code {"measure", "stage", "actor", "targets", "note"}}: fields
 * left out keep the indicator's value; every problem is named by field, in the vocabulary of the classifier.
 */
public final class CorrectionForm {

    private static final int MAX_NOTE = 500;

    /** A refused correction, with one line per problem. */
    public static final class Invalid extends Exception {
        private final List<String> problems;

        Invalid(List<String> problems) {
            super(String.join("; ", problems));
            this.problems = List.copyOf(problems);
        }

        public List<String> problems() {
            return problems;
        }
    }

    private CorrectionForm() {
    }

    public static Correction read(String body, Indicator indicator, String by, Instant at) throws Invalid {
        JsonNode node;
        try {
            node = Json.MAPPER.readTree(body == null ? "" : body);
        } catch (IOException e) {
            throw new Invalid(List.of("body: not JSON"));
        }
        if (node == null || !node.isObject()) {
            throw new Invalid(List.of("body: a JSON object {\"measure\", \"stage\", \"actor\", \"targets\", \"note\"}"));
        }
        List<String> problems = new ArrayList<>();
        Measure measure = indicator.measure();
        if (node.has("measure")) {
            try {
                measure = Measure.valueOf(node.get("measure").asText());
            } catch (IllegalArgumentException e) {
                problems.add("measure: '" + node.get("measure").asText() + "' is not one of " + Arrays.toString(Measure.values()));
            }
        }
        Stage stage = indicator.stage();
        if (node.has("stage")) {
            if (node.get("stage").isNull()) {
                stage = null;
            } else {
                try {
                    stage = Stage.valueOf(node.get("stage").asText());
                } catch (IllegalArgumentException e) {
                    problems.add("stage: '" + node.get("stage").asText() + "' is not one of " + Arrays.toString(Stage.values()));
                }
            }
        }
        if (measure == Measure.NONE && stage != null && node.has("stage")) {
            problems.add("stage: must be null when measure is NONE");
        }
        if (measure != Measure.NONE && stage == null && problems.isEmpty()) {
            problems.add("stage: needed for measure " + measure);
        }
        String actor = indicator.actor();
        if (node.has("actor")) {
            actor = node.get("actor").isNull() ? null : node.get("actor").asText();
            if (actor != null && !Vocabulary.isJurisdiction(actor)) {
                problems.add("actor: '" + actor + "' is not an ISO 3166-1 alpha-2 code or EU");
            }
        }
        List<String> targets = indicator.targets();
        if (node.has("targets")) {
            if (!node.get("targets").isArray()) {
                problems.add("targets: a list of ISO codes or EU");
            } else {
                targets = new ArrayList<>();
                for (JsonNode t : node.get("targets")) {
                    if (!Vocabulary.isJurisdiction(t.asText())) {
                        problems.add("targets: '" + t.asText() + "' is not an ISO 3166-1 alpha-2 code or EU");
                    }
                    targets.add(t.asText());
                }
            }
        }
        String note = node.path("note").isTextual() ? node.get("note").asText() : null;
        if (note != null && note.length() > MAX_NOTE) {
            problems.add("note: at most " + MAX_NOTE + " characters");
        }
        if (!problems.isEmpty()) {
            throw new Invalid(problems);
        }
        if (measure == Measure.NONE) {
            stage = null;
            actor = null;
            targets = List.of();
        }
        return new Correction(indicator.id(), measure, stage, actor, targets, by, at, note, null, indicator.itemId(),
                indicator.title(), indicator.url(), indicator.sourceId());
    }
}
