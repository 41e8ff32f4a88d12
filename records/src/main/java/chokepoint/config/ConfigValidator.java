package chokepoint.config;

import java.net.URI;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks a whole configuration and names every bad field, so that one run shows every mistake at once: the settings
 * here, the sources in {@link SourceChecks}, the rules in {@link RuleChecks}.
 */
public final class ConfigValidator {

    /** Ids of sources, rules, token owners and the application prefix. */
    static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");

    private ConfigValidator() {
    }

    static List<String> problems(ChokepointConfig config) {
        List<String> problems = new ArrayList<>();
        if (config.dataDir() == null) {
            problems.add("data-dir: required");
        }
        checkKafka(config.kafka(), problems);
        checkHttp(config.http(), problems);
        checkIngest(config.ingest(), problems);
        SourceChecks.check(config.sources(), problems);
        RuleChecks.check(config.rules(), problems);
        if (config.slack() != null) {
            for (int i = 0; i < config.slack().webhooks().size(); i++) {
                SlackSettings.Webhook hook = config.slack().webhooks().get(i);
                String at = "slack.webhooks[" + i + "]";
                if (hook.name() == null || hook.name().isBlank()) {
                    problems.add(at + ".name: required");
                }
                // The URL is a secret: say what is wrong with it without repeating it.
                if (!isHttp(hook.url())) {
                    problems.add(at + ".url: must be an http(s) URL (value not shown: webhook URLs are secrets)");
                }
            }
        }
        checkEmail(config.email(), problems);
        checkDelivery(config.delivery(), problems);
        checkAuth(config.auth(), problems);
        if (config.dossiers().maxRange() == null || config.dossiers().maxRange().isNegative() || config.dossiers().maxRange().isZero()) {
            problems.add("dossiers.max-range: must be a positive duration such as 400d");
        } else if (config.dossiers().maxRunning() < 1) {
            problems.add("dossiers.max-running: must be at least 1");
        }
        if (config.replay() == null || config.replay().maxRange() == null || config.replay().maxRange().isNegative()
                || config.replay().maxRange().isZero()) {
            problems.add("replay.max-range: must be positive");
        } else if (config.replay().maxRunning() < 1) {
            problems.add("replay.max-running: at least 1");
        }
        return problems;
    }

    /** An email address Chokepoint will write to: one mailbox, no display name, no line breaks. */
    public static boolean isEmail(String address) {
        return address != null && address.length() <= 254 && EMAIL.matcher(address).matches();
    }

    private static void checkEmail(EmailSettings email, List<String> problems) {
        if (email == null) {
            return;
        }
        for (int i = 0; i < email.recipients().size(); i++) {
            if (!isEmail(email.recipients().get(i))) {
                problems.add("email.recipients[" + i + "]: not an email address");
            }
        }
        EmailSettings.Smtp smtp = email.smtp();
        if (!email.enabled()) {
            if (!email.recipients().isEmpty()) {
                problems.add("email.smtp.host: required when email.recipients are set");
            }
            return;
        }
        if (smtp.port() < 1 || smtp.port() > 65535) {
            problems.add("email.smtp.port: must be a port number");
        }
        if (!Set.of("none", "starttls", "ssl").contains(String.valueOf(smtp.security()))) {
            problems.add("email.smtp.security: one of none, starttls, ssl");
        }
        if (smtp.from() == null || smtp.from().isBlank() || smtp.from().contains("\r") || smtp.from().contains("\n")) {
            problems.add("email.smtp.from: required, on one line");
        }
        if (smtp.timeout() == null || smtp.timeout().isNegative() || smtp.timeout().isZero()) {
            problems.add("email.smtp.timeout: must be positive");
        }
    }

    private static void checkDelivery(DeliverySettings delivery, List<String> problems) {
        if (delivery == null) {
            problems.add("delivery: required");
            return;
        }
        if (delivery.groupWait() == null || delivery.groupWait().isNegative()) {
            problems.add("delivery.group-wait: must be zero or more");
        }
        if (delivery.giveUpAfter() == null || delivery.giveUpAfter().isNegative()) {
            problems.add("delivery.give-up-after: must be zero or more");
        }
        for (int i = 0; i < delivery.allowedPrivate().size(); i++) {
            if (!delivery.allowedPrivate().get(i).matches("(\\[[0-9a-fA-F:.]+\\]|[^\\s:/\\[\\]]+):\\d{1,5}")) {
                problems.add("delivery.allowed-private[" + i + "]: write host:port, e.g. 127.0.0.1:8099");
            }
        }
        if (delivery.timeout() == null || delivery.timeout().isNegative() || delivery.timeout().isZero()) {
            problems.add("delivery.timeout: must be positive");
        }
        if (delivery.resolvedHorizon().isNegative()) {
            problems.add("delivery.resolved-horizon: must be zero or more");
        }
        if (delivery.slackPace() == null || delivery.slackPace().isNegative()) {
            problems.add("delivery.slack-pace: must be zero or more");
        }
        if (delivery.secretKey() != null && !delivery.secretKey().isBlank()) {
            byte[] key;
            try {
                key = Base64.getDecoder().decode(delivery.secretKey().trim());
            } catch (IllegalArgumentException e) {
                key = new byte[0];
            }
            if (key.length != 32) {
                problems.add("delivery.secret-key: must be 32 bytes in base64 (openssl rand -base64 32); value not shown");
            }
        }
    }

    private static void checkAuth(AuthSettings auth, List<String> problems) {
        if (auth == null) {
            return;
        }
        Set<String> owners = new HashSet<>();
        for (int i = 0; i < auth.tokens().size(); i++) {
            AuthSettings.Token token = auth.tokens().get(i);
            String at = "auth.tokens[" + i + "]";
            if (token.owner() == null || !ID.matcher(token.owner()).matches()) {
                problems.add(at + ".owner: lower-case letters, digits, '.', '_' or '-'");
            } else if (!owners.add(token.owner())) {
                problems.add(at + ".owner: '" + token.owner() + "' has two tokens");
            }
            if (token.token() != null && !token.token().isEmpty() && token.token().length() < 16) {
                problems.add(at + ".token: at least 16 characters (value not shown: tokens are secrets)");
            }
        }
    }

    private static void checkKafka(KafkaSettings kafka, List<String> problems) {
        if (kafka == null) {
            problems.add("kafka: required");
            return;
        }
        if (kafka.partitions() < 1) {
            problems.add("kafka.partitions: must be at least 1");
        }
        if (kafka.replicationFactor() < 1) {
            problems.add("kafka.replication-factor: must be at least 1");
        }
        if (kafka.standbyReplicas() < 0 || kafka.standbyReplicas() > 3) {
            problems.add("kafka.standby-replicas: 0 to 3 (1 where a service runs two instances or more)");
        }
        if (kafka.embedded() && (kafka.embeddedPort() < 1 || kafka.embeddedPort() > 65535)) {
            problems.add("kafka.embedded-port: must be a port number");
        }
        if (kafka.applicationPrefix() == null || !ID.matcher(kafka.applicationPrefix()).matches()) {
            problems.add("kafka.application-prefix: lower-case letters, digits, '.', '_' or '-'");
        }
        // Kafka's own rule for topic names, with room left for the longest of Chokepoint's own names.
        if (!kafka.topicPrefix().matches("[a-zA-Z0-9._-]{0,180}")) {
            problems.add("kafka.topic-prefix: letters, digits, '.', '_' or '-', at most 180 of them");
        }
        if (kafka.embedded() && !kafka.client().isEmpty()) {
            problems.add("kafka.client: settings for a cluster named by kafka.bootstrap-servers; the embedded broker "
                    + "takes none (set bootstrap-servers, or remove kafka.client)");
        }
        if (kafka.client().containsKey("bootstrap.servers")) {
            problems.add("kafka.client.bootstrap.servers: give the cluster's address as kafka.bootstrap-servers");
        }
        kafka.client().forEach((name, value) -> {
            if (value == null || value.isBlank()) {
                problems.add("kafka.client." + name + ": empty (an unset environment variable?)");
            }
        });
    }

    private static void checkHttp(HttpSettings http, List<String> problems) {
        if (http == null) {
            problems.add("http: required");
            return;
        }
        if (http.port() < 0 || http.port() > 65535) {
            problems.add("http.port: must be a port number (0 picks a free one)");
        }
    }

    private static void checkIngest(IngestSettings ingest, List<String> problems) {
        if (ingest == null) {
            problems.add("ingest: required");
            return;
        }
        if (ingest.userAgent() == null || ingest.userAgent().isBlank()) {
            problems.add("ingest.user-agent: required, so that site operators know who is polling");
        }
        if (ingest.maxBodyBytes() < 1024) {
            problems.add("ingest.max-body-bytes: must be at least 1024");
        }
        if (ingest.politenessDelay().isNegative()) {
            problems.add("ingest.politeness-delay: must not be negative");
        }
        if (ingest.connectTimeout() == null || ingest.fetchDeadline() == null) {
            problems.add("ingest.connect-timeout and ingest.fetch-deadline: required");
        }
        for (int i = 0; i < ingest.allowedPrivate().size(); i++) {
            if (!ingest.allowedPrivate().get(i).matches("[^\\s:/]+:\\d{1,5}")) {
                problems.add("ingest.allowed-private[" + i + "]: write host:port, e.g. 127.0.0.1:8099");
            }
        }
    }

    /** An http(s) URL with a host. */
    public static boolean isHttp(String url) {
        if (url == null) {
            return false;
        }
        try {
            URI uri = new URI(url);
            // A host URI cannot read (127.1, 0x7f.0.0.1) is still a host to a browser: the address guard reads it as
            // one and says what is wrong with it (an internal address), rather than "not a URL" here.
            return ("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme()))
                    && (uri.getHost() != null || uri.getRawAuthority() != null && !uri.getRawAuthority().isBlank());
        } catch (Exception e) {
            return false;
        }
    }
}
