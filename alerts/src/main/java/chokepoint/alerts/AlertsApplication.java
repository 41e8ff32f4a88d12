package chokepoint.alerts;

import chokepoint.alerts.runtime.AlertsRuntime;
import chokepoint.config.ChokepointConfig;
import chokepoint.kafka.KafkaClients;
import chokepoint.records.EventQueries;
import chokepoint.run.RunningLoops;
import chokepoint.streams.topology.RunningApps;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.Micronaut;
import io.micronaut.runtime.server.EmbeddedServer;
import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.enums.SecuritySchemeType;
import io.swagger.v3.oas.annotations.info.Info;
import io.swagger.v3.oas.annotations.security.SecurityScheme;

import java.util.Map;

/**
 * Starts the alerts service: threshold rules over indicators, Slack delivery of breaches, the live page and its
 * API on {@code http.host:http.port}.
 */
@OpenAPIDefinition(info = @Info(title = "Chokepoint API", version = "0.1",
        description = "Indicators of economic coercion, breaches, rules, subscriptions, replays and feeds. Management calls "
                + "need a bearer token (auth.tokens)."))
@SecurityScheme(name = "bearer", type = SecuritySchemeType.HTTP, scheme = "bearer")
public final class AlertsApplication {

    private AlertsApplication() {
    }

    public static ApplicationContext start(ChokepointConfig config, KafkaClients clients) {
        return start(config, clients, null);
    }

    /**
     * @param events the stream processor's event queries when it runs in this process (the standalone launcher),
     *               or null: the events API then answers 503
     */
    public static ApplicationContext start(ChokepointConfig config, KafkaClients clients, EventQueries events) {
        return start(config, clients, events, true, true, new RunningApps(), new RunningLoops());
    }

    /**
     * The web and API, with threshold evaluation and delivery in the same process or not ({@code --services web}
     * leaves them to processes of their own, {@link AlertsWorkers}).
     *
     * @param process the Streams applications of this process: a bean of the context, which the control, threshold and
     *                delivery beans join when the context starts them (and leave when it closes them, dependents
     *                first: thresholds and delivery before control) and the health indicators read; it also holds the
     *                classifier when the process runs it
     * @param loops   the supervised loops of this process: a bean of the context, which the beans' followers, delivery and
     *                digests join, the health indicators read and {@code LoopMetrics} shows in the context's registry; it
     *                also holds ingest's when the process runs it
     */
    public static ApplicationContext start(ChokepointConfig config, KafkaClients clients, EventQueries events,
                                           boolean thresholds, boolean delivery, RunningApps process, RunningLoops loops) {
        AlertsRuntime runtime = new AlertsRuntime(config, clients);
        Object[] singletons = events == null ? new Object[]{runtime, process, loops} : new Object[]{runtime, process, loops, events};
        // Micronaut's meter registry joins Micrometer's global one (ingest and the classifier count there) at start and
        // leaves it at shutdown (MeterRegistryFactory), so /prometheus shows them and a closed context takes no more.
        return Micronaut.build(new String[0])
                .banner(false)
                .singletons(singletons)
                .properties(Map.of(
                        "micronaut.server.host", config.http().host(),
                        "micronaut.server.port", config.http().port(),
                        "chokepoint.run.thresholds", thresholds,
                        "chokepoint.run.delivery", delivery))
                .start();
    }

    /** The port actually bound (differs from the configured one when that was 0). */
    public static int port(ApplicationContext context) {
        return context.getBean(EmbeddedServer.class).getPort();
    }
}
