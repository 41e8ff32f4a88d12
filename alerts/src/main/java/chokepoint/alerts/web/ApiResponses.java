package chokepoint.alerts.web;

import chokepoint.records.Json;
import com.fasterxml.jackson.core.JsonProcessingException;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.HttpStatus;

import java.util.List;
import java.util.Map;

/** The API's bodies: records as JSON, and refusals as {@code {"errors": [one line per problem]}}. */
final class ApiResponses {

    private ApiResponses() {
    }

    static String json(Object value) {
        try {
            return Json.MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("records always serialise", e);
        }
    }

    static MutableHttpResponse<String> errors(HttpStatus status, List<String> problems) {
        return HttpResponse.<String>status(status).body(json(Map.of("errors", problems)));
    }
}
