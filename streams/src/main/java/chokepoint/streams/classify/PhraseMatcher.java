package chokepoint.streams.classify;

import org.ahocorasick.trie.Emit;
import org.ahocorasick.trie.Trie;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Finds every phrase of a rule set in one pass over a text (Aho-Corasick), so the cost per item hardly grows
 * with the number of phrases. Latin-script phrases match only at word boundaries; phrases in scripts written
 * without spaces (Chinese, Japanese) match anywhere. Where phrases of one kind overlap, the longest wins
 * ("export controls" over "export control").
 */
public final class PhraseMatcher {

    private final Trie trie;
    private final Map<String, List<PhraseRule>> byKeyword = new HashMap<>();

    public PhraseMatcher(RuleSet ruleSet) {
        Trie.TrieBuilder builder = Trie.builder().ignoreCase();
        for (PhraseRule rule : ruleSet.rules()) {
            String keyword = rule.phrase().toLowerCase(Locale.ROOT);
            byKeyword.computeIfAbsent(keyword, k -> new ArrayList<>()).add(rule);
            builder.addKeyword(keyword);
        }
        this.trie = builder.build();
    }

    public List<PhraseMatch> find(String field, String text) {
        if (text == null || text.isEmpty()) {
            return List.of();
        }
        Collection<Emit> emits = trie.parseText(text);
        List<PhraseMatch> matches = new ArrayList<>();
        for (Emit emit : emits) {
            int start = emit.getStart();
            int end = emit.getEnd() + 1;
            if (!atBoundaries(text, start, end)) {
                continue;
            }
            for (PhraseRule rule : byKeyword.getOrDefault(emit.getKeyword(), List.of())) {
                matches.add(new PhraseMatch(rule, field, start, text.substring(start, end)));
            }
        }
        return longestPerKind(matches);
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
