package chokepoint.streams.fuse;

import chokepoint.records.Measure;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What an item says an official act is about, with the words of its title that are neither the act's number nor the
 * wrapper of its genre: "商务部公告2026年第20号 公布将7家欧盟实体列入出口管制管控名单" and "商务部新闻发言人就将7家欧盟实体列入出口
 * 管制管控名单答记者问" are both about "将7家欧盟实体列入出口管制管控名单". An answer to journalists, an explanation (政策解读), a
 * press release or a news report about an act is talk about it, not a second act: fusion joins it to the act's event
 * (in either order of arrival), so that one act is one indicator and one count.
 *
 * @param eventId the event the item belongs to (null before fusion has said)
 * @param act     true for the act's own notice (it names its own act and is not talk about one)
 * @param talk    true for talk about an act by its genre (an answer, an explanation, a release); an item that is
 *                neither (a news report) may still be about an act, and is tied to it when its act is known
 * @param subject the title without the act's number and the genre's wrapper
 */
public record ActSubject(String eventId, String itemId, boolean act, boolean talk, String subject, Measure measure, String actor,
                         List<String> targets, Instant seenAt) {

    /** Talk about an act comes on the day or within days; the same words weeks apart are another story. */
    static final Duration WINDOW = Duration.ofDays(14);
    /** The share of the talk's words (character pairs in Chinese) that the act's subject must hold. */
    static final double CONTAINED = 0.7;
    /** Subjects shorter than this say too little to be tied to an act by their words. */
    static final int MIN_TOKENS = 3;

    /**
     * Titles of talk about an act rather than of an act: a spokesperson's answers, remarks and responses, explanations
     * of a policy, press conferences and releases, in Chinese and English.
     */
    private static final Pattern TALK = Pattern.compile(
            "答记者问|应询|新闻发言人|发言人|政策解读|解读|新闻发布会|记者会|发布会|回应|答问|"
                    + "(?i:spokes(?:person|man|woman)|answers? (?:to )?(?:journalists|reporters|questions)|"
                    + "press (?:release|conference|briefing)|remarks|responds? to|explain(?:s|ed|ing)?|interpretation|q\\s*&\\s*a)");
    /** The genre's wrapper around a subject: "商务部新闻发言人就…答记者问", "MOFCOM Spokesperson's Remarks on…". */
    private static final Pattern LEADING = Pattern.compile(
            "^(?:[\\s、，,:：]|中华人民共和国|商务部|海关总署|国务院关税税则委员会|不可靠实体清单工作机制|新闻发言人|发言人|就|关于|公布|"
                    + "(?i:mofcom|ministry of commerce|spokes(?:person|man|woman)(?:'s)?|remarks?|answers?|comments?|on|regarding|the))+");
    private static final Pattern TRAILING = Pattern.compile(
            "(?:[\\s。.]|应询|答记者问|答问|的公告|的决定|决定|公告|事宜|事|问题|表态|(?i:press release))+$");
    /** The endings of the titles of official notices, numbered or not. */
    private static final Pattern NOTICE = Pattern.compile("(?:的公告|的决定|公告|决定)$");
    private static final Set<String> STOP_WORDS = Set.of("a", "an", "the", "of", "on", "to", "in", "for", "and", "by",
            "with", "from", "its", "about", "no", "year", "announcement", "mofcom", "ministry", "commerce", "china", "chinese");

    /**
     * The subject of an item's title, or null when it says nothing an act could be found by.
     *
     * @param ownActSpans the title with the act identifiers it names already cut out (they are the act's number, not
     *                    its subject)
     * @param ownAct      whether the item names an act of its own
     */
    static ActSubject of(String itemId, String ownActSpans, boolean ownAct, Measure measure, String actor, List<String> targets,
                         Instant seenAt) {
        if (ownActSpans == null || seenAt == null) {
            return null;
        }
        boolean talk = isTalk(ownActSpans);
        String subject = subjectOf(ownActSpans);
        if (tokens(subject).size() < MIN_TOKENS) {
            return null;
        }
        // Decisions without a number are acts too: "不可靠实体清单工作机制关于将…列入不可靠实体清单的公告".
        boolean act = !talk && (ownAct || NOTICE.matcher(ownActSpans.strip()).find());
        return new ActSubject(null, itemId, act, talk, subject, measure, actor, targets == null ? List.of() : targets, seenAt);
    }

    /** Whether a title is talk about an act (an answer, an explanation, a release) rather than an act. */
    public static boolean isTalk(String title) {
        return title != null && TALK.matcher(title).find();
    }

    static String subjectOf(String title) {
        String subject = title.strip();
        for (int i = 0; i < 3; i++) {
            subject = TRAILING.matcher(LEADING.matcher(subject).replaceFirst("")).replaceFirst("");
        }
        return subject;
    }

    ActSubject inEvent(String event) {
        return new ActSubject(event, itemId, act, talk, subject, measure, actor, targets, seenAt);
    }

    /** "seven EU entities" and "7家欧盟实体" name the same number. */
    private static final List<String> NUMBER_WORDS = List.of("zero", "one", "two", "three", "four", "five", "six", "seven",
            "eight", "nine", "ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen",
            "nineteen", "twenty");

    /**
     * Whether this talk is about {@code act}: within {@link #WINDOW} of it, not read as another measure, actor or target,
     * its numbers among the act's ("7家" is not "3家"), and {@link #CONTAINED} of its words in the act's subject.
     */
    boolean isAbout(ActSubject act) {
        if (Duration.between(act.seenAt, seenAt).abs().compareTo(WINDOW) > 0) {
            return false;
        }
        if (measure != Measure.NONE && act.measure != Measure.NONE && measure != act.measure) {
            return false;
        }
        if (actor != null && act.actor != null && !actor.equals(act.actor)) {
            return false;
        }
        if (!targets.isEmpty() && !act.targets.isEmpty() && targets.stream().noneMatch(act.targets::contains)) {
            return false;
        }
        Set<String> ours = tokens(subject);
        Set<String> theirs = tokens(act.subject);
        Set<String> numbers = numbers(ours);
        if (!numbers.isEmpty() && !numbers(theirs).containsAll(numbers)) {
            return false;
        }
        long shared = ours.stream().filter(theirs::contains).count();
        return ours.size() >= MIN_TOKENS && shared >= CONTAINED * ours.size();
    }

    /**
     * The words of a subject: pairs of consecutive Chinese characters (a word of Chinese has no spaces around it),
     * numbers as {@code #7}, and other words in lower case without the most common ones.
     */
    static Set<String> tokens(String subject) {
        Set<String> tokens = new LinkedHashSet<>();
        int i = 0;
        while (i < subject.length()) {
            int c = subject.codePointAt(i);
            int end = i;
            if (Character.isIdeographic(c)) {
                while (end < subject.length() && Character.isIdeographic(subject.codePointAt(end))) {
                    end += Character.charCount(subject.codePointAt(end));
                }
                String run = subject.substring(i, end);
                if (run.codePointCount(0, run.length()) == 1) {
                    tokens.add(run);
                }
                for (int at = 0; at + 1 < run.length(); at = run.offsetByCodePoints(at, 1)) {
                    int next = run.offsetByCodePoints(at, 1);
                    tokens.add(run.substring(at, next < run.length() ? run.offsetByCodePoints(next, 1) : next));
                }
            } else if (Character.isDigit(c)) {
                while (end < subject.length() && Character.isDigit(subject.charAt(end))) {
                    end++;
                }
                tokens.add("#" + Integer.parseInt(subject.substring(i, Math.min(end, i + 9))));
            } else if (Character.isLetter(c)) {
                while (end < subject.length() && Character.isLetter(subject.codePointAt(end)) && !Character.isIdeographic(subject.codePointAt(end))) {
                    end += Character.charCount(subject.codePointAt(end));
                }
                String word = subject.substring(i, end).toLowerCase(Locale.ROOT);
                int number = NUMBER_WORDS.indexOf(word);
                if (number > 0) {
                    tokens.add("#" + number);
                } else if (word.length() > 1 && !STOP_WORDS.contains(word)) {
                    tokens.add(word.endsWith("s") && word.length() > 3 ? word.substring(0, word.length() - 1) : word);
                }
            } else {
                end = i + Character.charCount(c);
            }
            i = Math.max(end, i + 1);
        }
        return tokens;
    }

    private static Set<String> numbers(Set<String> tokens) {
        Set<String> numbers = new LinkedHashSet<>();
        tokens.stream().filter(t -> t.startsWith("#")).forEach(numbers::add);
        return numbers;
    }
}
