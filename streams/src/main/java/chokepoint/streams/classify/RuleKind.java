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
    SECTOR
}
