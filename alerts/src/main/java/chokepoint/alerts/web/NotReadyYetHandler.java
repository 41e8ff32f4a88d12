package chokepoint.alerts.web;

import chokepoint.records.NotReadyYet;
import io.micronaut.context.annotation.Requires;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import jakarta.inject.Singleton;

import java.util.List;

/**
 * State that is not ready (starting, restoring, rebalancing) is answered 503 with Retry-After, a condition clients
 * know to wait out, instead of a 500 with a stack trace in the log per request.
 */
@Produces
@Singleton
@Requires(classes = {NotReadyYet.class, ExceptionHandler.class})
public class NotReadyYetHandler implements ExceptionHandler<NotReadyYet, HttpResponse<String>> {

    static final String RETRY_AFTER_SECONDS = "5";

    @Override
    public HttpResponse<String> handle(HttpRequest request, NotReadyYet exception) {
        return ApiResponses.errors(HttpStatus.SERVICE_UNAVAILABLE, List.of(exception.getMessage()))
                .header("Retry-After", RETRY_AFTER_SECONDS).contentType(MediaType.APPLICATION_JSON_TYPE);
    }
}
