package chokepoint.records;

/** Where a measure stands; null on an indicator whose measure is {@link Measure#NONE}. */
public enum Stage {
    THREATENED,
    INVESTIGATING,
    IMPOSED,
    EASED,
    PROCEDURAL;

    /** Stages that put pressure on someone; EASED and PROCEDURAL do not. */
    public boolean isPressure() {
        return this == THREATENED || this == INVESTIGATING || this == IMPOSED;
    }
}
