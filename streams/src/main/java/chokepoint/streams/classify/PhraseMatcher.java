package chokepoint.streams.classify;

import com.hankcs.algorithm.AhoCorasickDoubleArrayTrie;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Finds every phrase of a rule set in one pass over a text (Aho-Corasick), so the cost per item hardly grows
 * with the number of phrases. Latin-script phrases match only at word boundaries (a phrase marked as a compound's
 * head, "-zölle", only at the end of a longer word: Strafzölle, not Zölle alone); phrases in scripts written without spaces between
 * words (Chinese, Japanese) match anywhere, and so do Korean ones: Korean spaces whole phrases (eojeol) and glues its
 * particles and endings to the word (관세를, 제재했다, 수출통제가), so a Hangul word is found inside its eojeol. Where phrases of one kind overlap, the longest wins
 * ("export controls" over "export control"). A phrase written {@code left ... right} matches when its right part
 * follows its left part within {@link #GAP_CHARS} characters ("curbs on ... exports" finds "curbs on chip
 * exports" and "curbs on rare-earth magnet exports").
 */
public final class PhraseMatcher {

    /** The most characters between the two parts of a proximity phrase: a few words. */
    static final int GAP_CHARS = 40;
    static final String GAP = " ... ";

    /** A keyword is a whole phrase (part -1) or the left (0) or right (1) part of a proximity phrase. */
    private record Keyword(PhraseRule rule, int part) {
    }

    /** Where a left part of a proximity phrase was found, waiting for its right part. */
    private record Left(PhraseRule rule, int start, int end) {
    }

    private final AhoCorasickDoubleArrayTrie<List<Keyword>> trie = new AhoCorasickDoubleArrayTrie<>();
    private final boolean hasProximity;

    public PhraseMatcher(RuleSet ruleSet) {
        Map<String, List<Keyword>> byKeyword = new TreeMap<>();
        boolean proximity = false;
        for (PhraseRule rule : ruleSet.rules()) {
            String words = rule.words();
            int gap = words.indexOf(GAP);
            if (gap < 0) {
                byKeyword.computeIfAbsent(fold(words), k -> new ArrayList<>()).add(new Keyword(rule, -1));
            } else {
                proximity = true;
                byKeyword.computeIfAbsent(fold(words.substring(0, gap).strip()), k -> new ArrayList<>()).add(new Keyword(rule, 0));
                byKeyword.computeIfAbsent(fold(words.substring(gap + GAP.length()).strip()), k -> new ArrayList<>()).add(new Keyword(rule, 1));
            }
        }
        trie.build(byKeyword);
        this.hasProximity = proximity;
    }

    public List<PhraseMatch> find(String field, String text) {
        if (text == null || text.isEmpty()) {
            return List.of();
        }
        List<PhraseMatch> matches = new ArrayList<>();
        List<Left> lefts = hasProximity ? new ArrayList<>() : null;
        trie.parseText(fold(text), (start, end, keywords) -> {
            if (!endsAtBoundary(text, end)) {
                return;
            }
            boolean wholeWord = startsAtBoundary(text, start);
            for (Keyword keyword : keywords) {
                // A compound's head only inside a longer word (Strafzölle), every other phrase only as whole words.
                if (wholeWord == (keyword.part() < 0 && keyword.rule().compoundHead())) {
                    continue;
                }
                if (keyword.rule().opening() && !(start == 0 && field.equals("title") && TitleCase.of(text))) {
                    continue;
                }
                if (keyword.rule().exactCase() && keyword.part() < 0 && !text.startsWith(keyword.rule().words(), start)) {
                    continue;
                }
                if (keyword.part() < 0) {
                    matches.add(new PhraseMatch(keyword.rule(), field, start, text.substring(start, end)));
                } else if (keyword.part() == 0) {
                    lefts.add(new Left(keyword.rule(), start, end));
                } else {
                    // Matches arrive in order of their end, so every left part that ends before this right part
                    // begins has been seen.
                    for (Left left : lefts) {
                        if (left.rule() == keyword.rule() && left.end() < start && start - left.end() <= GAP_CHARS
                                && oneClause(text, left.end(), start)) {
                            matches.add(new PhraseMatch(keyword.rule(), field, left.start(), text.substring(left.start(), end)));
                        }
                    }
                }
            }
        });
        return longestPerKind(matches);
    }

    /** No sentence or clause ends between the parts ("U.S." may stand there; "tariffs. Exports" may not). */
    private static boolean oneClause(String text, int from, int to) {
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (c == ';' || c == '\n' || c == '。' || c == '；'
                    || c == '.' && i > 0 && Character.isLowerCase(text.charAt(i - 1)) && i + 1 < to && text.charAt(i + 1) == ' ') {
                return false;
            }
        }
        return true;
    }

    /**
     * Lower case, one char for one char (String.toLowerCase may change the length: "İ" becomes two chars); the
     * typographic apostrophe as the plain one, so "droits d'importation" finds "droits d’importation".
     */
    private static String fold(String text) {
        char[] chars = text.toCharArray();
        for (int i = 0; i < chars.length; i++) {
            chars[i] = chars[i] == '\u2019' ? '\'' : Character.toLowerCase(chars[i]);
        }
        return new String(chars);
    }

    private static List<PhraseMatch> longestPerKind(List<PhraseMatch> matches) {
        List<PhraseMatch> kept = new ArrayList<>();
        for (PhraseMatch match : matches) {
            boolean covered = false;
            for (PhraseMatch other : matches) {
                if (other != match && other.rule().kind() == match.rule().kind()
                        && other.start() <= match.start() && other.end() >= match.end()
                        && other.matched().length() > match.matched().length()) {
                    covered = true;
                    break;
                }
            }
            if (!covered) {
                kept.add(match);
            }
        }
        return kept;
    }

    private static boolean startsAtBoundary(String text, int start) {
        return !isWordChar(text.charAt(start)) || start == 0 || !isWordChar(text.charAt(start - 1));
    }

    private static boolean endsAtBoundary(String text, int end) {
        return !isWordChar(text.charAt(end - 1)) || end == text.length() || !isWordChar(text.charAt(end));
    }

    /** Letters and digits of scripts whose words a matcher can cut at spaces: not Han, kana or Hangul. */
    private static boolean isWordChar(char c) {
        if (!Character.isLetterOrDigit(c) || Character.isIdeographic(c)) {
            return false;
        }
        Character.UnicodeScript script = Character.UnicodeScript.of(c);
        return script != Character.UnicodeScript.HIRAGANA && script != Character.UnicodeScript.KATAKANA
                && script != Character.UnicodeScript.HANGUL;
    }
}
