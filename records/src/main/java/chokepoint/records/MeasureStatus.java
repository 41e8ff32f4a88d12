package chokepoint.records;

/** Where a registered measure stands today. */
public enum MeasureStatus {
    /** Threatened or under investigation: announced, not adopted. */
    ANNOUNCED,
    /** Adopted, taking effect on a later day. */
    ADOPTED,
    IN_FORCE,
    /** Suspended, until a day or until further notice. */
    SUSPENDED,
    LIFTED,
    EXPIRED,
    /** Only its follow-ups were seen (an amendment, an implementing act): what it does now is not known. */
    UNKNOWN
}
