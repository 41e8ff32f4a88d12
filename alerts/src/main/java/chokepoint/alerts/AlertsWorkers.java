package chokepoint.alerts;

import chokepoint.alerts.control.ControlService;
import chokepoint.alerts.delivery.DeliveryService;
import chokepoint.alerts.runtime.AlertsRuntime;
import chokepoint.alerts.security.SecretBox;
import chokepoint.alerts.subscriptions.SubscriptionBook;
import chokepoint.alerts.subscriptions.SubscriptionLinks;
import chokepoint.alerts.threshold.RuleRegistry;
import chokepoint.alerts.threshold.ThresholdService;
import chokepoint.config.ChokepointConfig;
import chokepoint.kafka.KafkaClients;
import chokepoint.run.InstanceId;
import chokepoint.streams.topology.RunningApps;

import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Threshold evaluation or delivery in a process without the web ({@code --services thresholds}, {@code delivery}):
 * the same components the alerts service runs, started without its HTTP server, so that each can be scaled and
 * sized for its own load (evaluation holds windows in RocksDB; delivery waits on receivers).
 */
public final class AlertsWorkers implements AutoCloseable {

    private final Deque<AutoCloseable> running = new ArrayDeque<>();

    private AlertsWorkers() {
    }

    /** @param process the applications of this process, which those started here join for health */
    public static AlertsWorkers start(ChokepointConfig config, KafkaClients clients, boolean thresholds, boolean delivery,
                                      RunningApps process) {
        AlertsWorkers workers = new AlertsWorkers();
        try {
            AlertsRuntime runtime = new AlertsRuntime(config, clients);
            ControlService control = workers.keep(new ControlService(runtime, process));
            if (thresholds) {
                RuleRegistry rules = workers.keep(new RuleRegistry(clients));
                workers.keep(new ThresholdService(runtime, rules, control, process));
            }
            if (delivery) {
                SecretBox box = SecretBox.fromSettings(config.delivery().secretKey(), config.dataDir());
                SubscriptionBook subscriptions = workers.keep(new SubscriptionBook(clients));
                workers.keep(new DeliveryService(clients, config, config.kafka().staticMembership() ? InstanceId.of(config.dataDir()) : null,
                        subscriptions, box, new SubscriptionLinks(config.http().publicUrl(), box), Clock.systemUTC(),
                        (recipient, breaches) -> {
                        }, process));
            }
        } catch (RuntimeException e) {
            workers.close();
            throw e;
        }
        return workers;
    }

    private <T extends AutoCloseable> T keep(T component) {
        running.push(component);
        return component;
    }

    @Override
    public void close() {
        while (!running.isEmpty()) {
            try {
                running.pop().close();
            } catch (Exception e) {
                org.slf4j.LoggerFactory.getLogger(AlertsWorkers.class).warn("while stopping: {}", e.toString());
            }
        }
    }
}
