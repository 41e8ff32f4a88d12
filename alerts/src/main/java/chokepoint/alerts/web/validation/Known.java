package chokepoint.alerts.web.validation;

import chokepoint.records.Vocabulary;
import jakarta.validation.Constraint;
import jakarta.validation.Payload;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A word of the vocabulary ({@link Vocabulary.Kind}): a jurisdiction, a target, a measure, a stage, a sector or a
 * register status, or several separated by commas when {@link #list()}. A word outside it is refused with what was
 * probably meant ("unknown jurisdiction 'China', did you mean 'CN'?"), as rules are.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.FIELD, ElementType.PARAMETER, ElementType.METHOD, ElementType.RECORD_COMPONENT, ElementType.TYPE_USE})
@Constraint(validatedBy = KnownValidator.class)
public @interface Known {

    Vocabulary.Kind value();

    /** Several words separated by commas ("in_force,suspended"). */
    boolean list() default false;

    String message() default "unknown word";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};
}
