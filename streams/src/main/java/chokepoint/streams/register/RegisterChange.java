package chokepoint.streams.register;

import chokepoint.records.Indicator;
import chokepoint.records.RegisteredMeasure;

/**
 * What the register publishes at once: the measure as it now stands, and, when a date brought the change, the
 * indicator that lets threshold rules and readers see it happen (null otherwise).
 */
public record RegisterChange(RegisteredMeasure measure, Indicator lifecycle) {
}
