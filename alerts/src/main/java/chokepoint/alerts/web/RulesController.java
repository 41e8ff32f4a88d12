package chokepoint.alerts.web;

import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import static chokepoint.alerts.web.ApiResponses.errors;
import static chokepoint.alerts.web.ApiResponses.json;

import chokepoint.alerts.threshold.RuleRegistry;
import chokepoint.config.ConfigException;
import chokepoint.config.ConfigLoader;
import chokepoint.config.ThresholdRule;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Consumes;
import io.micronaut.http.annotation.Controller;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;
import chokepoint.alerts.security.AccessTokens;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Put;

import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Threshold rules at runtime: list, add or replace (written as in the configuration file, YAML or JSON with
 * kebab-case keys), remove. Changes go through the compacted rules topic, so every instance applies them.
 * Anyone may read the rules; changing them needs an admin's bearer token.
 */
// Store scans, Kafka writes waited for and mail sent: blocking work, kept off the HTTP event loop that serves the live page.
@ExecuteOn(TaskExecutors.BLOCKING)
@Controller("/api/rules")
public class RulesController {

    private final RuleRegistry rules;
    private final ConfigLoader loader = new ConfigLoader(Map.of());

    public RulesController(RuleRegistry rules) {
        this.rules = rules;
    }

    @Get(produces = MediaType.APPLICATION_JSON)
    @Secured(SecurityRule.IS_ANONYMOUS)
    public String list() {
        return json(rules.all().stream().sorted(Comparator.comparing(ThresholdRule::id)).toList());
    }

    @Secured(AccessTokens.ADMIN)
    @Put(value = "/{id}", produces = MediaType.APPLICATION_JSON)
    @Consumes({MediaType.APPLICATION_JSON, "application/yaml", MediaType.TEXT_PLAIN})
    public HttpResponse<String> put(String id, @Body String body, io.micronaut.security.authentication.Authentication who) {
        ThresholdRule rule;
        try {
            rule = loader.readRule(body);
        } catch (ConfigException e) {
            return errors(HttpStatus.BAD_REQUEST, e.problems());
        }
        if (!id.equals(rule.id())) {
            return errors(HttpStatus.BAD_REQUEST, List.of("rule.id: '" + rule.id() + "' differs from the path's '" + id + "'"));
        }
        try {
            return HttpResponse.ok(json(rules.put(rule, who.getName())));
        } catch (IllegalStateException e) {
            return errors(HttpStatus.SERVICE_UNAVAILABLE, List.of(e.getMessage()));
        }
    }

    @Secured(AccessTokens.ADMIN)
    @Delete("/{id}")
    public HttpResponse<Void> delete(String id, io.micronaut.security.authentication.Authentication who) {
        if (rules.get(id).isEmpty()) {
            return HttpResponse.notFound();
        }
        try {
            rules.remove(id, who.getName());
        } catch (IllegalStateException e) {
            return HttpResponse.status(HttpStatus.SERVICE_UNAVAILABLE);
        }
        return HttpResponse.noContent();
    }

}
