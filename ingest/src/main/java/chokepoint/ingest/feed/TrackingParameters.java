package chokepoint.ingest.feed;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Which query parameters of a link track its reader rather than name its document (utm_*, mkt_tok, _hsenc, fbclid,
 * …): the known trackers of a maintained list (ClearURLs' global rules, {@code chokepoint/tracking-parameters.txt},
 * provenance in the file), plus a source's own {@code strip-parameters}. A link seen with a new tag at every poll (a
 * newsletter's) would otherwise be a new item each time.
 */
public final class TrackingParameters {

    private static final String LIST = "/chokepoint/tracking-parameters.txt";
    private static final TrackingParameters KNOWN = new TrackingParameters(load());
    private static final Map<List<String>, TrackingParameters> PER_SOURCE = new ConcurrentHashMap<>();

    /** A rule: a parameter name pattern, for links matching {@code link} (null: every link). */
    private record Rule(Pattern link, Pattern name) {
        boolean appliesTo(String url) {
            return link == null || link.matcher(url).find();
        }
    }

    private final List<Rule> rules;

    private TrackingParameters(List<Rule> rules) {
        this.rules = List.copyOf(rules);
    }

    /** The known trackers alone. */
    public static TrackingParameters known() {
        return KNOWN;
    }

    /** The known trackers and a source's own (regular expressions on the name, validated with the configuration). */
    public static TrackingParameters with(List<String> extra) {
        if (extra == null || extra.isEmpty()) {
            return KNOWN;
        }
        return PER_SOURCE.computeIfAbsent(List.copyOf(extra), list -> {
            List<Rule> all = new ArrayList<>(KNOWN.rules);
            list.forEach(regex -> all.add(new Rule(null, Pattern.compile(regex, Pattern.CASE_INSENSITIVE))));
            return new TrackingParameters(all);
        });
    }

    /** The rules that apply to links like {@code url} (host and path): a filter for its parameters' names. */
    public java.util.function.Predicate<String> forLink(String url) {
        List<Pattern> names = rules.stream().filter(rule -> rule.appliesTo(url)).map(Rule::name).toList();
        return rawName -> tracks(rawName, names);
    }

    private static boolean tracks(String rawName, List<Pattern> patterns) {
        String decoded;
        try {
            decoded = URLDecoder.decode(rawName, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            decoded = rawName;
        }
        String name = decoded.toLowerCase(Locale.ROOT);
        for (Pattern pattern : patterns) {
            if (pattern.matcher(name).matches() || pattern.matcher(rawName).matches()) {
                return true;
            }
        }
        return false;
    }

    public int size() {
        return rules.size();
    }

    private static List<Rule> load() {
        try (InputStream in = TrackingParameters.class.getResourceAsStream(LIST)) {
            if (in == null) {
                throw new IllegalStateException(LIST + " is missing from the class path");
            }
            List<Rule> rules = new ArrayList<>();
            Map<String, Pattern> links = new java.util.HashMap<>();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] parts = line.split("\t", 2);
                Pattern link = parts[0].equals("*") ? null
                        : links.computeIfAbsent(parts[0], p -> Pattern.compile(p, Pattern.CASE_INSENSITIVE));
                rules.add(new Rule(link, Pattern.compile(parts[1].strip(), Pattern.CASE_INSENSITIVE)));
            }
            return rules;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
