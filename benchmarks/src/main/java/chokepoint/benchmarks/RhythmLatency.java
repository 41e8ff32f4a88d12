package chokepoint.benchmarks;

import chokepoint.config.SourceConfig;
import chokepoint.ingest.PublishingRhythm;
import chokepoint.records.Json;
import chokepoint.records.SourceState;
import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * How long after its publication a document is first seen by a poll, on a simulated clock: fixed intervals against
 * polling on the publisher's rhythm ({@link PublishingRhythm}, the worker's own schedule), over real publication
 * days, for 16 phases of the first poll. What an alert then takes is the pipeline's (benchmarks/run-latency).
 *
 * <ul>
 *   <li>Federal Register: the trade documents of shared/corpora (BIS, OFAC, USTR and others) of one month, each at
 *   6:00 Eastern on its publication day (when the day's issue appears; as the adapter dates them); the rhythm learns
 *   its windows from the documents of the months before.</li>
 *   <li>MOFCOM: the 163 export-control documents' real days; their hour is not known (the site lists days), so each
 *   is put at a random minute of 08:30-18:00 Beijing (working hours, seeded), and again at a random minute of the whole
 *   day (no rhythm at all), with the windows given by hand as MOFCOM's working hours.</li>
 * </ul>
 * Run: {@code benchmarks/run-rhythm [shared corpora folder]}.
 */
public final class RhythmLatency {

    private static final int PHASES = 16;
    private static final ZoneId EASTERN = ZoneId.of("America/New_York");
    private static final ZoneId BEIJING = ZoneId.of("Asia/Shanghai");

    record Result(String schedule, int polls, Duration median, Duration p95) {
    }

    public static void main(String[] args) throws IOException {
        Path corpora = Path.of(args.length > 0 ? args[0] : "../shared/corpora");
        System.out.println("| publications | schedule | polls (per phase) | median to first poll | 95th percentile |");
        System.out.println("|---|---|---|---|---|");

        List<LocalDate> frDays = new ArrayList<>();
        for (String line : Files.readAllLines(corpora.resolve("notices/federal_register/fr_documents_trade_keyword.jsonl"))) {
            JsonNode doc = Json.MAPPER.readTree(line);
            String date = doc.path("publication_date").asText("");
            if (date.length() == 10) {
                frDays.add(LocalDate.parse(date));
            }
        }
        YearMonth month = YearMonth.of(2025, 8);
        List<Instant> frMonth = frDays.stream().filter(d -> YearMonth.from(d).equals(month))
                .map(d -> d.atTime(6, 0).atZone(EASTERN).toInstant()).sorted().toList();
        List<Instant> frBefore = frDays.stream().filter(d -> YearMonth.from(d).isBefore(month))
                .map(d -> d.atTime(6, 0).atZone(EASTERN).toInstant()).toList();
        SourceConfig fr = source("US", Duration.ofMinutes(15), List.of());
        SourceState learnt = SourceState.initial("fr").withPublished(frBefore, EASTERN);
        String label = "Federal Register trade documents, " + month + " (" + frMonth.size() + ")";
        Instant start = month.atDay(1).atStartOfDay(EASTERN).toInstant();
        Instant end = month.plusMonths(1).atDay(1).atStartOfDay(EASTERN).toInstant();
        print(label, fixed(frMonth, Duration.ofMinutes(15), start, end));
        print(label, rhythm(frMonth, fr, learnt, start, end, "rhythm learnt from " + frBefore.size()
                + " earlier documents (" + PublishingRhythm.of(fr, learnt).describe() + ")"));

        List<LocalDate> mofcomDays = new ArrayList<>();
        for (String line : Files.readAllLines(corpora.resolve("sources/mofcom-exportcontrol-titles.jsonl"))) {
            String date = Json.MAPPER.readTree(line).path("date").asText("");
            if (date.length() == 10) {
                mofcomDays.add(LocalDate.parse(date));
            }
        }
        Collections.sort(mofcomDays);
        SourceConfig mofcom = source("CN", Duration.ofMinutes(30), List.of("Mon-Fri 08:30-18:00"));
        for (boolean workingHours : new boolean[]{true, false}) {
            Random random = new Random(7);
            List<Instant> published = mofcomDays.stream().map(day -> {
                int from = workingHours ? 8 * 60 + 30 : 0;
                int to = workingHours ? 18 * 60 : 24 * 60;
                return day.atTime(LocalTime.MIN.plusMinutes(from + random.nextInt(to - from))).atZone(BEIJING).toInstant();
            }).sorted().toList();
            Instant first = published.get(0).minus(Duration.ofDays(1));
            Instant last = published.get(published.size() - 1).plus(Duration.ofDays(1));
            String what = "MOFCOM export control, " + published.size() + " real days "
                    + (workingHours ? "(hour: random in working hours)" : "(hour: random in the day)");
            print(what, fixed(published, Duration.ofMinutes(30), first, last));
            print(what, rhythm(published, mofcom, SourceState.initial("mofcom"), first, last,
                    "rhythm, windows given (" + PublishingRhythm.of(mofcom, SourceState.initial("mofcom")).describe() + ")"));
        }
    }

    private static SourceConfig source(String jurisdiction, Duration interval, List<String> windows) {
        return new SourceConfig("s", "rss", "https://example.org/", interval, jurisdiction, "en", Map.of(), null, null, null,
                null, null, null, null, null, null, null, null, null, null, windows, null);
    }

    private static Result fixed(List<Instant> published, Duration interval, Instant start, Instant end) {
        List<Duration> latencies = new ArrayList<>();
        int polls = 0;
        for (int phase = 0; phase < PHASES; phase++) {
            List<Instant> times = new ArrayList<>();
            for (Instant t = start.plus(interval.multipliedBy(phase).dividedBy(PHASES)); t.isBefore(end); t = t.plus(interval)) {
                times.add(t);
            }
            polls += times.size();
            latencies.addAll(latencies(published, times));
        }
        return summary("fixed every " + interval.toMinutes() + " min", polls / PHASES, latencies);
    }

    private static Result rhythm(List<Instant> published, SourceConfig source, SourceState state, Instant start, Instant end,
                                 String name) {
        PublishingRhythm rhythm = PublishingRhythm.of(source, state);
        List<Duration> latencies = new ArrayList<>();
        int polls = 0;
        for (int phase = 0; phase < PHASES; phase++) {
            List<Instant> times = new ArrayList<>();
            for (Instant t = start.plus(source.interval().multipliedBy(phase).dividedBy(PHASES)); t.isBefore(end);
                 t = t.plus(rhythm.next(t, source.interval()))) {
                times.add(t);
            }
            polls += times.size();
            latencies.addAll(latencies(published, times));
        }
        return summary(name, polls / PHASES, latencies);
    }

    /** For each publication, the wait until the first poll at or after it. */
    private static List<Duration> latencies(List<Instant> published, List<Instant> polls) {
        List<Duration> out = new ArrayList<>();
        int at = 0;
        for (Instant p : published) {
            while (at < polls.size() && polls.get(at).isBefore(p)) {
                at++;
            }
            if (at < polls.size()) {
                out.add(Duration.between(p, polls.get(at)));
            }
        }
        return out;
    }

    private static Result summary(String schedule, int polls, List<Duration> latencies) {
        List<Duration> sorted = latencies.stream().sorted().toList();
        return new Result(schedule, polls, sorted.get(sorted.size() / 2), sorted.get((int) Math.ceil(sorted.size() * 0.95) - 1));
    }

    private static void print(String publications, Result result) {
        System.out.printf("| %s | %s | %,d | %s | %s |%n", publications, result.schedule(), result.polls(),
                human(result.median()), human(result.p95()));
    }

    private static String human(Duration d) {
        long s = d.toSeconds();
        return s < 60 ? s + " s" : String.format("%d min %02d s", s / 60, s % 60);
    }
}
