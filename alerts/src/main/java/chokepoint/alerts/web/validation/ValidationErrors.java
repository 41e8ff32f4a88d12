package chokepoint.alerts.web.validation;

import chokepoint.records.Json;
import com.fasterxml.jackson.core.JsonProcessingException;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import io.micronaut.validation.exceptions.ConstraintExceptionHandler;
import jakarta.inject.Singleton;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Path;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A request refused by Bean Validation answers as every other refusal of the API: 400 {@code {"errors": [...]}},
 * one line per problem, named by the parameter ({@code actor: unknown jurisdiction 'China', did you mean 'CN'?}),
 * every problem at once.
 */
@Produces
@Singleton
@Replaces(ConstraintExceptionHandler.class)
public class ValidationErrors implements ExceptionHandler<ConstraintViolationException, HttpResponse<?>> {

    @Override
    public HttpResponse<?> handle(HttpRequest request, ConstraintViolationException exception) {
        List<String> problems = new ArrayList<>();
        for (ConstraintViolation<?> violation : exception.getConstraintViolations()) {
            problems.add(name(violation.getPropertyPath()) + ": " + violation.getMessage());
        }
        problems.sort(null);
        try {
            return HttpResponse.status(HttpStatus.BAD_REQUEST).contentType(MediaType.APPLICATION_JSON_TYPE)
                    .body(Json.MAPPER.writeValueAsString(Map.of("errors", problems)));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("strings always serialise", e);
        }
    }

    /** The parameter's own name: the last node of "measures.query.actor". */
    private static String name(Path path) {
        String last = "request";
        for (Path.Node node : path) {
            if (node.getName() != null) {
                last = node.getName();
            }
        }
        return last;
    }
}
