package chokepoint.ingest.fetch;

import chokepoint.config.IngestSettings;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.util.Timeout;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

/**
 * The one HTTP client every source is fetched through (Apache HttpClient 5): conditional GET, an identifying
 * User-Agent, a pause between requests to one host ({@link Politeness}), Retry-After read on refusals, redirects
 * followed by hand so that each hop passes the {@link AddressGuard}, connections made only to addresses the
 * {@link CheckedDnsResolver} checked (DNS rebinding), no transparent decompression (so no decompression bomb), a cap
 * on the body and a wall-clock deadline for the whole fetch.
 */
public final class GuardedHttpClient implements AutoCloseable {

    private final IngestSettings settings;
    private final AddressGuard guard;
    private final Politeness politeness;
    private final CloseableHttpClient client;
    private final ExecutorService bodyReaders = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "chokepoint-fetch-body");
        thread.setDaemon(true);
        return thread;
    });

    public GuardedHttpClient(IngestSettings settings) {
        this.settings = settings;
        this.guard = new AddressGuard(settings.allowedPrivate());
        this.politeness = new Politeness(settings.politenessDelay());
        Set<String> allowedHosts = settings.allowedPrivate().stream()
                .map(hostPort -> hostPort.substring(0, hostPort.lastIndexOf(':')).toLowerCase(Locale.ROOT))
                .collect(Collectors.toSet());
        this.client = HttpClients.custom()
                .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
                        .setDnsResolver(CheckedDnsResolver.system(allowedHosts))
                        .setDefaultConnectionConfig(ConnectionConfig.custom()
                                .setConnectTimeout(Timeout.of(settings.connectTimeout()))
                                .setSocketTimeout(Timeout.of(settings.fetchDeadline()))
                                .build())
                        .setMaxConnTotal(64)
                        .setMaxConnPerRoute(4)
                        .build())
                .disableRedirectHandling()
                .disableContentCompression()
                .disableAutomaticRetries()
                .disableCookieManagement()
                .setUserAgent(settings.userAgent())
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
            HttpGet request = new HttpGet(current);
            request.setConfig(RequestConfig.custom()
                    .setResponseTimeout(Timeout.ofMilliseconds(Math.max(1, remainingMillis(deadline))))
                    .setRedirectsEnabled(false)
                    .build());
            request.setHeader("Accept", "application/rss+xml, application/atom+xml, application/json;q=0.9, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5");
            if (etag != null) {
                request.setHeader("If-None-Match", etag);
            }
            if (lastModified != null) {
                request.setHeader("If-Modified-Since", lastModified);
            }
            ClassicHttpResponse response = send(request);
            int status = response.getCode();
            if (status >= 300 && status < 400 && status != 304) {
                String location = header(response, "Location");
                close(response);
                if (location == null) {
                    throw new FetchRefused("redirect " + status + " without Location", status);
                }
                current = current.resolve(location.trim());
                continue;
            }
            if (status == 304) {
                close(response);
                return new FetchResult(304, new byte[0], null, etag, lastModified, current);
            }
            if (status != 200) {
                String retryAfter = header(response, "Retry-After");
                close(response);
                throw new FetchRefused("HTTP " + status + " from " + current.getHost(), status, RetryAfter.parse(retryAfter));
            }
            byte[] body = readCapped(request, response, deadline);
            return new FetchResult(200, body, header(response, "Content-Type"), header(response, "ETag"),
                    header(response, "Last-Modified"), current);
        }
        throw new FetchRefused("more than " + settings.maxRedirects() + " redirects");
    }

    private ClassicHttpResponse send(HttpGet request) throws FetchRefused {
        try {
            return client.executeOpen(null, request, null);
        } catch (CheckedDnsResolver.Refused e) {
            throw new FetchRefused(e.getMessage());
        } catch (java.net.SocketTimeoutException e) {
            throw new FetchRefused("timed out waiting for " + request.getAuthority().getHostName());
        } catch (IOException e) {
            Throwable cause = e.getCause();
            if (cause instanceof CheckedDnsResolver.Refused refused) {
                throw new FetchRefused(refused.getMessage());
            }
            throw new FetchRefused("cannot fetch from " + request.getAuthority().getHostName() + ": " + e);
        }
    }

    private byte[] readCapped(HttpGet request, ClassicHttpResponse response, long deadline) throws FetchRefused {
        HttpEntity entity = response.getEntity();
        if (entity == null) {
            close(response);
            return new byte[0];
        }
        Future<byte[]> reading = bodyReaders.submit(() -> {
            try (InputStream in = entity.getContent()) {
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
            request.cancel();
            reading.cancel(true);
            throw new FetchRefused("fetch deadline of " + settings.fetchDeadline().toSeconds() + "s passed while reading the body");
        } catch (ExecutionException e) {
            request.cancel();
            if (e.getCause() instanceof FetchRefused refused) {
                throw refused;
            }
            throw new FetchRefused("cannot read body: " + e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FetchRefused("interrupted");
        } finally {
            close(response);
        }
    }

    private static String header(ClassicHttpResponse response, String name) {
        Header header = response.getFirstHeader(name);
        return header == null ? null : header.getValue();
    }

    private static long remainingMillis(long deadline) throws FetchRefused {
        long nanos = deadline - System.nanoTime();
        if (nanos <= 0) {
            throw new FetchRefused("fetch deadline passed");
        }
        return nanos / 1_000_000;
    }

    private static void close(ClassicHttpResponse response) {
        try {
            response.close();
        } catch (IOException ignored) {
            // Nothing more to learn from a response we are discarding.
        }
    }

    @Override
    public void close() {
        bodyReaders.shutdownNow();
        try {
            client.close();
        } catch (IOException ignored) {
            // Closing idle connections on the way out.
        }
    }
}
