package dev.myprofile.shared.config;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.time.Duration;
import java.util.Map;

/**
 * The one raw HTTP request deployed code makes: a GET of a small JSON document from the OpenID
 * provider (its discovery document, its UserInfo endpoint), which no AWS SDK client speaks for. Connect
 * and read timeouts, no redirects followed, and a size cap keep a slow, misdirected or misbehaving
 * endpoint from holding a request or the memory. Every AWS service is reached through its SDK client
 * instead (AwsAccessContractTest keeps it that way).
 */
public final class BoundedGet {
    private BoundedGet() {}

    /** Why a GET gave no document: the answer's status, an answer too large, or no answer. */
    public static final class Failed extends Exception {
        private final int status;

        private Failed(String reason, int status, Throwable cause) {
            super(reason, cause);
            this.status = status;
        }

        /** The status the endpoint answered, or 0 when it gave no usable answer. */
        public int status() {
            return status;
        }
    }

    /**
     * The body of a 200 answer to a GET of {@code uri} with {@code headers}; at most {@code maxBytes}.
     *
     * @throws Failed with the status when it is not 200, when the body is larger than {@code maxBytes},
     *                or when the endpoint could not be reached or read within {@code timeout}
     */
    public static byte[] fetch(URI uri, Map<String, String> headers, Duration timeout, int maxBytes) throws Failed {
        HttpURLConnection connection = null;
        try {
            connection = (HttpURLConnection) uri.toURL().openConnection();
            connection.setConnectTimeout((int) timeout.toMillis());
            connection.setReadTimeout((int) timeout.toMillis());
            connection.setInstanceFollowRedirects(false);
            for (Map.Entry<String, String> header : headers.entrySet()) {
                connection.setRequestProperty(header.getKey(), header.getValue());
            }
            int status = connection.getResponseCode();
            if (status != 200) {
                throw new Failed("answered " + status, status, null);
            }
            try (InputStream in = connection.getInputStream()) {
                byte[] document = in.readNBytes(maxBytes + 1);
                if (document.length > maxBytes) {
                    throw new Failed("is larger than " + maxBytes + " bytes", status, null);
                }
                return document;
            }
        } catch (IOException | IllegalArgumentException | ClassCastException e) {
            throw new Failed("could not be read: " + e, 0, e);
        } finally {
            if (connection != null) {
                connection.disconnect();
            }
        }
    }
}
