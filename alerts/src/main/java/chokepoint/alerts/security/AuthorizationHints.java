package chokepoint.alerts.security;

import chokepoint.records.Json;
import com.fasterxml.jackson.core.JsonProcessingException;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import io.micronaut.security.authentication.AuthorizationException;
import io.micronaut.security.authentication.DefaultAuthorizationExceptionHandler;
import jakarta.inject.Singleton;

import java.util.List;
import java.util.Map;

/**
 * A refused call says why and what to send, in the API's shape ({@code {"errors": [...]}}): an empty 401 left people
 * following the README's rules example with nothing to go on.
 */
@Produces
@Singleton
@Replaces(DefaultAuthorizationExceptionHandler.class)
public class AuthorizationHints implements ExceptionHandler<AuthorizationException, MutableHttpResponse<?>> {

    static final String NO_TOKEN = "this call needs a bearer token: send 'Authorization: Bearer <token>' with a token of "
            + "auth.tokens in chokepoint.yml; with none configured, ./chokepoint run writes an admin token to "
            + "data/admin-token (./chokepoint demo: data/demo/admin-token)";
    static final String NOT_ADMIN = "this call needs an admin's token (auth.tokens with admin: true, or data/admin-token)";

    @Override
    public MutableHttpResponse<?> handle(HttpRequest request, AuthorizationException exception) {
        boolean forbidden = exception.isForbidden();
        MutableHttpResponse<String> response = HttpResponse.<String>status(forbidden ? HttpStatus.FORBIDDEN : HttpStatus.UNAUTHORIZED)
                .contentType(MediaType.APPLICATION_JSON_TYPE);
        if (!forbidden) {
            response.header(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
        }
        try {
            return response.body(Json.MAPPER.writeValueAsString(Map.of("errors", List.of(forbidden ? NOT_ADMIN : NO_TOKEN))));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("strings always serialise", e);
        }
    }
}
