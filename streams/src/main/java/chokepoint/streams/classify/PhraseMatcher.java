package chokepoint.streams.classify;

import com.hankcs.algorithm.AhoCorasickDoubleArrayTrie;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Finds every phrase of a rule set in one pass over a text (Aho-Corasick), so the cost per item hardly grows
 * with the number of phrases. Latin-script phrases match only at word boundaries; phrases in scripts written
 * without spaces (Chinese, Japanese) match anywhere. Where phrases of one kind overlap, the longest wins
 * ("export controls" over "export control").
 */
public final class PhraseMatcher {

    private final AhoCorasickDoubleArrayTrie<List<PhraseRule>> trie = new AhoCorasickDoubleArrayTrie<>();

    public PhraseMatcher(RuleSet ruleSet) {
        Map<String, List<PhraseRule>> byKeyword = new TreeMap<>();
        for (PhraseRule rule : ruleSet.rules()) {
            byKeyword.computeIfAbsent(fold(rule.phrase()), k -> new ArrayList<>()).add(rule);
        }
        trie.build(byKeyword);
    }

    public List<PhraseMatch> find(String field, String text) {
        if (text == null || text.isEmpty()) {
            return List.of();
        }
        List<PhraseMatch> matches = new ArrayList<>();
        trie.parseText(fold(text), (start, end, rules) -> {
            if (atBoundaries(text, start, end)) {
                for (PhraseRule rule : rules) {
                    matches.add(new PhraseMatch(rule, field, start, text.substring(start, end)));
                }
            }
        });
        return longestPerKind(matches);
    }

    /** Lower case, one char for one char (String.toLowerCase may change the length: "İ" becomes two chars). */
    private static String fold(String text) {
        char[] chars = text.toCharArray();
        for (int i = 0; i < chars.length; i++) {
            chars[i] = Character.toLowerCase(chars[i]);
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

    private static boolean atBoundaries(String text, int start, int end) {
        boolean startOk = !isWordChar(text.charAt(start)) || start == 0 || !isWordChar(text.charAt(start - 1));
        boolean endOk = !isWordChar(text.charAt(end - 1)) || end == text.length() || !isWordChar(text.charAt(end));
        return startOk && endOk;
    }

    /** Letters and digits of scripts that separate words with spaces. */
    private static boolean isWordChar(char c) {
        return Character.isLetterOrDigit(c) && !Character.isIdeographic(c)
                && Character.UnicodeScript.of(c) != Character.UnicodeScript.HIRAGANA
                && Character.UnicodeScript.of(c) != Character.UnicodeScript.KATAKANA;
    }
}
