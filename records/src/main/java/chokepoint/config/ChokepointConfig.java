package chokepoint.config;

import java.nio.file.Path;
import java.util.List;

/**
 * Everything a Chokepoint deployment is told, read from one YAML file ({@code chokepoint.yml}) plus environment
 * overrides by {@link ConfigLoader}. Each service takes the part it needs.
 *
 * @param dataDir   where the embedded broker and local state live; survives restarts
 * @param kafka     how to reach Kafka
 * @param http      the alerts service's web server
 * @param ingest    settings shared by ingest workers
 * @param sources   what to poll
 * @param rules     threshold rules
 * @param slack     Slack incoming webhooks that receive every breach
 * @param email     email recipients of every breach and the SMTP server
 * @param delivery  grouping, retries, pacing and the key that seals secrets
 * @param auth      bearer tokens for the management API
 * @param replay    limits of replays
 * @param dossiers  who may read dossiers, and how much at once
 */
public record ChokepointConfig(Path dataDir, KafkaSettings kafka, HttpSettings http, IngestSettings ingest,
                               List<SourceConfig> sources, List<ThresholdRule> rules, SlackSettings slack,
                               EmailSettings email, DeliverySettings delivery, AuthSettings auth,
                               ReplaySettings replay, DossierSettings dossiers) {

    public ChokepointConfig {
        dossiers = dossiers == null ? DossierSettings.DEFAULTS : dossiers;
        sources = sources == null ? List.of() : List.copyOf(sources);
        rules = rules == null ? List.of() : List.copyOf(rules);
    }

    public ChokepointConfig withSources(List<SourceConfig> newSources) {
        return new ChokepointConfig(dataDir, kafka, http, ingest, newSources, rules, slack, email, delivery, auth, replay, dossiers);
    }

    public ChokepointConfig withIngest(IngestSettings newIngest) {
        return new ChokepointConfig(dataDir, kafka, http, newIngest, sources, rules, slack, email, delivery, auth, replay, dossiers);
    }

    public ChokepointConfig withSlack(SlackSettings newSlack) {
        return new ChokepointConfig(dataDir, kafka, http, ingest, sources, rules, newSlack, email, delivery, auth, replay, dossiers);
    }

    public ChokepointConfig withEmail(EmailSettings newEmail) {
        return new ChokepointConfig(dataDir, kafka, http, ingest, sources, rules, slack, newEmail, delivery, auth, replay, dossiers);
    }

    public ChokepointConfig withDelivery(DeliverySettings newDelivery) {
        return new ChokepointConfig(dataDir, kafka, http, ingest, sources, rules, slack, email, newDelivery, auth, replay, dossiers);
    }

    public ChokepointConfig withAuth(AuthSettings newAuth) {
        return new ChokepointConfig(dataDir, kafka, http, ingest, sources, rules, slack, email, delivery, newAuth, replay, dossiers);
    }

    public ChokepointConfig withDossiers(DossierSettings newDossiers) {
        return new ChokepointConfig(dataDir, kafka, http, ingest, sources, rules, slack, email, delivery, auth, replay, newDossiers);
    }

    public ChokepointConfig withDataDir(Path newDataDir) {
        return new ChokepointConfig(newDataDir, kafka, http, ingest, sources, rules, slack, email, delivery, auth, replay, dossiers);
    }
}
