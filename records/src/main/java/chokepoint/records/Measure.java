package chokepoint.records;

/** What kind of measure an item is about; the vocabulary of {@code classification.md}. */
public enum Measure {
    EXPORT_CONTROL,
    IMPORT_RESTRICTION,
    TARIFF,
    TRADE_DEFENSE,
    SANCTION_LISTING,
    INVESTMENT_RESTRICTION,
    SERVICES_FINANCE_RESTRICTION,
    INFORMAL_PRESSURE,
    NONE
}
