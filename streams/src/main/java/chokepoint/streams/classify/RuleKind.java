package chokepoint.streams.classify;

/** The sections of a rule file, each a lexicon of phrases that point at one value. */
public enum RuleKind {
    /** Phrases that name a kind of measure; the value is a {@link chokepoint.records.Measure}. */
    MEASURE,
    /** Phrases that place a measure at a stage; the value is a {@link chokepoint.records.Stage}. */
    STAGE,
    /** Names and adjectives of a jurisdiction; the value is its ISO code or EU. */
    COUNTRY,
    /** Government bodies of a jurisdiction: stronger evidence of who acts than a country name. */
    AGENCY,
    /** Sectors and commodities; the value is a sector slug. */
    SECTOR,
    /**
     * Words only one jurisdiction's own documents use (its statutes and legal formulas: "national emergency",
     * "Section 337"); the actor of last resort when no agency or country names one. The value is its ISO code.
     */
    HINT,
    /**
     * Phrases in which a measure or stage word means something else ("alternative sanctions" for laboratories,
     * "most-favored-nation pricing" of drugs); words of that kind inside them do not count. The value is the kind
     * they silence, {@code measure} or {@code stage}; or {@code item}: in a title that names no measure itself, such a
     * phrase ("investment promotion regime", "export subsidy") says the item is not about a measure at all.
     */
    OTHER_SENSE,
    /**
     * Words that announce a change without saying which way it goes ("Amendment of FDI screening regime", "Changes
     * to ...", 改正, 调整): in a title, the item is PROCEDURAL unless the text gives the direction ("87 more entries",
     * "adds", "eases"). The value is {@code open}.
     */
    CHANGE,
    /**
     * International bodies that act under their own names (the UN Security Council, the Wassenaar Arrangement, the
     * Nuclear Suppliers Group): the subject of a title, they leave the actor null rather than let a named country or
     * the publisher's jurisdiction stand in. The value is {@code international}.
     */
    BODY;

    /** The section name in a rule file: {@code other-sense} for {@link #OTHER_SENSE}. */
    public String sectionName() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }

    static RuleKind ofSection(String section) {
        return valueOf(section.toUpperCase(java.util.Locale.ROOT).replace('-', '_'));
    }
}
