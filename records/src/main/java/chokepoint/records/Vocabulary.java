package chokepoint.records;

import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The words rules, subscriptions and filters are written in, as the classifier emits them: jurisdictions (ISO 3166-1
 * alpha-2 codes and {@code EU}), sectors, measures. What a user writes is checked against them, with a suggestion
 * when it is close ("unknown sector 'rare-earth', did you mean 'rare-earths'"; "'China', did you mean 'CN'"), and
 * a wanted target is matched the way users mean it: {@code EU} covers the Union and its member states, and a measure
 * on all destinations ({@link #ALL_DESTINATIONS}) is one against every target.
 */
public final class Vocabulary {

    /** The member states of the European Union. */
    public static final Set<String> EU_MEMBERS = Set.of("AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE",
            "GR", "HU", "IE", "IT", "LV", "LT", "LU", "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE");

    /**
     * The target of a measure aimed at no one in particular and at everyone: an export control that names no
     * destination restricts exports to all of them (China's 2025 rare-earth controls). Every target filter wants it,
     * so it counts in the actor→EU figures, breaches and dossiers, shown as "applies to all destinations".
     */
    public static final String ALL_DESTINATIONS = "*";

    /** A target that means the EU institutions alone, not the member states. */
    public static final String EU_INSTITUTIONS = "EU-institutions";

    /**
     * The sectors the classifier names (its rule file's {@code [sector ...]} sections; a test keeps the two equal).
     */
    public static final List<String> SECTORS = List.of("rare-earths", "magnets", "gallium", "germanium", "graphite",
            "antimony", "tungsten", "semiconductors", "lithography", "aircraft", "machine-tools", "bearings", "superalloys",
            "gas-turbines", "evs", "batteries", "wind", "solar", "steel", "aluminium", "telecom", "medical-devices",
            "pharmaceuticals", "agriculture", "drones");

    /** The kinds of measure a filter may name (every one the classifier writes but NONE). */
    public static final List<String> MEASURES = Arrays.stream(Measure.values()).filter(m -> m != Measure.NONE).map(Enum::name).toList();

    /** The stages a filter may name. */
    public static final List<String> STAGES = Arrays.stream(Stage.values()).map(Enum::name).toList();

    /** The statuses of the measure register. */
    public static final List<String> STATUSES = Arrays.stream(MeasureStatus.values()).map(Enum::name).toList();

    /** What a word in a filter, a rule or a request stands for: each kind has its words and its suggestions. */
    public enum Kind {
        ACTOR("jurisdiction", "ISO 3166-1 alpha-2 codes or EU"),
        TARGET("jurisdiction", "ISO 3166-1 alpha-2 codes, EU for the Union and its member states, EU-institutions for the EU alone, * for measures on all destinations"),
        MEASURE("measure", String.join(", ", MEASURES)),
        STAGE("stage", String.join(", ", STAGES)),
        SECTOR("sector", String.join(", ", SECTORS)),
        STATUS("status", String.join(", ", STATUSES));

        private final String noun;
        private final String known;

        Kind(String noun, String known) {
            this.noun = noun;
            this.known = known;
        }
    }

    /**
     * What is wrong with {@code value} as a word of this kind, with what was probably meant and the words allowed;
     * empty when it is one ("unknown jurisdiction 'China', did you mean 'CN'? (ISO 3166-1 alpha-2 codes or EU)").
     */
    public static Optional<String> problem(Kind kind, String value) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        String given = value.trim();
        boolean known = switch (kind) {
            // Filters compare codes whatever their case ("cn" is CN); rules, which are stored, say them exactly.
            case ACTOR -> isJurisdiction(given.toUpperCase(Locale.ROOT));
            case TARGET -> isTarget(given.toUpperCase(Locale.ROOT)) || EU_INSTITUTIONS.equalsIgnoreCase(given);
            case MEASURE -> MEASURES.contains(given.toUpperCase(Locale.ROOT));
            case STAGE -> STAGES.contains(given.toUpperCase(Locale.ROOT));
            case SECTOR -> SECTORS.contains(given.toLowerCase(Locale.ROOT));
            case STATUS -> STATUSES.contains(given.toUpperCase(Locale.ROOT).replace('-', '_'));
        };
        if (known) {
            return Optional.empty();
        }
        Optional<String> suggestion = switch (kind) {
            case ACTOR, TARGET -> suggestJurisdiction(given);
            case MEASURE -> suggestEnum(given, MEASURES);
            case STAGE -> suggestEnum(given, STAGES);
            case STATUS -> suggestEnum(given, STATUSES);
            case SECTOR -> suggest(given, SECTORS);
        };
        return Optional.of(unknown(kind.noun, given, suggestion) + " (" + kind.known + ")");
    }

    /** "export controls", "Export-Control", "EXPORT_CONTROLS" → EXPORT_CONTROL. */
    private static Optional<String> suggestEnum(String given, List<String> known) {
        String upper = given.trim().toUpperCase(Locale.ROOT).replaceAll("[\\s-]+", "_");
        if (known.contains(upper)) {
            return Optional.of(upper);
        }
        if (upper.endsWith("S") && known.contains(upper.substring(0, upper.length() - 1))) {
            return Optional.of(upper.substring(0, upper.length() - 1));
        }
        return suggest(upper, known);
    }

    private static final Set<String> ISO_CODES = new TreeSet<>(Arrays.asList(Locale.getISOCountries()));

    private Vocabulary() {
    }

    /** An ISO 3166-1 alpha-2 code, or EU. */
    public static boolean isJurisdiction(String code) {
        return code != null && ("EU".equals(code) || ISO_CODES.contains(code));
    }

    /**
     * A jurisdiction a target filter may name: a jurisdiction, {@link #EU_INSTITUTIONS}, or {@link #ALL_DESTINATIONS}
     * (only the measures aimed at everyone).
     */
    public static boolean isTarget(String code) {
        return isJurisdiction(code) || EU_INSTITUTIONS.equals(code) || ALL_DESTINATIONS.equals(code);
    }

    /** How a target reads to a person: "all destinations" for {@link #ALL_DESTINATIONS}, else the code. */
    public static String describeTarget(String target) {
        return ALL_DESTINATIONS.equals(target) ? "all destinations" : target;
    }

    /** The targets as a person reads them, joined: "EU, all destinations". */
    public static String describeTargets(Collection<String> targets) {
        return String.join(", ", targets.stream().map(Vocabulary::describeTarget).toList());
    }

    /**
     * Whether an indicator's target {@code actual} is one a filter for {@code wanted} asks for: the same code, or a
     * member state when EU is wanted ("measures against the EU" include those against Finland or Italy);
     * {@link #EU_INSTITUTIONS} wants the EU alone.
     */
    public static boolean targetMatches(String wanted, String actual) {
        if (wanted == null || actual == null) {
            return false;
        }
        if (ALL_DESTINATIONS.equals(wanted) || ALL_DESTINATIONS.equals(actual)) {
            // A measure on every destination hits every target wanted; "*" wanted asks for those measures only.
            return ALL_DESTINATIONS.equals(actual);
        }
        if (EU_INSTITUTIONS.equalsIgnoreCase(wanted)) {
            return "EU".equalsIgnoreCase(actual);
        }
        return wanted.equalsIgnoreCase(actual) || "EU".equalsIgnoreCase(wanted) && EU_MEMBERS.contains(actual.toUpperCase(Locale.ROOT));
    }

    /** Whether any of the targets is wanted by any of the filter's. */
    public static boolean anyTargetMatches(Collection<String> wanted, Collection<String> actual) {
        return wanted.stream().anyMatch(w -> actual.stream().anyMatch(a -> targetMatches(w, a)));
    }

    /** The code a user probably meant by a country's name or a code in the wrong case: "China" → CN, "eu" → EU. */
    public static Optional<String> suggestJurisdiction(String given) {
        if (given == null || given.isBlank()) {
            return Optional.empty();
        }
        String trimmed = given.trim();
        String upper = trimmed.toUpperCase(Locale.ROOT);
        if (isJurisdiction(upper)) {
            return Optional.of(upper);
        }
        if (upper.equals("EUROPEAN UNION") || upper.equals("EUROPE")) {
            return Optional.of("EU");
        }
        String wantedName = normalise(trimmed);
        for (String code : ISO_CODES) {
            String name = normalise(new Locale("", code).getDisplayCountry(Locale.ENGLISH));
            if (name.equals(wantedName) || name.startsWith(wantedName + " ") || alias(code).contains(wantedName)) {
                return Optional.of(code);
            }
        }
        return Optional.empty();
    }

    /** The closest known word, if it is close enough to be a slip ("rare-earth" → "rare-earths"), else empty. */
    public static Optional<String> suggest(String given, Collection<String> known) {
        if (given == null) {
            return Optional.empty();
        }
        String lower = given.toLowerCase(Locale.ROOT).trim();
        return known.stream()
                .filter(word -> distance(lower, word.toLowerCase(Locale.ROOT)) <= Math.max(2, word.length() / 4)
                        || word.toLowerCase(Locale.ROOT).startsWith(lower) && lower.length() >= 3)
                .min(Comparator.comparingInt(word -> distance(lower, word.toLowerCase(Locale.ROOT))));
    }

    /** "unknown sector 'rare-earth', did you mean 'rare-earths'?" or the message without a suggestion. */
    public static String unknown(String what, String given, Optional<String> suggestion) {
        return "unknown " + what + " '" + given + "'" + suggestion.map(s -> ", did you mean '" + s + "'?").orElse("");
    }

    private static List<String> alias(String code) {
        return switch (code) {
            case "US" -> List.of("usa", "america", "united states of america", "us");
            case "GB" -> List.of("uk", "britain", "great britain", "england");
            case "KR" -> List.of("korea", "south korea", "republic of korea");
            case "KP" -> List.of("north korea");
            case "RU" -> List.of("russian federation");
            case "TW" -> List.of("taiwan");
            case "NL" -> List.of("holland", "the netherlands");
            case "CZ" -> List.of("czech republic");
            default -> List.of();
        };
    }

    private static String normalise(String name) {
        return name.toLowerCase(Locale.ROOT).replaceAll("[^a-z ]", "").trim();
    }

    private static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                current[j] = Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
