package chokepoint.records;

/**
 * An earlier official act an item acts on: MOFCOM announcement No. 70 of 2025 {@code suspends}
 * {@code cn:mofcom:2025-61}; an EU implementing regulation {@code implements} {@code celex:32014R0269}.
 *
 * @param act      the act's identifier, as fusion writes it ({@code cn:mofcom:2025-61}, {@code celex:…}, {@code fr:…},
 *                 {@code eo:14024})
 * @param relation {@code suspends}, {@code extends}, {@code amends}, {@code implements}, {@code repeals} or
 *                 {@code resumes}
 */
public record ActReference(String act, String relation) {

    public static final String SUSPENDS = "suspends";
    public static final String EXTENDS = "extends";
    public static final String AMENDS = "amends";
    public static final String IMPLEMENTS = "implements";
    public static final String REPEALS = "repeals";
    public static final String RESUMES = "resumes";

    /** The stage a follow-up of this relation gives the measure it acts on (classification.md, "Follow-ups"). */
    public Stage stage() {
        return switch (relation) {
            case SUSPENDS, REPEALS -> Stage.EASED;
            case AMENDS -> Stage.PROCEDURAL;
            default -> Stage.IMPOSED;
        };
    }
}
