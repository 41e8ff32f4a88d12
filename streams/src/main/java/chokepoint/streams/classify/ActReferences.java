package chokepoint.streams.classify;

import chokepoint.records.ActReference;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which earlier acts an item acts on, and how: "商务部公告2025年第70号 关于暂停实施商务部公告2025年第61号…" suspends
 * No. 61; "Council Implementing Regulation (EU) 2026/420 implementing Regulation (EU) No 269/2014" implements it. An act
 * named right after a verb of that kind, in the same clause, is acted on; the act an item opens its title with is its
 * own; any other act it names is only cited (and a copy of that act's story, for fusion).
 */
final class ActReferences {

    /** Verbs of a follow-up, and the relation they give, nearest to the act first. */
    private static final Map<String, Pattern> RELATIONS = new LinkedHashMap<>();

    static {
        RELATIONS.put(ActReference.RESUMES, Pattern.compile("(恢复实施|恢复执行|resum(?:es|ing|ption of)|reinstat(?:es|ing))\\s*(?:the\\s+)?$"));
        RELATIONS.put(ActReference.SUSPENDS, Pattern.compile("(暂停实施|暂停执行|暂停|suspend(?:s|ing|ed)?|suspension of|postpon(?:es|ing)|pausing)\\s*(?:the\\s+)?(?:application of\\s+)?$"));
        RELATIONS.put(ActReference.EXTENDS, Pattern.compile("(延长|延期实施|extend(?:s|ing|ed)?|extension of|prolong(?:s|ing)?|renew(?:s|ing)?)\\s*(?:the\\s+)?(?:validity of\\s+)?$"));
        RELATIONS.put(ActReference.REPEALS, Pattern.compile("(废止|取消|撤销|repeal(?:s|ing)?|revok(?:es|ing)|rescind(?:s|ing)?|terminat(?:es|ing))\\s*(?:the\\s+)?$"));
        RELATIONS.put(ActReference.AMENDS, Pattern.compile("(修改|修订|调整|amend(?:s|ing)?|amendment (?:to|of)|correct(?:s|ing)?|correction (?:to|of)|modif(?:ies|ying))\\s*(?:the\\s+)?$"));
        RELATIONS.put(ActReference.IMPLEMENTS, Pattern.compile("(implement(?:s|ing)?|落实|执行|pursuant to)\\s*(?:the\\s+)?$"));
    }

    /** The kind of an EU act written before its number, capitalised as a title writes it. */
    private static final Pattern ACT_KIND = Pattern.compile("(?:Implementing|Delegated)\\s+$");
    /** What an EU act's title opens with before its own number. */
    private static final Pattern ISSUER_ONLY = Pattern.compile("\\s*(?:(?:Commission|Council|European Parliament and (?:of the )?Council|Regulation of the European Parliament and of the Council)\\s*)?");

    /** The most characters between a follow-up verb and the act it governs ("暂停实施商务部公告…", "suspending the … of"). */
    private static final int REACH = 30;

    private ActReferences() {
    }

    /** The earlier acts the title (else the text) acts on. */
    static List<ActReference> of(String title, String text) {
        List<ActReference> references = new ArrayList<>();
        read(title == null ? "" : title, true, references);
        if (references.isEmpty()) {
            read(text == null ? "" : text, false, references);
        }
        return references;
    }

    /** "商务部公告2025年第55号、第56号、第57号": the numbers after the first share its issuer and year. */
    private static final Pattern MORE_NUMBERS = Pattern.compile("^(?:\\s*[、,，和及]\\s*第\\s*(\\d{1,3})\\s*号)");

    private static void read(String field, boolean title, List<ActReference> references) {
        List<StoryIdentifiers.Located> acts = new ArrayList<>();
        for (StoryIdentifiers.Located act : StoryIdentifiers.locate(field)) {
            acts.add(act);
            int end = act.end();
            Matcher more = MORE_NUMBERS.matcher(field.substring(end));
            while (act.id().startsWith("cn:") && more.find()) {
                String id = act.id().substring(0, act.id().lastIndexOf('-') + 1) + Integer.parseInt(more.group(1));
                acts.add(new StoryIdentifiers.Located(id, act.start(), end + more.end()));
                end += more.end();
                more = MORE_NUMBERS.matcher(field.substring(end));
            }
        }
        for (int i = 0; i < acts.size(); i++) {
            StoryIdentifiers.Located act = acts.get(i);
            String before = field.substring(Math.max(0, act.start() - REACH), act.start());
            // "Commission Implementing Regulation (EU) 2025/1234": the kind of act, not a verb acting on it.
            before = ACT_KIND.matcher(before).replaceFirst("");
            if (title && i == 0 && (act.start() <= 10 || ISSUER_ONLY.matcher(before).matches())) {
                continue;  // the title opens with the item's own number
            }
            int clause = Math.max(Math.max(before.lastIndexOf('。'), before.lastIndexOf(';')), before.lastIndexOf(". "));
            before = before.substring(clause + 1).toLowerCase(Locale.ROOT);
            for (Map.Entry<String, Pattern> relation : RELATIONS.entrySet()) {
                Matcher verb = relation.getValue().matcher(before);
                if (verb.find()) {
                    ActReference reference = new ActReference(act.id(), relation.getKey());
                    if (references.stream().noneMatch(r -> r.act().equals(act.id()))) {
                        references.add(reference);
                    }
                    break;
                }
            }
        }
    }
}
