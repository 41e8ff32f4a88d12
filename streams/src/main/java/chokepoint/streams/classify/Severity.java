package chokepoint.streams.classify;

import chokepoint.records.Measure;
import chokepoint.records.Stage;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A 0..10 score of how much an indicator should worry an EU analyst, with the reasons that make it up, so that a
 * reader can disagree with a part rather than with a number.
 */
public final class Severity {

    static final Set<String> EUROPE = Set.of("EU", "AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE",
            "GR", "HU", "IE", "IT", "LV", "LT", "LU", "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE");

    public record Score(int value, List<String> reasons) {
    }

    private Severity() {
    }

    static Score of(Measure measure, Stage stage, List<String> targets, List<String> sectors, Set<String> chokepoint) {
        if (measure == Measure.NONE || stage == null || !stage.isPressure()) {
            return new Score(0, List.of());
        }
        List<String> reasons = new ArrayList<>();
        int score = switch (measure) {
            case EXPORT_CONTROL, SANCTION_LISTING -> 3;
            case TRADE_DEFENSE -> 1;
            default -> 2;
        };
        reasons.add("measure " + measure + " +" + score);
        int stagePoints = stage == Stage.IMPOSED ? 2 : 1;
        score += stagePoints;
        reasons.add("stage " + stage + " +" + stagePoints);
        if (sectors.stream().anyMatch(chokepoint::contains)) {
            score += 2;
            reasons.add("chokepoint sector +2");
        }
        if (targets.stream().anyMatch(EUROPE::contains)) {
            score += 2;
            reasons.add("targets the EU or a member state +2");
        }
        if (targets.size() > 1 || sectors.size() > 2) {
            score += 1;
            reasons.add("breadth (" + targets.size() + " targets, " + sectors.size() + " sectors) +1");
        }
        return new Score(Math.min(10, score), reasons);
    }
}
