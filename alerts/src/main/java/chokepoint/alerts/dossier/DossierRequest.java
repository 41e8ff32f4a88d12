package chokepoint.alerts.dossier;

import chokepoint.records.Breach;
import chokepoint.records.Vocabulary;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What a dossier covers: an actor→target pair over a range, or the case of one breach (its actor, its target when it
 * counted per pair, the window before it fired to its latest state).
 */
public record DossierRequest(String actor, String target, Instant from, Instant to, String breachId) {

    /** Without a range: the year up to now. */
    public static final Duration DEFAULT_SPAN = Duration.ofDays(365);

    /** The request of these parameters, with the year up to {@code now} as the default range; problems listed. */
    public static DossierRequest of(String actor, String target, Instant from, Instant to, Instant now, List<String> problems) {
        Instant end = to != null ? to : now;
        Instant start = from != null ? from : end.minus(DEFAULT_SPAN);
        if (!start.isBefore(end)) {
            problems.add("from must be before to");
        }
        // The command line's check; the API's parameters are checked by Bean Validation before this.
        Vocabulary.problem(Vocabulary.Kind.ACTOR, actor).ifPresent(p -> problems.add("actor: " + p));
        Vocabulary.problem(Vocabulary.Kind.TARGET, target).ifPresent(p -> problems.add("target: " + p));
        return new DossierRequest(clean(actor), clean(target), start, end, null);
    }

    /** The case of a breach: from the start of its window to its latest state (now, while it fires). */
    public static DossierRequest ofBreach(Breach breach, Instant now) {
        Duration window = Duration.parse(breach.window());
        String target = breach.groupKey() != null && breach.groupKey().contains("->")
                ? breach.groupKey().substring(breach.groupKey().indexOf("->") + 2) : null;
        Instant end = breach.state() == Breach.State.FIRING ? now : breach.updatedAt().plusMillis(1);
        return new DossierRequest(breach.actor(), "unknown".equals(target) ? null : target,
                breach.firedAt().minus(window), end.isAfter(breach.firedAt()) ? end : breach.firedAt().plusMillis(1), breach.id());
    }

    /** A code as the vocabulary writes it: upper case, but {@code EU-institutions}. */
    private static String clean(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String code = value.trim();
        return code.equalsIgnoreCase(Vocabulary.EU_INSTITUTIONS) ? Vocabulary.EU_INSTITUTIONS : code.toUpperCase(Locale.ROOT);
    }

    /** The query that asks for the same dossier again, in another format. */
    public String query() {
        if (breachId != null) {
            return "breach=" + URLEncoder.encode(breachId, StandardCharsets.UTF_8);
        }
        List<String> parts = new ArrayList<>();
        if (actor != null) {
            parts.add("actor=" + URLEncoder.encode(actor, StandardCharsets.UTF_8));
        }
        if (target != null) {
            parts.add("target=" + URLEncoder.encode(target, StandardCharsets.UTF_8));
        }
        parts.add("from=" + from);
        parts.add("to=" + to);
        return String.join("&", parts);
    }

    /** A name for files: {@code dossier-CN-EU-2025-01-01-2026-01-01}. */
    public String fileName() {
        List<String> parts = new ArrayList<>(List.of("dossier"));
        parts.add(actor == null ? "any" : actor);
        parts.add(target == null ? "any" : target);
        parts.add(from.toString().substring(0, 10));
        parts.add(to.toString().substring(0, 10));
        return String.join("-", parts);
    }
}
