package chokepoint.alerts.web;

import chokepoint.alerts.measures.MeasureQuery;
import io.micronaut.validation.validator.Validator;
import jakarta.validation.ConstraintViolation;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The query beans' words checked by Micronaut's Bean Validation, every problem at once, each with what was meant. */
class KnownValidationTest {

    private final Validator validator = Validator.getInstance();

    @Test
    void unknownWordsAreEachAViolationWithASuggestion() {
        Set<ConstraintViolation<MeasureQuery>> violations = validator.validate(
                new MeasureQuery("in-force,suspnded", "China", "Europe", "export controls", "rare-earth", -1));
        List<String> messages = violations.stream().map(ConstraintViolation::getMessage).sorted().toList();
        assertEquals(6, messages.size(), messages.toString());
        assertTrue(messages.stream().anyMatch(m -> m.startsWith("unknown jurisdiction 'China', did you mean 'CN'?")), messages.toString());
        assertTrue(messages.stream().anyMatch(m -> m.startsWith("unknown status 'suspnded', did you mean 'SUSPENDED'?")), messages.toString());
        assertTrue(validator.validate(new MeasureQuery("in_force", "CN", "EU", "EXPORT_CONTROL", "rare-earths", 30)).isEmpty());
        assertTrue(validator.validate(new IndicatorQuery("cn", "*", "tariff", "imposed", "gallium", 3, null, true)).isEmpty());
    }
}
