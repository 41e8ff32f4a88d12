package chokepoint.config;

import java.time.Duration;

/**
 * Limits of replays, which re-read stored items through the classifier and the threshold rules.
 *
 * @param maxRange   the longest time range one replay may cover
 * @param maxRunning replays running at once on one alerts instance (each person runs one at a time)
 */
public record ReplaySettings(Duration maxRange, int maxRunning) {
}
