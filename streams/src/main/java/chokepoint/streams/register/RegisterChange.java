package chokepoint.streams.register;

import chokepoint.records.Indicator;
import chokepoint.records.RegisteredMeasure;

/**
 * What the register publishes at once: the measure as it now stands, and, when a date brought the change, the
 * indicator that lets threshold rules and readers see it happen (null otherwise). A null measure deletes the act from
 * the register (a tombstone): it ended long ago.
 */
public record RegisterChange(RegisteredMeasure measure, Indicator lifecycle) {
}
