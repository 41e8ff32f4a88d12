package chokepoint.alerts.web;

import chokepoint.records.Json;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * The API's OpenAPI description, written from the controllers at build time (micronaut-openapi), served as what it
 * is: YAML as {@code application/yaml} (a static file was served as text/plain) and the same as JSON for the page's
 * API browser ({@code /api.html}), which lists every operation without loading anything from elsewhere.
 */
@ExecuteOn(TaskExecutors.BLOCKING)
@Controller
@Secured(SecurityRule.IS_ANONYMOUS)
public class OpenApiController {

    private static final String SPEC = "/META-INF/swagger/chokepoint-api-0.1.yml";

    @Get("/openapi.yaml")
    public HttpResponse<String> yaml() throws IOException {
        return HttpResponse.ok(read()).contentType("application/yaml; charset=utf-8");
    }

    @Get("/openapi.json")
    public HttpResponse<String> json() throws IOException {
        JsonNode tree = new YAMLMapper().readTree(read());
        return HttpResponse.ok(Json.MAPPER.writeValueAsString(tree)).contentType("application/json");
    }

    private static String read() throws IOException {
        try (InputStream in = OpenApiController.class.getResourceAsStream(SPEC)) {
            if (in == null) {
                throw new IOException("the OpenAPI description was not built into this jar (" + SPEC + ")");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
