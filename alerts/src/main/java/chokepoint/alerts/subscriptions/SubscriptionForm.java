package chokepoint.alerts.subscriptions;

import chokepoint.alerts.security.SecretBox;
import chokepoint.config.ConfigValidator;
import chokepoint.config.RuleChecks;
import chokepoint.records.Json;
import chokepoint.records.Subscription;
import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;

import java.net.URI;
import java.security.SecureRandom;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Turns what people send to the API into a stored {@link Subscription}: reads the JSON strictly, names every bad
 * field ({@code channels[1].url: …}), keeps the confirmation of channels whose address did not change, and seals
 * URLs and secrets. Never repeats a URL or a secret in an error.
 */
public final class SubscriptionForm {

    /** Everything wrong with a request, one line per field. */
    public static final class Invalid extends Exception {
        private final List<String> problems;
        /** What could be read of the request despite the problems, so that the rest of it is checked too. */
        private final transient SubscriptionRequest partial;

        public Invalid(List<String> problems) {
            this(problems, null);
        }

        Invalid(List<String> problems, SubscriptionRequest partial) {
            super(String.join("; ", problems));
            this.problems = List.copyOf(problems);
            this.partial = partial;
        }

        public List<String> problems() {
            return problems;
        }
    }

    /**
     * Every problem of a request that could not be read whole: those of the reading (unknown fields, words outside the
     * vocabulary) and those the form finds in what could be read, so that one answer lists them all.
     */
    public List<String> allProblems(Invalid reading, Optional<Subscription> existing, Instant now) {
        if (reading.partial == null) {
            return reading.problems();
        }
        java.util.LinkedHashSet<String> all = new java.util.LinkedHashSet<>(reading.problems());
        try {
            build(reading.partial, existing.map(Subscription::id).orElse("s-check"), "check", existing, now);
        } catch (Invalid more) {
            all.addAll(more.problems());
        }
        return List.copyOf(all);
    }

    /** The stored subscription, and webhook secrets generated for it (shown to the owner once). */
    public record Result(Subscription subscription, Map<String, String> generatedSecrets) {
    }

    private static final ObjectMapper STRICT = Json.MAPPER.copy().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    /** Unknown fields go to {@link UnknownFields}, which lists them all instead of stopping at the first. */
    private static final ObjectMapper LENIENT = Json.MAPPER.copy().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /**
     * The filter's measures checked before binding and the unknown ones taken out, so that a measure misspelt ("export
     * control") is named with every other problem and with what was meant, instead of stopping the reading at the first.
     */
    private static void measuresOf(com.fasterxml.jackson.databind.JsonNode tree, List<String> problems) {
        com.fasterxml.jackson.databind.JsonNode filter = tree == null ? null : tree.get("filter");
        com.fasterxml.jackson.databind.JsonNode words = filter == null || !filter.isObject() ? null : filter.get("measures");
        if (words == null || !words.isArray()) {
            return;
        }
        for (java.util.Iterator<com.fasterxml.jackson.databind.JsonNode> it = words.iterator(); it.hasNext(); ) {
            com.fasterxml.jackson.databind.JsonNode word = it.next();
            if (word.isTextual()) {
                Optional<String> problem = chokepoint.records.Vocabulary.problem(chokepoint.records.Vocabulary.Kind.MEASURE,
                        shorten(word.asText()));
                if (problem.isPresent()) {
                    problems.add("filter.measures: " + problem.get());
                    it.remove();
                }
            }
        }
    }

    /** Collects each unknown field with its path and the known field closest to it, and skips its value. */
    private static final class UnknownFields extends com.fasterxml.jackson.databind.deser.DeserializationProblemHandler {
        private final List<String> problems;

        UnknownFields(List<String> problems) {
            this.problems = problems;
        }

        @Override
        public boolean handleUnknownProperty(com.fasterxml.jackson.databind.DeserializationContext context,
                                             com.fasterxml.jackson.core.JsonParser parser,
                                             com.fasterxml.jackson.databind.JsonDeserializer<?> deserializer, Object bean,
                                             String name) throws java.io.IOException {
            List<String> known = new ArrayList<>();
            deserializer.getKnownPropertyNames().forEach(k -> known.add(String.valueOf(k)));
            // The parser may stand on the field's value (an array or object of its own): the object is above it.
            com.fasterxml.jackson.core.JsonStreamContext object = parser.getParsingContext();
            while (object != null && !(object.inObject() && name.equals(object.getCurrentName()))) {
                object = object.getParent();
            }
            String at = object == null || object.getParent() == null ? "" : pathOf(object.getParent());
            problems.add((at.isEmpty() ? "" : at + ".") + shorten(name) + ": "
                    + chokepoint.records.Vocabulary.unknown("field", shorten(name), chokepoint.records.Vocabulary.suggest(name, known))
                    + " (one of " + String.join(", ", new java.util.TreeSet<>(known)) + ")");
            parser.skipChildren();
            return true;
        }

        private static String pathOf(com.fasterxml.jackson.core.JsonStreamContext context) {
            List<String> parts = new ArrayList<>();
            for (com.fasterxml.jackson.core.JsonStreamContext c = context; c != null && !c.inRoot(); c = c.getParent()) {
                parts.add(0, c.inArray() ? "[" + c.getCurrentIndex() + "]" : String.valueOf(c.getCurrentName()));
            }
            return String.join(".", parts).replace(".[", "[");
        }
    }
    private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");
    private static final int MAX_LIST = 100;
    private static final int MAX_CHANNELS = 10;
    private static final int MAX_URL = 2048;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SecretBox box;
    private final boolean emailEnabled;
    private final java.util.function.Function<String, String> urlRefusal;

    /** Every URL allowed (tests of the form's other rules). */
    public SubscriptionForm(SecretBox box, boolean emailEnabled) {
        this(box, emailEnabled, url -> null);
    }

    /** @param urlRefusal why deliveries to a URL would be refused (an internal address), or null when they would not */
    public SubscriptionForm(SecretBox box, boolean emailEnabled, java.util.function.Function<String, String> urlRefusal) {
        this.box = box;
        this.emailEnabled = emailEnabled;
        this.urlRefusal = urlRefusal;
    }

    public static SubscriptionRequest read(String body) throws Invalid {
        List<String> unknown = new ArrayList<>();
        com.fasterxml.jackson.databind.JsonNode tree;
        try {
            tree = STRICT.readTree(body);
        } catch (JacksonException e) {
            throw new Invalid(List.of("body: not valid JSON (line " + (e.getLocation() == null ? "?" : e.getLocation().getLineNr()) + ")"));
        }
        // A measure outside the vocabulary cannot be read into the filter: it is named here and left out of what is read.
        measuresOf(tree, unknown);
        try {
            // Every unknown field is named at once, each with the field probably meant ("sector" → "sectors").
            SubscriptionRequest request = LENIENT.readerFor(SubscriptionRequest.class)
                    // From text, not the tree: a parser over text knows each field's path.
                    .withHandler(new UnknownFields(unknown)).readValue(STRICT.writeValueAsString(tree));
            if (!unknown.isEmpty()) {
                throw new Invalid(unknown, request);
            }
            if (request == null) {
                throw new Invalid(List.of("body: a JSON object is required"));
            }
            return request;
        } catch (UnrecognizedPropertyException e) {
            throw new Invalid(List.of(path(e) + ": unknown field '" + e.getPropertyName() + "'"));
        } catch (InvalidFormatException e) {
            throw new Invalid(List.of(path(e) + ": '" + shorten(String.valueOf(e.getValue())) + "' is not a valid "
                    + e.getTargetType().getSimpleName()));
        } catch (MismatchedInputException e) {
            throw new Invalid(List.of(path(e) + ": wrong type"));
        } catch (JacksonException e) {
            throw new Invalid(List.of("body: not valid JSON (line " + (e.getLocation() == null ? "?" : e.getLocation().getLineNr()) + ")"));
        } catch (java.io.IOException e) {
            throw new Invalid(List.of("body: not readable"));
        }
    }

    /**
     * @param id       the subscription's id (new or existing)
     * @param existing the stored version when this replaces one
     */
    public Result build(SubscriptionRequest request, String id, String owner, Optional<Subscription> existing, Instant now) throws Invalid {
        List<String> problems = new ArrayList<>();
        String name = request.name() == null ? "" : request.name().strip();
        if (name.isEmpty() || name.length() > 200 || name.chars().anyMatch(Character::isISOControl)) {
            problems.add("name: required, one line of at most 200 characters");
        }
        Subscription.Filter filter = request.filter() == null ? Subscription.Filter.ANY : request.filter();
        checkList(filter.rules(), "filter.rules", ID, "rule ids", problems);
        for (List<String> list : List.of(filter.actors(), filter.targets(), filter.sectors())) {
            if (list.size() > MAX_LIST) {
                problems.add("filter: at most " + MAX_LIST + " actors, targets or sectors");
            }
        }
        RuleChecks.checkVocabulary(filter.actors(), filter.targets(), filter.sectors(), "filter", problems);
        if (filter.measures().size() > MAX_LIST) {
            problems.add("filter.measures: at most " + MAX_LIST + " measures");
        }
        if (filter.minSeverity() < 0 || filter.minSeverity() > 10) {
            problems.add("filter.minSeverity: 0 to 10");
        }
        Map<String, String> generated = new LinkedHashMap<>();
        List<Subscription.Channel> channels = channels(request.channels(), existing, now, generated, problems);
        Subscription.Mode mode = mode(request.mode(), problems);
        Subscription.QuietHours quiet = quietHours(request.quietHours(), problems);
        List<Subscription.Silence> silences = silences(request.silences(), problems);
        if (!problems.isEmpty()) {
            throw new Invalid(problems);
        }
        Instant created = existing.map(Subscription::createdAt).orElse(now);
        return new Result(new Subscription(id, existing.map(Subscription::owner).orElse(owner), name, filter, channels, mode,
                quiet, silences, Boolean.TRUE.equals(request.paused()), created, now, existing.map(Subscription::version).orElse(0L)), generated);
    }

    /** One silence as sent to {@code POST …/silences}. */
    public static Subscription.Silence silence(SubscriptionRequest.SilenceRequest request) throws Invalid {
        List<String> problems = new ArrayList<>();
        List<Subscription.Silence> silences = silences(List.of(request), problems);
        if (!problems.isEmpty()) {
            throw new Invalid(problems.stream().map(p -> p.replace("silences[0].", "")).toList());
        }
        return silences.get(0);
    }

    public static String newId() {
        return "s-" + UUID.randomUUID().toString().substring(0, 13);
    }

    private List<Subscription.Channel> channels(List<SubscriptionRequest.ChannelRequest> requests, Optional<Subscription> existing,
                                                Instant now, Map<String, String> generated, List<String> problems) {
        if (requests == null || requests.isEmpty() || requests.size() > MAX_CHANNELS) {
            problems.add("channels: between 1 and " + MAX_CHANNELS + " channels");
            return List.of();
        }
        List<Subscription.Channel> before = existing.map(Subscription::channels).orElse(List.of());
        int next = before.stream().mapToInt(c -> Integer.parseInt(c.id().substring(1))).max().orElse(0) + 1;
        List<Subscription.Channel> channels = new ArrayList<>();
        Set<String> used = new HashSet<>();
        for (int i = 0; i < requests.size(); i++) {
            SubscriptionRequest.ChannelRequest request = requests.get(i);
            String at = "channels[" + i + "]";
            if (request == null) {
                problems.add(at + ": required");
                continue;
            }
            Optional<Subscription.Channel> previous = before.stream().filter(c -> c.id().equals(request.id())).findFirst();
            if (request.id() != null && previous.isEmpty()) {
                problems.add(at + ".id: no channel '" + shorten(request.id()) + "' in this subscription");
                continue;
            }
            String id = previous.isPresent() ? previous.get().id() : "c" + next++;
            if (!used.add(id)) {
                problems.add(at + ".id: given twice");
                continue;
            }
            String type = request.type() == null ? "" : request.type().toLowerCase(Locale.ROOT);
            switch (type) {
                case "email" -> {
                    if (!ConfigValidator.isEmail(request.address())) {
                        problems.add(at + ".address: not an email address");
                    } else if (!emailEnabled) {
                        problems.add(at + ".type: email needs a mail server (email.smtp.host in chokepoint.yml)");
                    } else {
                        boolean same = previous.filter(p -> p.type() == Subscription.ChannelType.EMAIL
                                && request.address().equalsIgnoreCase(p.address())).isPresent();
                        channels.add(same ? revived(previous.get(), now) : new Subscription.Channel(id, Subscription.ChannelType.EMAIL,
                                request.address(), null, Subscription.ChannelStatus.PENDING, "waiting for the address to confirm", now));
                    }
                }
                case "slack", "webhook" -> {
                    Subscription.ChannelType channelType = type.equals("slack") ? Subscription.ChannelType.SLACK : Subscription.ChannelType.WEBHOOK;
                    if (request.url() == null && previous.filter(p -> p.type() == channelType).isPresent()) {
                        // Unchanged: the page never sees the URL, so it sends the channel back without one.
                        channels.add(revived(previous.get(), now));
                        continue;
                    }
                    if (request.url() == null || request.url().length() > MAX_URL || !ConfigValidator.isHttp(request.url())) {
                        problems.add(at + ".url: an http(s) URL of at most " + MAX_URL + " characters (value not shown: URLs are secrets)");
                        continue;
                    }
                    String refusal = urlRefusal.apply(request.url());
                    if (refusal != null) {
                        // Nothing is stored and nothing is sent: a webhook must not make delivery a scanner of the
                        // network it runs in (loopback, private ranges, the cloud's metadata address).
                        problems.add(at + ".url: " + refusal);
                        continue;
                    }
                    String secret = request.secret();
                    if (channelType == Subscription.ChannelType.WEBHOOK) {
                        if (secret == null || secret.isEmpty()) {
                            byte[] bytes = new byte[24];
                            RANDOM.nextBytes(bytes);
                            secret = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
                            generated.put(id, secret);
                        } else if (secret.length() < 16 || secret.length() > 256) {
                            problems.add(at + ".secret: 16 to 256 characters (value not shown)");
                            continue;
                        }
                    } else if (secret != null) {
                        problems.add(at + ".secret: only webhooks are signed");
                        continue;
                    }
                    Map<String, String> sealed = new LinkedHashMap<>();
                    sealed.put("url", request.url());
                    if (secret != null) {
                        sealed.put("secret", secret);
                    }
                    channels.add(new Subscription.Channel(id, channelType, URI.create(request.url()).getHost(),
                            box.seal(Json.MAPPER.valueToTree(sealed).toString()), Subscription.ChannelStatus.ACTIVE, null, now));
                }
                default -> problems.add(at + ".type: one of slack, email, webhook");
            }
        }
        return channels;
    }

    /** A channel that failed for good gets another chance when its owner sends it again. */
    private static Subscription.Channel revived(Subscription.Channel channel, Instant now) {
        return channel.status() == Subscription.ChannelStatus.FAILING
                ? channel.withStatus(Subscription.ChannelStatus.ACTIVE, null, now) : channel;
    }

    private static Subscription.Mode mode(SubscriptionRequest.ModeRequest request, List<String> problems) {
        if (request == null || request.kind() == null || "immediate".equalsIgnoreCase(request.kind())) {
            return Subscription.Mode.IMMEDIATE;
        }
        if (!"digest".equalsIgnoreCase(request.kind())) {
            problems.add("mode.kind: immediate or digest");
            return Subscription.Mode.IMMEDIATE;
        }
        Subscription.Cadence cadence = null;
        try {
            cadence = Subscription.Cadence.valueOf(String.valueOf(request.every()).toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            problems.add("mode.every: hourly, daily or weekly");
        }
        LocalTime at = time(request.at() == null ? "08:00" : request.at(), "mode.at", problems);
        DayOfWeek day = null;
        if (request.day() != null) {
            try {
                day = DayOfWeek.valueOf(request.day().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                problems.add("mode.day: a day of the week such as MONDAY");
            }
        }
        String zone = zone(request.zone(), "mode.zone", problems);
        return new Subscription.Mode(true, cadence, at, cadence == Subscription.Cadence.WEEKLY && day == null ? DayOfWeek.MONDAY : day, zone);
    }

    private static Subscription.QuietHours quietHours(SubscriptionRequest.QuietHoursRequest request, List<String> problems) {
        if (request == null) {
            return null;
        }
        LocalTime from = time(request.from(), "quietHours.from", problems);
        LocalTime to = time(request.to(), "quietHours.to", problems);
        return new Subscription.QuietHours(from, to, zone(request.zone(), "quietHours.zone", problems));
    }

    private static List<Subscription.Silence> silences(List<SubscriptionRequest.SilenceRequest> requests, List<String> problems) {
        if (requests == null) {
            return List.of();
        }
        if (requests.size() > MAX_LIST) {
            problems.add("silences: at most " + MAX_LIST);
            return List.of();
        }
        List<Subscription.Silence> silences = new ArrayList<>();
        for (int i = 0; i < requests.size(); i++) {
            SubscriptionRequest.SilenceRequest request = requests.get(i);
            String at = "silences[" + i + "]";
            if (request == null || request.rule() == null && request.key() == null) {
                problems.add(at + ": name a rule, a key, or both");
                continue;
            }
            if (request.rule() != null && !ID.matcher(request.rule()).matches()) {
                problems.add(at + ".rule: a rule id");
            }
            if (request.key() != null && (request.key().length() > 100 || request.key().chars().anyMatch(Character::isISOControl))) {
                problems.add(at + ".key: a group key such as CN or CN→EU");
            }
            Instant until = null;
            if (request.until() != null) {
                try {
                    until = Instant.parse(request.until());
                    chokepoint.alerts.web.validation.ApiDates.check(until, at + ".until", problems);
                } catch (DateTimeException e) {
                    problems.add(at + ".until: an ISO-8601 instant such as 2026-12-01T00:00:00Z");
                }
            }
            boolean untilResolved = Boolean.TRUE.equals(request.untilResolved());
            if (until == null && !untilResolved) {
                problems.add(at + ": give until, or untilResolved: true");
            }
            silences.add(new Subscription.Silence(request.rule(), SubscriptionMatcher.groupKey(request.key()), until, untilResolved));
        }
        return silences;
    }

    private static LocalTime time(String text, String at, List<String> problems) {
        try {
            return LocalTime.parse(String.valueOf(text));
        } catch (DateTimeException e) {
            problems.add(at + ": a time of day such as 07:30");
            return null;
        }
    }

    private static String zone(String text, String at, List<String> problems) {
        if (text == null) {
            return "UTC";
        }
        try {
            return ZoneId.of(text).getId();
        } catch (DateTimeException e) {
            problems.add(at + ": a time zone such as Europe/Brussels");
            return "UTC";
        }
    }

    private static void checkList(List<String> values, String at, Pattern pattern, String what, List<String> problems) {
        if (values.size() > MAX_LIST) {
            problems.add(at + ": at most " + MAX_LIST + " entries");
            return;
        }
        for (int i = 0; i < values.size(); i++) {
            if (!pattern.matcher(values.get(i)).matches()) {
                problems.add(at + "[" + i + "]: " + what);
            }
        }
    }

    private static String path(MismatchedInputException e) {
        return Json.path(e, "body");
    }

    private static String shorten(String text) {
        String clean = text.replaceAll("\\p{Cntrl}", " ");
        return clean.length() <= 40 ? clean : clean.substring(0, 40) + "…";
    }
}
