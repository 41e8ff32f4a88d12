package chokepoint.streams.classify;

import java.util.List;

/**
 * How the rules reached their measure and stage, which says how far to trust them; and who acts and on whom by the
 * rules' reading of the text even when they found no measure, for the learned layer to use when it finds one.
 *
 * @param measureCue where the measure came from: {@code title} (a measure word in the title), {@code text} (only in
 *                   the lead), {@code act} (a well-known act referred to), {@code clause} (a measure word the clause
 *                   layer discounted: negated, opposed, a third party speaking, another sense), {@code silent} (no
 *                   measure word enough)
 * @param stageCue   where the stage came from: {@code title} (a decisive stage word in the title), {@code reference}
 *                   (what a follow-up does to its act), {@code change} (a change without direction), {@code text}
 *                   (stage words near the measure in the body), {@code default} (no stage word: IMPOSED), {@code none}
 *                   (no measure)
 * @param actor      the actor the rules read, whether or not they found a measure
 * @param targets    the targets the rules read, likewise
 * @param actorCue   where the actor came from: {@code heading} ("Malaysia: ..."), {@code agency-title} (a body named in
 *                   the title), {@code body} (an international body: no actor), {@code subject-title} (a jurisdiction as
 *                   the title's subject), {@code speaker}, {@code agency-text}, {@code subject-text}, {@code hint} (a
 *                   formula of one jurisdiction's law), {@code publisher} (the publishing source's), {@code act} (the
 *                   issuer of a known act), {@code none}
 * @param cues       where the rules found measure and stage words in the title and the lead, whether or not they
 *                   decided with them: the learned layer reads which stages they name, and its stage head the words
 *                   around the measure words
 */
public record RuleSignals(String measureCue, String stageCue, String actor, List<String> targets, String actorCue,
                          String script, List<Cue> cues) {

    /**
     * A measure or stage word, or a jurisdiction's name, the rules found: its field ({@code title} or {@code text}; the
     * title is the text's first sentence when an item has none, {@link Headline}), its span there, its kind and the
     * measure, stage or jurisdiction it names; for a jurisdiction, its {@code role} (target, place or named).
     */
    public record Cue(String field, int start, int end, RuleKind kind, String value, String role) {
        public Cue(String field, int start, int end, RuleKind kind, String value) {
            this(field, start, end, kind, value, null);
        }

        /** A jurisdiction's name: its code is the value, {@link #role} says how the words around it read it. */
        public boolean isJurisdiction() {
            return kind == RuleKind.COUNTRY;
        }

        public boolean isMeasure() {
            return kind == RuleKind.MEASURE;
        }
    }

    /** The two kinds of writing the rules read differently: ideographs and syllabaries, or alphabets. */
    public static final List<String> SCRIPTS = List.of("cjk", "latin");

    public RuleSignals(String measureCue, String stageCue, String actor, List<String> targets, String actorCue) {
        this(measureCue, stageCue, actor, targets, actorCue, "latin", List.of());
    }

    /**
     * {@code cjk} when the title holds Chinese, Japanese or Korean characters, else {@code latin}: the rules' words in
     * those scripts (已废止, 取消, 暂停) are of another reliability than their English ones, so where the model decides
     * is measured for each.
     */
    public static String scriptOf(String title) {
        if (title != null) {
            for (int i = 0; i < title.length(); i++) {
                Character.UnicodeScript script = Character.UnicodeScript.of(title.charAt(i));
                if (script == Character.UnicodeScript.HAN || script == Character.UnicodeScript.HIRAGANA
                        || script == Character.UnicodeScript.KATAKANA || script == Character.UnicodeScript.HANGUL) {
                    return "cjk";
                }
            }
        }
        return "latin";
    }

    /** A cue as the policy keys it: the cue and the script ({@code title@cjk}). */
    public static String key(String cue, String script) {
        return cue + "@" + script;
    }

    public RuleSignals withScript(String titleScript) {
        return new RuleSignals(measureCue, stageCue, actor, targets, actorCue, titleScript, cues);
    }

    public static final List<String> MEASURE_CUES = List.of("title", "text", "act", "clause", "silent");
    /** The stage cue of a title word that eases (the policy weighs it apart from the title words that impose). */
    public static final String EASING_TITLE = "title-eased";
    public static final List<String> STAGE_CUES = List.of("title", EASING_TITLE, "reference", "change", "text", "default", "none");
    public static final List<String> ACTOR_CUES = List.of("heading", "agency-title", "body", "subject-title", "speaker",
            "agency-text", "subject-text", "hint", "publisher", "act", "none");

    public RuleSignals {
        targets = targets == null ? List.of() : List.copyOf(targets);
        cues = cues == null ? List.of() : List.copyOf(cues);
    }

    public RuleSignals withCues(List<Cue> found) {
        return new RuleSignals(measureCue, stageCue, actor, targets, actorCue, script, found);
    }

    public RuleSignals withStageCue(String cue) {
        return new RuleSignals(measureCue, cue, actor, targets, actorCue, script, cues);
    }

    public RuleSignals withMeasureCue(String cue) {
        return new RuleSignals(cue, stageCue, actor, targets, actorCue, script, cues);
    }
}
