package chokepoint.records;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A one-line English gist of a non-English item, made from what was extracted (issuer, act number, measure, stage,
 * targets, sectors, counts, dates) and written with the glossary of recurring official terms
 * ({@code chokepoint/glossary.yml}, data): "商务部公告2026年第20号 公布将7家欧盟实体列入出口管制管控名单" reads "MOFCOM
 * announcement 2026 No. 20: seven EU entities added to China's export-control control list". Shown beside the original
 * wherever an analyst reads an item (the page, Slack, email, webhooks, Atom, dossiers). Null for an English title.
 */
public final class Gist {

    /** One glossary entry. */
    record Term(String zh, String en, String kind) {
    }

    /** How a code reads: its name and the adjective of what belongs to it. */
    record Country(String name, String adjective) {
    }

    record Glossary(List<Term> terms, Map<String, Country> countries) {
    }

    private record Found(Term term, int start, int end) {
    }

    private static final Glossary GLOSSARY = load();
    /** Longest first, so that "出口管制管控名单" wins over "管控名单" and "出口管制". */
    private static final List<Term> BY_LENGTH = GLOSSARY.terms().stream()
            .sorted(Comparator.comparingInt((Term t) -> -t.zh().length())).toList();
    private static final Pattern ACT_NUMBER = Pattern.compile(
            "(公告|令)\\s*((?:19|20)\\d{2}|二〇[〇一二三四五六七八九]{2})\\s*年?\\s*第\\s*(\\d{1,4})\\s*号");
    private static final Pattern COUNT = Pattern.compile("(\\d{1,4}|[两二三四五六七八九十]{1,3})\\s*家");
    private static final List<String> NUMBER_WORDS = List.of("zero", "one", "two", "three", "four", "five", "six", "seven",
            "eight", "nine", "ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen",
            "nineteen", "twenty");
    /** Dutch words that English titles do not use: a Latin-script title with two of them is Dutch. */
    private static final Set<String> DUTCH = Set.of("de", "het", "van", "voor", "op", "een", "naar", "uit", "neemt", "past",
            "bij", "aan", "met", "wordt", "nederland", "nederlandse", "kabinet", "maatregel", "breidt");

    private Gist() {
    }

    private static Glossary load() {
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory()).enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        try (InputStream in = Gist.class.getResourceAsStream("/chokepoint/glossary.yml")) {
            return yaml.readValue(in, Glossary.class);
        } catch (IOException e) {
            throw new UncheckedIOException("bundled chokepoint/glossary.yml unreadable", e);
        }
    }

    /** The gist of an indicator, or null when its title is English. */
    public static String of(Indicator i) {
        LocalDate effective = i.dates().stream().filter(d -> ActDate.EFFECTIVE.equals(d.kind())).map(ActDate::date)
                .findFirst().orElse(null);
        return of(i.title(), i.measure(), i.stage(), i.actor(), i.targets(), i.sectors(), effective);
    }

    /**
     * @param effective the day the act takes effect, when a text said (null otherwise)
     */
    public static String of(String title, Measure measure, Stage stage, String actor, List<String> targets, List<String> sectors,
                            LocalDate effective) {
        if (title == null || title.isBlank() || isEnglish(title)) {
            return null;
        }
        List<Found> found = scan(title);
        String head = head(title, found, actor);
        String body = body(title, found, measure, stage, actor, targets == null ? List.of() : targets,
                sectors == null ? List.of() : sectors.stream().map(Gist::sectorWords).toList());
        if (measure != null && measure != Measure.NONE) {
            // Terms the sentence did not use yet ("affiliates rule", "sanctions on Russia") say which act it is.
            String said = body;
            List<String> more = distinct(found, "term").stream().filter(t -> !said.contains(t)).toList();
            body = more.isEmpty() ? body : body + " (" + join(more) + ")";
            if (first(found, "genre") != null && actor != null && !body.contains(country(actor).name())) {
                // Talk about another's act: say whose.
                body = country(actor).adjective() + " " + body;
            }
        }
        String gist = capitalise(head.isEmpty() ? body : head + (first(found, "genre") != null ? " " : ": ") + body);
        return effective == null ? gist : gist + ", in force from " + effective;
    }

    /** Whether a title reads as English: no Chinese, Japanese or Korean script, and not Dutch. */
    public static boolean isEnglish(String title) {
        // One pass over the characters, no pattern and no stream: every line `classify` writes asks, and the JIT
        // compiled the earlier split-and-filter form three times over in a run of 20,000 items.
        int dutch = 0;
        int wordStart = -1;
        for (int i = 0; i <= title.length(); i++) {
            char c = i < title.length() ? title.charAt(i) : ' ';
            if (c >= '\u1100' && isCjkOrHangul(c)) {
                return false;
            }
            if (Character.isLetter(c)) {
                if (wordStart < 0) {
                    wordStart = i;
                }
            } else if (wordStart >= 0) {
                if (DUTCH.contains(title.substring(wordStart, i).toLowerCase(java.util.Locale.ROOT))) {
                    dutch++;
                }
                wordStart = -1;
            }
        }
        return dutch < 2;
    }

    private static boolean isCjkOrHangul(char c) {
        Character.UnicodeScript script = Character.UnicodeScript.of(c);
        return script == Character.UnicodeScript.HAN || script == Character.UnicodeScript.HIRAGANA
                || script == Character.UnicodeScript.KATAKANA || script == Character.UnicodeScript.HANGUL;
    }

    /** Who and which act: "MOFCOM and GAC (customs) announcement 2025 No. 57", "MOFCOM spokesperson answers journalists on". */
    private static String head(String title, List<Found> found, String actor) {
        Set<String> issuers = new LinkedHashSet<>();
        found.stream().filter(f -> f.term().kind().equals("issuer")).forEach(f -> issuers.add(f.term().en()));
        String who = issuers.isEmpty() ? (actor == null ? "" : country(actor).name()) : String.join(" and ", issuers);
        Found genre = first(found, "genre");
        if (genre != null) {
            return (who + " " + genre.term().en()).strip();
        }
        Matcher number = ACT_NUMBER.matcher(title);
        if (number.find()) {
            String kind = number.group(1).equals("令") ? "order" : "announcement";
            return (who + " " + kind + " " + ChineseNumerals.westernDigits(number.group(2)) + " No. " + Integer.parseInt(number.group(3))).strip();
        }
        Found act = found.stream().filter(f -> f.term().kind().equals("act"))
                .max(Comparator.comparingInt(Found::end)).orElse(null);
        return act != null && act.end() >= title.strip().length() - 1 ? (who + " " + act.term().en()).strip() : who;
    }

    private static String body(String title, List<Found> found, Measure measure, Stage stage, String actor,
                               List<String> targets, List<String> sectors) {
        List<String> named = targets.stream().filter(t -> !Vocabulary.ALL_DESTINATIONS.equals(t)).toList();
        String whom = whom(title, found, named);
        Found list = first(found, "list");
        Found action = first(found, "action");
        List<String> materials = distinct(found, "material");
        boolean countermeasures = found.stream().anyMatch(f -> f.term().zh().equals("反制措施"))
                || measure == Measure.SERVICES_FINANCE_RESTRICTION;
        if (list != null && (measure == Measure.SANCTION_LISTING || measure == Measure.NONE && action != null)) {
            String verb = action == null ? "added to" : action.term().en();
            if (verb.endsWith(" of")) {
                // "amendment of Japan's End User List": the change is to the list, not to whom.
                return verb + " " + possessive(actor) + list.term().en();
            }
            return whom + " " + verb + " " + possessive(actor) + list.term().en();
        }
        if (countermeasures) {
            return (action == null ? "" : action.term().en() + " ") + "countermeasures against " + whom;
        }
        if (measure == Measure.EXPORT_CONTROL) {
            String what = !materials.isEmpty() ? " on " + join(materials) : !sectors.isEmpty() ? " on " + join(sectors) : "";
            String scope = targets.contains(Vocabulary.ALL_DESTINATIONS) ? ", applying to all destinations"
                    : named.isEmpty() ? "" : " for " + join(named.stream().map(t -> country(t).name()).toList());
            return change(action, stage) + "export controls" + what + scope;
        }
        if (measure == Measure.SANCTION_LISTING) {
            return change(action, stage) + "sanctions listing of " + whom;
        }
        if (measure != Measure.NONE) {
            String against = named.isEmpty() ? "" : " against " + join(named.stream().map(t -> country(t).name()).toList());
            String on = !materials.isEmpty() ? " on " + join(materials) : !sectors.isEmpty() ? " on " + join(sectors) : "";
            return change(action, stage) + phrase(measure) + against + on;
        }
        List<String> mentioned = new ArrayList<>();
        if (action != null) {
            mentioned.add(action.term().en().replace(" of", "").replace(" to", "").replace(" from", ""));
        }
        mentioned.addAll(distinct(found, "term"));
        mentioned.addAll(materials);
        mentioned.addAll(distinct(found, "list"));
        return mentioned.isEmpty() ? "no trade measure recognised" : "no trade measure; about " + join(mentioned);
    }

    /** "seven EU entities": the count, the target's adjective and what is listed, as far as the title says. */
    private static String whom(String title, List<Found> found, List<String> named) {
        List<String> parts = new ArrayList<>();
        Matcher count = COUNT.matcher(title);
        if (count.find()) {
            parts.add(numberWord(count.group(1)));
        }
        if (!named.isEmpty()) {
            parts.add(join(named.stream().map(t -> country(t).adjective()).toList()));
        }
        Found entity = first(found, "entity");
        parts.add(entity == null ? "entities" : entity.term().en());
        return String.join(" ", parts);
    }

    /** What an act does to a measure, from its words, else from the stage: "tightening of ", "easing of ". */
    private static String change(Found action, Stage stage) {
        if (action != null) {
            return action.term().en() + " ";
        }
        if (stage == null) {
            return "";
        }
        return switch (stage) {
            case THREATENED -> "threat of ";
            case INVESTIGATING -> "investigation: ";
            case EASED -> "easing of ";
            case PROCEDURAL -> "procedure on ";
            default -> "";
        };
    }

    private static String phrase(Measure measure) {
        return switch (measure) {
            case TARIFF -> "tariffs";
            case TRADE_DEFENSE -> "trade-defence duties";
            case IMPORT_RESTRICTION -> "import restrictions";
            case INVESTMENT_RESTRICTION -> "investment restrictions";
            case SERVICES_FINANCE_RESTRICTION -> "restrictions on services and finance";
            case INFORMAL_PRESSURE -> "informal pressure";
            case SANCTION_LISTING -> "sanctions listing";
            case EXPORT_CONTROL -> "export controls";
            case NONE -> "no trade measure";
        };
    }

    private static String possessive(String actor) {
        if (actor == null) {
            return "the ";
        }
        String name = country(actor).name();
        return name.startsWith("the ") ? name + "'s " : name + "'s ";
    }

    private static Country country(String code) {
        Country known = GLOSSARY.countries().get(code);
        if (known != null) {
            return known;
        }
        String name = new java.util.Locale("", code).getDisplayCountry(java.util.Locale.ENGLISH);
        return name.isEmpty() || name.equals(code) ? new Country(code, code) : new Country(name, name);
    }

    /** Glossary terms in the title, longest first where two overlap, in the title's order. */
    private static List<Found> scan(String title) {
        boolean[] taken = new boolean[title.length()];
        List<Found> found = new ArrayList<>();
        String lower = title.toLowerCase(java.util.Locale.ROOT);
        for (Term term : BY_LENGTH) {
            String zh = term.zh().toLowerCase(java.util.Locale.ROOT);
            for (int at = lower.indexOf(zh); at >= 0; at = lower.indexOf(zh, at + 1)) {
                boolean free = true;
                for (int i = at; i < at + zh.length(); i++) {
                    free &= !taken[i];
                }
                if (free) {
                    for (int i = at; i < at + zh.length(); i++) {
                        taken[i] = true;
                    }
                    found.add(new Found(term, at, at + zh.length()));
                }
            }
        }
        found.sort(Comparator.comparingInt(Found::start));
        return found;
    }

    private static Found first(List<Found> found, String kind) {
        return found.stream().filter(f -> f.term().kind().equals(kind)).findFirst().orElse(null);
    }

    private static List<String> distinct(List<Found> found, String kind) {
        Set<String> words = new LinkedHashSet<>();
        found.stream().filter(f -> f.term().kind().equals(kind)).forEach(f -> words.add(f.term().en()));
        return List.copyOf(words);
    }

    private static String join(List<String> words) {
        if (words.size() <= 1) {
            return words.isEmpty() ? "" : words.get(0);
        }
        return String.join(", ", words.subList(0, words.size() - 1)) + " and " + words.get(words.size() - 1);
    }

    private static String numberWord(String digits) {
        int n;
        if (Character.isDigit(digits.charAt(0))) {
            n = Integer.parseInt(digits);
        } else {
            n = ChineseNumerals.value(digits);
        }
        return n >= 0 && n < NUMBER_WORDS.size() ? NUMBER_WORDS.get(n) : String.valueOf(n);
    }

    /** A sector as words: "rare-earths" → "rare earths", "evs" → "electric vehicles". */
    private static String sectorWords(String sector) {
        return "evs".equals(sector) ? "electric vehicles" : sector.replace('-', ' ');
    }

    private static String capitalise(String text) {
        return text.isEmpty() ? text : Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }
}
