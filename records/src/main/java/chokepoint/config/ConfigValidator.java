package chokepoint.config;

import chokepoint.records.Vocabulary;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** Checks a whole configuration and names every bad field, so that one run shows every mistake at once. */
public final class ConfigValidator {

    private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");
    private static final Set<String> SOURCE_KINDS = Set.of("rss", "federal-register", "html", "news-sitemap", "list-snapshot",
            "register");
    private static final Set<String> GROUP_BY = Set.of("actor", "actor-target", "all");
    private static final Set<String> KINDS = Set.of(ThresholdRule.COUNT, ThresholdRule.SEVERITY_SUM, ThresholdRule.RATE,
            ThresholdRule.ESCALATION);
    private static final Set<String> MEASURES = Set.of("EXPORT_CONTROL", "IMPORT_RESTRICTION", "TARIFF",
            "TRADE_DEFENSE", "SANCTION_LISTING", "INVESTMENT_RESTRICTION", "SERVICES_FINANCE_RESTRICTION",
            "INFORMAL_PRESSURE");
    private static final Set<String> STAGES = Set.of("THREATENED", "INVESTIGATING", "IMPOSED", "EASED", "PROCEDURAL");
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
        checkSources(config.sources(), problems);
        checkRules(config.rules(), problems);
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
                key = java.util.Base64.getDecoder().decode(delivery.secretKey().trim());
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

    private static void checkSources(List<SourceConfig> sources, List<String> problems) {
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < sources.size(); i++) {
            SourceConfig source = sources.get(i);
            String at = "sources[" + i + "]";
            if (source.id() == null || !ID.matcher(source.id()).matches()) {
                problems.add(at + ".id: lower-case letters, digits, '.', '_' or '-', at most 64");
            } else if (!ids.add(source.id())) {
                problems.add(at + ".id: '" + source.id() + "' is used twice");
            }
            if (source.kind() == null || !SOURCE_KINDS.contains(source.kind())) {
                problems.add(at + ".kind: one of " + SOURCE_KINDS);
            }
            if (!isHttp(source.url())) {
                problems.add(at + ".url: must be an http(s) URL");
            }
            if (source.interval() == null || source.interval().toSeconds() < 1) {
                problems.add(at + ".interval: required, at least 1s");
            }
            if ("html".equals(source.kind())) {
                checkHtmlSource(source, at, problems);
            }
            checkDateFromLink(source.dateFromLink(), at + ".date-from-link", problems);
            if (source.fallbackKind() != null && (!SOURCE_KINDS.contains(source.fallbackKind()) || !isHttp(source.fallbackUrl()))) {
                problems.add(at + ".fallback-kind and fallback-url: a kind of " + SOURCE_KINDS + " and an http(s) URL");
            }
            if (source.massChange() != null && (source.massChange() <= 0 || source.massChange() > 1)) {
                problems.add(at + ".mass-change: a share between 0 and 1, such as 0.05");
            }
            for (int j = 0; j < source.stripParameters().size(); j++) {
                try {
                    java.util.regex.Pattern.compile(source.stripParameters().get(j));
                } catch (RuntimeException e) {
                    problems.add(at + ".strip-parameters[" + j + "]: not a regular expression: " + e.getMessage());
                }
            }
            if (source.zone() != null) {
                try {
                    java.time.ZoneId.of(source.zone());
                } catch (RuntimeException e) {
                    problems.add(at + ".zone: not a time zone such as Asia/Shanghai: " + source.zone());
                }
            }
            for (int j = 0; j < source.windows().size(); j++) {
                String problem = PublishingWindow.problem(source.windows().get(j));
                if (problem != null) {
                    problems.add(at + ".windows[" + j + "]: " + problem);
                }
            }
            source.filter().forEach((field, regex) -> {
                if (!field.equals("path") && !field.equals("title")) {
                    problems.add(at + ".filter." + field + ": filters are on path or title");
                }
                try {
                    java.util.regex.Pattern.compile(regex);
                } catch (RuntimeException e) {
                    problems.add(at + ".filter." + field + ": not a regular expression: " + e.getMessage());
                }
            });
        }
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }

    private static void checkHtmlSource(SourceConfig source, String at, List<String> problems) {
        ListingSpec listing = source.effectiveListing();
        DetailSpec detail = source.effectiveDetail();
        String where = source.listing() != null ? at + ".listing" : at + ".selectors";
        if (!Set.of(ListingSpec.HTML, ListingSpec.JSON_HTML, ListingSpec.JSON_RECORDS).contains(listing.format())) {
            problems.add(where + ".format: html, json-html or json-records");
        } else if (listing.format().equals(ListingSpec.JSON_RECORDS)) {
            if (listing.recordsPath() == null || !listing.fields().containsKey("url")) {
                problems.add(where + ": json-records needs records-path and fields.url (and fields.title, fields.date)");
            }
        } else {
            checkSelector(listing.links(), where + ".links", true, problems);
            checkSelector(listing.date(), where + ".date", false, problems);
            if (listing.format().equals(ListingSpec.JSON_HTML) && listing.htmlPath() == null) {
                problems.add(where + ".html-path: required for json-html, e.g. data.html");
            }
        }
        if (!Set.of("GET", "POST").contains(listing.method())) {
            problems.add(where + ".method: GET or POST");
        }
        checkSelector(listing.urlFrom(), where + ".url-from", false, problems);
        checkSelector(listing.paramsFrom(), where + ".params-from", false, problems);
        checkDateFromLink(listing.dateFromLink(), where + ".date-from-link", problems);
        if (listing.listingAlone()) {
            return;
        }
        String detailAt = source.detail() != null ? at + ".detail" : at + ".selectors";
        // A page read only for what the listing lacks (its date: Korea's trade commission) gives no title or body; the
        // title then comes from the listing. Otherwise both are needed.
        boolean dateOnly = blank(detail.title()) && blank(detail.body()) && !blank(detail.date());
        checkSelector(detail.title(), detailAt + ".title", !dateOnly, problems);
        checkSelector(detail.body(), detailAt + ".body", !dateOnly, problems);
        checkSelector(detail.date(), detailAt + ".date", false, problems);
        checkSelector(detail.header(), detailAt + ".header", false, problems);
    }

    /**
     * A field as {@link DetailSpec} reads it: alternatives separated by {@code ||}, each a CSS selector with an optional
     * {@code @attribute}, or {@code script:name}.
     */
    /** A date-from-link expression: a regular expression with the groups that, joined, hold yyyyMMdd. */
    private static void checkDateFromLink(String expression, String at, List<String> problems) {
        if (expression == null) {
            return;
        }
        try {
            if (java.util.regex.Pattern.compile(expression).matcher("").groupCount() < 1) {
                problems.add(at + ": needs groups holding, joined, the eight digits yyyyMMdd");
            }
        } catch (RuntimeException e) {
            problems.add(at + ": not a regular expression: " + e.getMessage());
        }
    }

    private static void checkSelector(String spec, String at, boolean required, List<String> problems) {
        if (spec == null || spec.isBlank()) {
            if (required) {
                problems.add(at + ": required (a CSS selector)");
            }
            return;
        }
        for (String alternative : spec.split("\\|\\|")) {
            String css = alternative.trim();
            if (css.startsWith("script:")) {
                continue;
            }
            if (css.startsWith("regex:")) {
                try {
                    java.util.regex.Pattern.compile(css.substring("regex:".length()).trim());
                } catch (RuntimeException e) {
                    problems.add(at + ": not a regular expression: " + e.getMessage());
                }
                continue;
            }
            int attribute = css.lastIndexOf('@');
            if (attribute > 0) {
                css = css.substring(0, attribute);
            }
            try {
                org.jsoup.select.QueryParser.parse(css.trim());
            } catch (RuntimeException e) {
                problems.add(at + ": not a CSS selector: " + e.getMessage());
            }
        }
    }

    private static void checkRules(List<ThresholdRule> rules, List<String> problems) {
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < rules.size(); i++) {
            ThresholdRule rule = rules.get(i);
            String at = "rules[" + i + "]";
            if (rule.id() != null && !ids.add(rule.id())) {
                problems.add(at + ".id: '" + rule.id() + "' is used twice");
            }
            checkRule(rule, at, problems);
        }
    }

    /** The problems of one rule, each prefixed with {@code at} (e.g. {@code rules[2]}); empty when it is valid. */
    static void checkRule(ThresholdRule rule, String at, List<String> problems) {
        if (rule.id() == null || !ID.matcher(rule.id()).matches()) {
            problems.add(at + ".id: lower-case letters, digits, '.', '_' or '-', at most 64");
        }
        if (!KINDS.contains(rule.kind())) {
            problems.add(at + ".kind: one of " + KINDS);
        }
        if (ThresholdRule.RATE.equals(rule.kind()) && (rule.baseline() == null || rule.window() == null
                || rule.baseline().compareTo(rule.window()) <= 0)) {
            problems.add(at + ".baseline: a rate rule needs a baseline longer than its window");
        }
        if (rule.grace() != null && rule.grace().isNegative()) {
            problems.add(at + ".grace: must not be negative");
        }
        if (rule.factor() < 1) {
            problems.add(at + ".factor: must be at least 1");
        }
        if (rule.minSeverity() < 0 || rule.minSeverity() > 10) {
            problems.add(at + ".min-severity: 0 to 10");
        }
        if (rule.name() == null || rule.name().isBlank()) {
            problems.add(at + ".name: required");
        }
        rule.measures().stream().filter(m -> !MEASURES.contains(m))
                .forEach(m -> problems.add(at + ".measures: " + Vocabulary.unknown("measure", m,
                        Vocabulary.suggest(m, MEASURES)) + " (one of " + new java.util.TreeSet<>(MEASURES) + ")"));
        checkVocabulary(rule.actors(), rule.targets(), rule.sectors(), at, problems);
        rule.sourceKinds().stream().filter(k -> !SOURCE_KINDS.contains(k))
                .forEach(k -> problems.add(at + ".source-kinds: " + Vocabulary.unknown("source kind", k,
                        Vocabulary.suggest(k, SOURCE_KINDS)) + " (one of " + new java.util.TreeSet<>(SOURCE_KINDS) + ")"));
        rule.lifecycle().stream().filter(l -> !ThresholdRule.LIFECYCLE.contains(l))
                .forEach(l -> problems.add(at + ".lifecycle: " + Vocabulary.unknown("lifecycle date", l,
                        Vocabulary.suggest(l, ThresholdRule.LIFECYCLE)) + " (one of " + ThresholdRule.LIFECYCLE + ")"));
        rule.stages().stream().filter(s -> !STAGES.contains(s))
                .forEach(s -> problems.add(at + ".stages: unknown stage '" + s + "' (one of " + STAGES + ")"));
        if (!GROUP_BY.contains(rule.groupBy())) {
            problems.add(at + ".group-by: one of " + GROUP_BY);
        }
        if (rule.window() == null || rule.window().toSeconds() < 1) {
            problems.add(at + ".window: required, at least 1s");
        }
        // A window, baseline or grace of 99999999d would hold every indicator for ever and make the store and the
        // breach's figures meaningless: ten years is more than any coercion campaign the rules describe.
        atMostTenYears(rule.window(), at + ".window", problems);
        atMostTenYears(rule.baseline(), at + ".baseline", problems);
        atMostTenYears(rule.grace(), at + ".grace", problems);
        if (rule.threshold() < 1) {
            problems.add(at + ".threshold: must be at least 1");
        }
    }

    /** The longest window, baseline or grace a rule may have. */
    public static final Duration MAX_RULE_SPAN = Duration.ofDays(3650);

    private static void atMostTenYears(Duration span, String at, List<String> problems) {
        if (span != null && span.compareTo(MAX_RULE_SPAN) > 0) {
            problems.add(at + ": at most " + MAX_RULE_SPAN.toDays() + "d");
        }
    }

    /**
     * Actors and targets are jurisdictions as the classifier writes them (ISO codes or EU; a target may also be
     * EU-institutions), sectors the classifier's: a rule or filter written with "China" or "rare-earth" would never
     * match anything, so it is refused with what was probably meant.
     */
    public static void checkVocabulary(List<String> actors, List<String> targets, List<String> sectors, String at,
                                       List<String> problems) {
        actors.stream().filter(a -> !Vocabulary.isJurisdiction(a)).forEach(a -> problems.add(at + ".actors: "
                + Vocabulary.unknown("jurisdiction", a, Vocabulary.suggestJurisdiction(a)) + " (ISO 3166-1 alpha-2 codes or EU)"));
        targets.stream().filter(t -> !Vocabulary.isTarget(t)).forEach(t -> problems.add(at + ".targets: "
                + Vocabulary.unknown("jurisdiction", t, Vocabulary.suggestJurisdiction(t))
                + " (ISO 3166-1 alpha-2 codes, EU for the Union and its member states, EU-institutions for the EU alone)"));
        sectors.stream().filter(sector -> !Vocabulary.SECTORS.contains(sector)).forEach(sector -> problems.add(at
                + ".sectors: " + Vocabulary.unknown("sector", sector, Vocabulary.suggest(sector, Vocabulary.SECTORS))
                + " (one of " + String.join(", ", Vocabulary.SECTORS) + ")"));
    }

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
