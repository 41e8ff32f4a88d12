package chokepoint.streams.classify;

import chokepoint.records.ActDate;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.Month;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The dates an act's text gives itself, in Chinese and English: when it takes effect and until when it (or the
 * suspension, or the extension it makes) runs. Only dates in a clause that says so count: "于2025年10月9日发布" or
 * "On March 4, 2025, the Department…" are when something was said, not when it applies.
 */
final class ActDates {

    private static final String ZH_DAY = "(\\d{4})\\s*年\\s*(\\d{1,2})\\s*月\\s*(\\d{1,2})\\s*日";
    private static final String EN_MONTHS = "(January|February|March|April|May|June|July|August|September|October|November|December)";
    /** "March 4, 2025", "4 March 2025", "2025-03-04". */
    private static final String EN_DAY = "(?:" + EN_MONTHS + "\\s+(\\d{1,2}),?\\s+(\\d{4})|(\\d{1,2})\\s+" + EN_MONTHS
            + "\\s+(\\d{4})|(\\d{4})-(\\d{2})-(\\d{2}))";

    private static final Pattern ZH_EFFECTIVE = Pattern.compile("(?:自|从|于)\\s*" + ZH_DAY + "\\s*(?:起|开始)?\\s*(?:正式)?(?:实施|施行|执行|生效)");
    private static final Pattern ZH_EFFECTIVE_ON_PUBLICATION = Pattern.compile("自(?:公布|发布|印发)之日起\\s*(?:正式)?(?:实施|施行|执行|生效)");
    private static final Pattern ZH_UNTIL = Pattern.compile("(?:暂停|延长|延期|有效期|实施|执行)[^。；;]{0,40}?至\\s*" + ZH_DAY);
    private static final Pattern EN_EFFECTIVE = Pattern.compile(
            "(?:is effective|are effective|effective date(?: is|:)?|effective(?: on| as of| from)?|takes? effect(?: on| from)?"
                    + "|enters? into force(?: on)?|entry into force(?: on)?|shall apply(?: from)?|applicable(?: from| as of)?"
                    + "|appl(?:y|ies) (?:from|as of)|comes? into (?:force|effect)(?: on)?)\\s+(?:on\\s+)?" + EN_DAY,
            Pattern.CASE_INSENSITIVE);
    private static final Pattern EN_FOLLOWING_PUBLICATION = Pattern.compile(
            "(?:enter into force|apply|take effect)\\s+on the (day|\\w+(?:-\\w+)? day|\\d+(?:st|nd|rd|th) day) following (?:that of )?(?:its|the date of its) publication",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern EN_UNTIL = Pattern.compile(
            "(?:(?:suspend\\w*|paus\\w*|postpon\\w*|extend\\w*|valid|remain(?:s)? in (?:force|effect)|shall apply|appl(?:y|ies)|in effect)"
                    + "[^.;]{0,80}?\\b(?:until|through|till)|expir(?:es|e|ing)? on)\\s+" + EN_DAY,
            Pattern.CASE_INSENSITIVE);

    private static final List<String> ORDINALS = List.of("day", "second", "third", "fourth", "fifth", "sixth", "seventh",
            "eighth", "ninth", "tenth", "eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth", "sixteenth",
            "seventeenth", "eighteenth", "nineteenth", "twentieth");

    private ActDates() {
    }

    /**
     * @param published the day the act was published in its issuer's zone ("自公布之日起实施", "the day following its
     *                  publication"); null when unknown
     */
    static List<ActDate> find(String title, String text, LocalDate published) {
        String all = (title == null ? "" : title) + "\n" + (text == null ? "" : text);
        List<ActDate> dates = new ArrayList<>();
        if (all.contains("日")) {
            Matcher effective = ZH_EFFECTIVE.matcher(all);
            while (effective.find()) {
                add(dates, ActDate.EFFECTIVE, zh(effective, 1));
            }
            if (published != null && ZH_EFFECTIVE_ON_PUBLICATION.matcher(all).find()) {
                add(dates, ActDate.EFFECTIVE, published);
            }
            Matcher until = ZH_UNTIL.matcher(all);
            while (until.find()) {
                add(dates, ActDate.UNTIL, zh(until, 1));
            }
        }
        Matcher effective = EN_EFFECTIVE.matcher(all);
        while (effective.find()) {
            add(dates, ActDate.EFFECTIVE, en(effective, 1));
        }
        Matcher following = EN_FOLLOWING_PUBLICATION.matcher(all);
        if (published != null && following.find()) {
            add(dates, ActDate.EFFECTIVE, published.plusDays(daysAfter(following.group(1))));
        }
        Matcher until = EN_UNTIL.matcher(all);
        while (until.find()) {
            LocalDate day = en(until, 1);
            // "effective March 4, 2025" read as "… to March 4" by the until pattern is the same date, not an end.
            if (dates.stream().noneMatch(d -> d.kind().equals(ActDate.EFFECTIVE) && d.date().equals(day))) {
                add(dates, ActDate.UNTIL, day);
            }
        }
        return dates;
    }

    private static void add(List<ActDate> dates, String kind, LocalDate day) {
        if (day != null && dates.stream().noneMatch(d -> d.kind().equals(kind) && d.date().equals(day))) {
            dates.add(new ActDate(kind, day));
        }
    }

    private static LocalDate zh(Matcher m, int group) {
        return day(m.group(group), m.group(group + 1), m.group(group + 2));
    }

    /** The date of the {@link #EN_DAY} groups starting at {@code group}, whichever way it was written. */
    private static LocalDate en(Matcher m, int group) {
        if (m.group(group) != null) {
            return day(m.group(group + 2), monthOf(m.group(group)), m.group(group + 1));
        }
        if (m.group(group + 3) != null) {
            return day(m.group(group + 5), monthOf(m.group(group + 4)), m.group(group + 3));
        }
        return day(m.group(group + 6), m.group(group + 7), m.group(group + 8));
    }

    private static String monthOf(String name) {
        return String.valueOf(Month.valueOf(name.toUpperCase(Locale.ROOT)).getValue());
    }

    private static LocalDate day(String year, String month, String day) {
        try {
            return LocalDate.of(Integer.parseInt(year), Integer.parseInt(month), Integer.parseInt(day));
        } catch (DateTimeException | NumberFormatException e) {
            return null;  // "2025年2月30日": a typo is no date
        }
    }

    /** "day" → 1, "twentieth day" → 20, "20th day" → 20. */
    private static int daysAfter(String phrase) {
        String first = phrase.toLowerCase(Locale.ROOT).replace(" day", "");
        if (Character.isDigit(first.charAt(0))) {
            return Integer.parseInt(first.replaceAll("\\D", ""));
        }
        int index = ORDINALS.indexOf(first);
        return index < 0 ? 1 : index + 1;
    }
}
