package chokepoint.ingest.fetch;

import chokepoint.config.IngestSettings;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The one HTTP client every source is fetched through: conditional GET, an identifying User-Agent, a pause
 * between requests to one host ({@link Politeness}), Retry-After read on refusals, redirects
 * followed by hand so that each hop passes the {@link AddressGuard}, a cap on the body and a wall-clock deadline
 * for the whole fetch (the JDK's request timeout covers only the headers, JDK-8208693).
 */
public final class GuardedHttpClient implements AutoCloseable {

    private final IngestSettings settings;
    private final AddressGuard guard;
    private final Politeness politeness;
    private final HttpClient client;
    private final ExecutorService bodyReaders = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "chokepoint-fetch-body");
        thread.setDaemon(true);
        return thread;
    });

    public GuardedHttpClient(IngestSettings settings) {
        this.settings = settings;
        this.guard = new AddressGuard(settings.allowedPrivate());
        this.politeness = new Politeness(settings.politenessDelay());
        this.client = HttpClient.newBuilder()
                .connectTimeout(settings.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /**
     * @param etag         validator from the previous fetch, or null
     * @param lastModified validator from the previous fetch, or null
     */
    public FetchResult get(URI uri, String etag, String lastModified) throws FetchRefused {
        long deadline = System.nanoTime() + settings.fetchDeadline().toNanos();
        URI current = uri;
        for (int hop = 0; hop <= settings.maxRedirects(); hop++) {
            guard.check(current);
            politeness.await(current.getHost(), deadline);
            HttpRequest.Builder request = HttpRequest.newBuilder(current)
                    .timeout(remaining(deadline))
                    .header("User-Agent", settings.userAgent())
                    .header("Accept", "application/rss+xml, application/atom+xml, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5")
                    .GET();
            if (etag != null) {
                request.header("If-None-Match", etag);
            }
            if (lastModified != null) {
                request.header("If-Modified-Since", lastModified);
            }
            HttpResponse<InputStream> response = send(request.build());
            int status = response.statusCode();
            if (status >= 300 && status < 400 && status != 304) {
                String location = response.headers().firstValue("Location").orElse(null);
                closeQuietly(response.body());
                if (location == null) {
                    throw new FetchRefused("redirect " + status + " without Location", status);
                }
                current = current.resolve(location.trim());
                continue;
            }
            if (status == 304) {
                closeQuietly(response.body());
                return new FetchResult(304, new byte[0], null, etag, lastModified, current);
            }
            if (status != 200) {
                closeQuietly(response.body());
                throw new FetchRefused("HTTP " + status + " from " + current.getHost(), status,
                        RetryAfter.parse(response.headers().firstValue("Retry-After").orElse(null)));
            }
            byte[] body = readCapped(response.body(), deadline);
            return new FetchResult(200, body, response.headers().firstValue("Content-Type").orElse(null),
                    response.headers().firstValue("ETag").orElse(null),
                    response.headers().firstValue("Last-Modified").orElse(null), current);
        }
        throw new FetchRefused("more than " + settings.maxRedirects() + " redirects");
    }

    private HttpResponse<InputStream> send(HttpRequest request) throws FetchRefused {
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (java.net.http.HttpTimeoutException e) {
            throw new FetchRefused("timed out waiting for " + request.uri().getHost());
        } catch (IOException e) {
            throw new FetchRefused("cannot fetch from " + request.uri().getHost() + ": " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FetchRefused("interrupted");
        }
    }

    private byte[] readCapped(InputStream in, long deadline) throws FetchRefused {
        Future<byte[]> reading = bodyReaders.submit(() -> {
            try (in) {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                byte[] buffer = new byte[16384];
                int n;
                while ((n = in.read(buffer)) != -1) {
                    if (out.size() + n > settings.maxBodyBytes()) {
                        throw new FetchRefused("body larger than " + settings.maxBodyBytes() + " bytes");
                    }
                    out.write(buffer, 0, n);
                }
                return out.toByteArray();
            }
        });
        try {
            return reading.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            reading.cancel(true);
            closeQuietly(in);
            throw new FetchRefused("fetch deadline of " + settings.fetchDeadline().toSeconds() + "s passed while reading the body");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof FetchRefused refused) {
                throw refused;
            }
            throw new FetchRefused("cannot read body: " + e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FetchRefused("interrupted");
        }
    }

    private static Duration remaining(long deadline) throws FetchRefused {
        long nanos = deadline - System.nanoTime();
        if (nanos <= 0) {
            throw new FetchRefused("fetch deadline passed");
        }
        return Duration.ofNanos(nanos);
    }

    private static void closeQuietly(InputStream in) {
        try {
            in.close();
        } catch (IOException ignored) {
            // Nothing more to learn from a body we are discarding.
        }
    }

    @Override
    public void close() {
        bodyReaders.shutdownNow();
    }
}
