package chokepoint.streams.corpus;

import java.util.Locale;

/** The three parts of the corpus: fit on train, choose on dev, report on test and never look at it otherwise. */
public enum Split {
    TRAIN, DEV, TEST;

    public static Split parse(String name) {
        try {
            return valueOf(name.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("a split is train, dev or test, not '" + name + "'");
        }
    }

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
