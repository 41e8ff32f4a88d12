package chokepoint.streams.classify;

/**
 * Whether a title is written in Title Case, as official document titles are ("Imposing Sanctions on the
 * International Criminal Court"), rather than in sentence case (most news) or in capitals (wire headlines).
 */
final class TitleCase {

    /** Words this short are mostly the articles and prepositions that Title Case leaves in lower case. */
    private static final int SHORT_WORD = 3;

    private TitleCase() {
    }

    static boolean of(String title) {
        int words = 0;
        int capitalised = 0;
        int capitals = 0;
        for (String word : title.split("[^\\p{L}]+")) {
            if (word.length() <= SHORT_WORD) {
                continue;
            }
            words++;
            if (Character.isUpperCase(word.charAt(0))) {
                capitalised++;
                if (word.chars().allMatch(Character::isUpperCase)) {
                    capitals++;
                }
            }
        }
        return words >= 2 && capitalised * 5 >= words * 4 && capitals * 2 < words;
    }
}
