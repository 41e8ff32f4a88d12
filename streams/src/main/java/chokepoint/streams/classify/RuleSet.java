package chokepoint.streams.classify;

import chokepoint.records.Measure;
import chokepoint.records.Stage;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A classifier rule set, read from a line-oriented text file that reviewers can diff:
 * <pre>
 * version 2026.11-1
 * chokepoint-sectors rare-earths magnets gallium
 *
 * [measure EXPORT_CONTROL]
 * export controls
 * 出口管制
 * entity list *3        # weight 3
 * </pre>
 * Sections are {@code [measure M]}, {@code [stage S]}, {@code [country XX]}, {@code [agency XX]},
 * {@code [hint XX]}, {@code [sector slug]} and {@code [other-sense measure|stage|item]}. Every problem is reported with its line number.
 */
public final class RuleSet {

    private static final Pattern SECTION = Pattern.compile("\\[(measure|stage|country|agency|sector|hint|other-sense|change|body)\\s+([A-Za-z0-9_-]+)]");
    private static final Pattern WEIGHTED = Pattern.compile("(.+?)\\s+\\*(\\d+)");
    private static final Pattern JURISDICTION = Pattern.compile("[A-Z]{2}");

    private final String name;
    private final String version;
    private final List<PhraseRule> rules;
    private final Set<String> chokepointSectors;
    private final java.util.Map<String, Measure> knownActs;

    private RuleSet(String name, String version, List<PhraseRule> rules, Set<String> chokepointSectors,
                    java.util.Map<String, Measure> knownActs) {
        this.name = name;
        this.version = version;
        this.rules = List.copyOf(rules);
        this.chokepointSectors = Set.copyOf(chokepointSectors);
        this.knownActs = java.util.Map.copyOf(knownActs);
    }

    /** The rule set that ships with Chokepoint. */
    public static RuleSet bundled() {
        try (InputStream in = RuleSet.class.getResourceAsStream("/chokepoint/classifier/rules.txt")) {
            return parse("rules.txt", new InputStreamReader(in, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException("bundled rule file unreadable", e);
        }
    }

    public static RuleSet load(Path file) {
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return parse(file.toString(), reader);
        } catch (IOException e) {
            throw new RuleFileException(file + ": cannot read: " + e.getMessage());
        }
    }

    public static RuleSet parse(String name, Reader source) throws IOException {
        BufferedReader reader = new BufferedReader(source);
        String version = null;
        Set<String> chokepoint = new LinkedHashSet<>();
        List<PhraseRule> rules = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        RuleKind kind = null;
        String value = null;
        java.util.Map<String, Measure> acts = new java.util.HashMap<>();
        Measure actMeasure = null;
        String line;
        int number = 0;
        while ((line = reader.readLine()) != null) {
            number++;
            String text = stripComment(line).strip();
            if (text.isEmpty()) {
                continue;
            }
            String at = name + ":" + number + ": ";
            Matcher section = SECTION.matcher(text);
            if (text.startsWith("version ")) {
                version = text.substring("version ".length()).strip();
            } else if (text.startsWith("chokepoint-sectors ")) {
                chokepoint.addAll(List.of(text.substring("chokepoint-sectors ".length()).strip().split("\\s+")));
            } else if (text.startsWith("[act ")) {
                // [act MEASURE]: identifiers of well-known acts and their measure, for follow-ups that name no measure.
                try {
                    actMeasure = Measure.valueOf(text.substring(5, text.length() - 1).strip());
                } catch (IllegalArgumentException e) {
                    throw new RuleFileException(at + "unknown measure in '" + text + "'");
                }
                kind = null;
            } else if (actMeasure != null && kind == null && !text.startsWith("[")) {
                acts.put(text, actMeasure);
            } else if (section.matches()) {
                actMeasure = null;
                kind = RuleKind.ofSection(section.group(1));
                value = section.group(2);
                checkValue(kind, value, at);
            } else if (text.startsWith("[")) {
                throw new RuleFileException(at + "bad section header '" + text
                        + "' (write [measure M], [stage S], [country XX], [agency XX], [hint XX], [sector slug], [other-sense measure|stage|item], [change open] or [body international])");
            } else {
                if (kind == null) {
                    throw new RuleFileException(at + "phrase '" + text + "' before any [section]");
                }
                Matcher weighted = WEIGHTED.matcher(text);
                String phrase = weighted.matches() ? weighted.group(1).strip() : text;
                int weight = weighted.matches() ? Integer.parseInt(weighted.group(2)) : 1;
                if (weight < 1 || weight > 9) {
                    throw new RuleFileException(at + "weight must be 1..9");
                }
                String key = kind + "|" + phrase.toLowerCase(Locale.ROOT);
                if (!seen.add(key)) {
                    throw new RuleFileException(at + "phrase '" + phrase + "' is already listed in a "
                            + kind.sectionName() + " section");
                }
                rules.add(new PhraseRule(phrase, kind, value, weight, number));
            }
        }
        if (version == null) {
            throw new RuleFileException(name + ": missing 'version ...' line");
        }
        Set<String> sectors = new HashSet<>();
        rules.stream().filter(r -> r.kind() == RuleKind.SECTOR).forEach(r -> sectors.add(r.value()));
        for (String sector : chokepoint) {
            if (!sectors.contains(sector)) {
                throw new RuleFileException(name + ": chokepoint-sectors names '" + sector + "', which has no [sector] section");
            }
        }
        return new RuleSet(name, version, rules, chokepoint, acts);
    }

    private static void checkValue(RuleKind kind, String value, String at) {
        try {
            switch (kind) {
                case MEASURE -> {
                    if (Measure.valueOf(value) == Measure.NONE) {
                        throw new RuleFileException(at + "NONE is what no rule matching means; it takes no phrases");
                    }
                }
                case STAGE -> Stage.valueOf(value);
                case OTHER_SENSE -> {
                    if (!value.equals("measure") && !value.equals("stage") && !value.equals("item")) {
                        throw new RuleFileException(at + "[other-sense] silences 'measure' or 'stage' words or a whole 'item', not '" + value + "'");
                    }
                }
                case COUNTRY, AGENCY, HINT -> {
                    if (!JURISDICTION.matcher(value).matches()) {
                        throw new RuleFileException(at + "'" + value + "' is not an ISO 3166-1 alpha-2 code or EU");
                    }
                }
                case CHANGE -> {
                    if (!value.equals("open")) {
                        throw new RuleFileException(at + "[change] takes the value 'open'");
                    }
                }
                case BODY -> {
                    if (!value.equals("international")) {
                        throw new RuleFileException(at + "[body] takes the value 'international'");
                    }
                }
                case SECTOR -> {
                    if (!value.matches("[a-z0-9-]+")) {
                        throw new RuleFileException(at + "sector slugs are lower-case, e.g. rare-earths");
                    }
                }
            }
        } catch (IllegalArgumentException e) {
            throw new RuleFileException(at + "unknown " + kind.sectionName() + " '" + value + "'");
        }
    }

    private static String stripComment(String line) {
        int hash = line.indexOf(" #");
        if (line.startsWith("#")) {
            return "";
        }
        return hash >= 0 ? line.substring(0, hash) : line;
    }

    public String name() {
        return name;
    }

    public String version() {
        return version;
    }

    public List<PhraseRule> rules() {
        return rules;
    }

    public Set<String> chokepointSectors() {
        return chokepointSectors;
    }

    /** The measure of a well-known act ({@code [act M]} sections), or null. */
    public Measure knownAct(String identifier) {
        return knownActs.get(identifier);
    }
}
