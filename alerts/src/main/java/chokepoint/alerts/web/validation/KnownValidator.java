package chokepoint.alerts.web.validation;

import chokepoint.records.Vocabulary;
import io.micronaut.core.annotation.AnnotationValue;
import io.micronaut.core.annotation.Introspected;
import io.micronaut.validation.validator.constraints.ConstraintValidator;
import io.micronaut.validation.validator.constraints.ConstraintValidatorContext;

import java.util.ArrayList;
import java.util.List;

/**
 * Checks a {@link Known} word against the vocabulary; each unknown word is its own violation, with its suggestion.
 * Micronaut's form of a validator (it reads the annotation's values itself; no {@code initialize}).
 */
@Introspected
public final class KnownValidator implements ConstraintValidator<Known, String> {

    @Override
    public boolean isValid(String value, AnnotationValue<Known> annotation, ConstraintValidatorContext context) {
        if (value == null || value.isBlank()) {
            return true;
        }
        Vocabulary.Kind kind = annotation.enumValue("value", Vocabulary.Kind.class).orElseThrow();
        boolean list = annotation.booleanValue("list").orElse(false);
        List<String> problems = new ArrayList<>();
        for (String word : list ? List.of(value.split(",")) : List.of(value)) {
            Vocabulary.problem(kind, word).ifPresent(problems::add);
        }
        if (problems.isEmpty()) {
            return true;
        }
        context.disableDefaultConstraintViolation();
        // Braces would be read as message parameters: the words come from the request.
        problems.forEach(p -> context.buildConstraintViolationWithTemplate(p.replace("{", "(").replace("}", ")").replace("$", ""))
                .addConstraintViolation());
        return false;
    }
}
